"""A snapshot changed in place after the app's own write equals the portfolio read afresh.

The app answers a key without reading the whole portfolio again: it asks the snapshot it has for
the next one (``Snapshot.with_rating``, ``with_evidence``, ...). These tests apply random
sequences of writes both to a real store and to a snapshot, and compare what every surface
reads: the index, the ratings, notes and answers, and every number of the assessment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promo_planner.core.readiness import Assessment
from promo_planner.core.records import CriterionLink, EvidenceDraft, Plan
from promo_planner.core.snapshot import Snapshot, read_snapshot
from promo_planner.core.store import Store
from tests.core.sample_ladder import SAMPLE, sample_guideline

TODAY = dt.date(2026, 3, 31)
# Six months' window, so evidence dated around 2025-09-30 moves in and out of what counts.
WINDOWED = SAMPLE.replace(
    "  readiness_threshold: 80\n",
    "  readiness_threshold: 80\n  evidence_window_months: 6\n",
)
CRITERIA = ("craft.testing", "people.mentoring", "craft.design", "people.feedback", "gone.id")
DAYS = st.integers(-400, 0).map(lambda d: TODAY + dt.timedelta(days=d))
LINKS = st.lists(
    st.tuples(st.sampled_from(CRITERIA[:4]), st.sampled_from(["full", "partial"])),
    max_size=3,
    unique_by=lambda pair: pair[0],
)

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), DAYS, LINKS),
        st.tuples(st.just("edit"), st.integers(0, 30), DAYS, LINKS),
        st.tuples(st.just("remove"), st.integers(0, 30)),
        st.tuples(st.just("link"), st.integers(0, 30), st.sampled_from(CRITERIA[:4])),
        st.tuples(st.just("unlink"), st.integers(0, 30)),
        st.tuples(
            st.just("rate"),
            st.sampled_from(CRITERIA[:4]),
            st.sampled_from(["self", "manager"]),
            st.sampled_from(["up", "down", "clear"]),
            DAYS,
        ),
        st.tuples(st.just("unrate"), st.integers(0, 30)),
        st.tuples(st.just("note"), st.text("abc ", min_size=1, max_size=5).filter(str.strip)),
        st.tuples(st.just("unnote"), st.integers(0, 30)),
        st.tuples(
            st.just("answer"), st.sampled_from(["lack", "risks"]), st.sampled_from(["", "x"])
        ),
    ),
    max_size=12,
)


def _measured(a: Assessment) -> list[object]:
    rows = [
        (
            cp.criterion.id,
            cp.progress,
            cp.claimed,
            cp.status,
            cp.evidence_ids,
            cp.uncounted_ids,
            cp.disputed,
            cp.rerate,
            cp.held,
        )
        for cp in a.criteria
    ]
    return [a.readiness, a.readiness_claimed, a.ready, a.orphan_links, rows]


def _same(changed: Snapshot, fresh: Snapshot) -> None:
    assert changed.index == fresh.index
    assert changed.ratings == fresh.ratings
    assert changed.notes == fresh.notes
    assert changed.answers == fresh.answers
    assert _measured(changed.assessment) == _measured(fresh.assessment)
    assert [i.criterion_id for i in changed.path.items] == [
        i.criterion_id for i in fresh.path.items
    ]
    # After a removal the snapshot cannot know the next-older item; otherwise equal.
    assert [e.id for e in changed.recent] == [e.id for e in fresh.recent][: len(changed.recent)]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPERATIONS)
def test_a_snapshot_changed_here_equals_the_portfolio_read_again(
    tmp_path: Path, operations: list[tuple[object, ...]]
) -> None:
    path = tmp_path / f"p{len(list(tmp_path.iterdir()))}.db"
    with Store.open(path, create=True) as store:
        store.set_plan(Plan("sample", "1", "L2", "L3-ic"), sample_guideline(WINDOWED))
        snapshot = read_snapshot(store, TODAY, recent=5)
        assert snapshot is not None
        snapshot.assessment  # noqa: B018 - tallies made, so the changes re-tally incrementally
        for op in operations:
            ids = [e[0] for e in snapshot.index]
            kind = op[0]
            if kind == "add":
                draft = EvidenceDraft(
                    "Item", op[1], criteria=tuple(CriterionLink(c, s) for c, s in op[2])
                )
                snapshot = snapshot.with_evidence(store.add_evidence(draft, today=TODAY))
            elif kind == "edit" and ids:
                target = ids[op[1] % len(ids)]
                draft = EvidenceDraft(
                    "Edited", op[2], criteria=tuple(CriterionLink(c, s) for c, s in op[3])
                )
                snapshot = snapshot.with_evidence(store.update_evidence(target, draft, today=TODAY))
            elif kind == "remove" and ids:
                target = ids[op[1] % len(ids)]
                store.remove_evidence(target)
                snapshot = snapshot.without_evidence(target)
            elif kind == "link" and ids:
                target = ids[op[1] % len(ids)]
                store.link(target, op[2], "partial", today=TODAY)
                snapshot = snapshot.with_links(target, store.evidence(target).criteria)
            elif kind == "unlink" and ids:
                target = ids[op[1] % len(ids)]
                links = store.evidence(target).criteria
                if links:
                    store.unlink(target, links[0].criterion_id)
                    snapshot = snapshot.with_links(target, store.evidence(target).criteria)
            elif kind == "rate":
                value = None if op[3] == "clear" else op[3]
                rating = store.rate(op[1], op[2], value, on=op[4])  # type: ignore[arg-type]
                snapshot = snapshot.with_rating(rating)
            elif kind == "unrate" and snapshot.ratings:
                gone = snapshot.ratings[op[1] % len(snapshot.ratings)]
                store.unrate(gone.id)
                snapshot = snapshot.without_rating(gone.id)
            elif kind == "note":
                snapshot = snapshot.with_note(store.add_note(str(op[1]), TODAY))
            elif kind == "unnote" and snapshot.notes:
                gone_note = snapshot.notes[op[1] % len(snapshot.notes)]
                store.remove_note(gone_note.id)
                snapshot = snapshot.without_note(gone_note.id)
            elif kind == "answer":
                store.set_answer(str(op[1]), str(op[2]))
                snapshot = snapshot.with_answer(str(op[1]), str(op[2]))
            fresh = read_snapshot(store, TODAY, recent=5)
            assert fresh is not None
            _same(snapshot, fresh)


def test_a_rating_reads_no_link_again(tmp_path: Path) -> None:
    """A rating keeps the tallies: re-measuring after it reads no evidence."""
    with Store.open(tmp_path / "p.db", create=True) as store:
        store.set_plan(Plan("sample", "1", "L2", "L3-ic"), sample_guideline(WINDOWED))
        store.add_evidence(
            EvidenceDraft("A", TODAY, criteria=(CriterionLink("craft.design"),)), today=TODAY
        )
        snapshot = read_snapshot(store, TODAY)
        assert snapshot is not None
        before = snapshot.tallies
        after = snapshot.with_rating(store.rate("craft.design", "manager", "down", on=TODAY))
        assert after.__dict__["tallies"] is before
        assert after.assessment.by_id["craft.design"].disputed
        assert replace(after) is not after  # a new value, the old snapshot unchanged
        assert not snapshot.assessment.by_id["craft.design"].disputed


def test_removing_and_relinking_re_tally_only_what_changed(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db", create=True) as store:
        store.set_plan(Plan("sample", "1", "L2", "L3-ic"), sample_guideline(WINDOWED))
        first = store.add_evidence(
            EvidenceDraft("A", TODAY, criteria=(CriterionLink("craft.design"),)), today=TODAY
        )
        second = store.add_evidence(
            EvidenceDraft("B", TODAY, criteria=(CriterionLink("people.feedback"),)), today=TODAY
        )
        snapshot = read_snapshot(store, TODAY)
        assert snapshot is not None
        snapshot.assessment  # noqa: B018
        store.remove_evidence(first.id)
        snapshot = snapshot.without_evidence(first.id)
        store.unlink(second.id, "people.feedback")
        store.link(second.id, "craft.design", "partial", today=TODAY)
        snapshot = snapshot.with_links(second.id, store.evidence(second.id).criteria)
        fresh = read_snapshot(store, TODAY)
        assert fresh is not None
        _same(snapshot, fresh)
        assert snapshot.assessment.by_id["craft.design"].evidence_ids == (second.id,)
        assert snapshot.assessment.by_id["people.feedback"].evidence_ids == ()


def test_readiness_is_measured_from_the_rows_and_the_index_made_only_when_asked(
    tmp_path: Path,
) -> None:
    # The first frame and `gaps` need the readiness, not 20,000 link objects.
    from promo_planner.core.snapshot import LazyIndex

    with Store.open(tmp_path / "p.db", create=True) as store:
        store.set_plan(Plan("sample", "1", "L2", "L3-ic"), sample_guideline(WINDOWED))
        for n, day in enumerate((-300, -200, -10, -1)):  # the first two outside the window
            store.add_evidence(
                EvidenceDraft(
                    f"Item {n}",
                    TODAY + dt.timedelta(days=day),
                    criteria=(CriterionLink(CRITERIA[n % 4]), CriterionLink(CRITERIA[3 - n % 4])),
                ),
                today=TODAY,
            )
        quick = read_snapshot(store, TODAY)
        whole = read_snapshot(store, TODAY, full_evidence=True)
        assert quick is not None and whole is not None
        assert isinstance(quick.index, LazyIndex)
        assert len(quick.index) == 4
        assert quick.tallies == whole.tallies and quick.assessment == whole.assessment
        assert quick.evidence_dates == whole.evidence_dates  # the check-in form's sort
        assert quick.evidence_dates == {e.id: e.date for e in whole.evidence or ()}
        assert quick.index.rows is not None  # measured without making the index
        assert quick.index == whole.index == tuple(store.evidence_index())
        assert quick.index.rows is None  # made once it was looked at
        assert [e[0] for e in quick.index[:2]] == [e[0] for e in whole.index[:2]]
