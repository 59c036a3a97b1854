"""Readiness and statuses through the store on a hand-computed example (SPEC section 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from promo_planner.core.ladder import Guideline
from promo_planner.core.records import CriterionLink, EvidenceDraft, Plan
from promo_planner.core.store import Store
from tests.core.sample_ladder import SAMPLE_V2, sample_guideline
from tests.helpers import assessment

DAY = dt.date(2026, 3, 1)


def _add(store: Store, title: str, *links: tuple[str, str]) -> int:
    draft = EvidenceDraft(
        title=title,
        date=DAY,
        criteria=tuple(CriterionLink(c, s) for c, s in links),  # type: ignore[arg-type]
    )
    return store.add_evidence(draft).id


def test_partial_links_superseded_criteria_and_weights(store: Store) -> None:
    e1 = _add(store, "Test suite for billing", ("craft.testing", "full"), ("craft.basics", "full"))
    e2 = _add(store, "Flaky test hunt", ("craft.testing", "partial"))
    e3 = _add(store, "Cache design sketch", ("craft.design", "partial"))
    _add(store, "Fixed a bug", ("craft.basics", "full"))
    e5 = _add(store, "Mentored Ana", ("people.mentoring", "full"))

    found = assessment(store)
    by_id = found.by_id
    # craft.basics is superseded by craft.design: not required, and its two full links do not
    # count for craft.design (which would otherwise be met).
    assert list(by_id) == ["craft.testing", "people.mentoring", "craft.design", "people.feedback"]
    assert (by_id["craft.testing"].status, float(by_id["craft.testing"].progress)) == (
        "partial",
        0.75,
    )
    assert by_id["craft.testing"].evidence_ids == (e1, e2)
    assert by_id["people.mentoring"].status == "met"
    assert by_id["people.mentoring"].evidence_ids == (e5,)
    assert (by_id["craft.design"].status, float(by_id["craft.design"].progress)) == (
        "partial",
        0.25,
    )
    assert by_id["craft.design"].evidence_ids == (e3,)
    assert by_id["people.feedback"].status == "missing"
    # 100 * (2*0.75 + 1*1 + 3*0.25 + 1*0) / 7 = 46.43 -> 46.4; threshold from the guideline
    assert found.readiness == Decimal("46.4")
    assert found.threshold == Decimal(80)
    assert not found.ready
    assert [cp.criterion.id for cp in found.gaps] == [
        "craft.testing",
        "craft.design",
        "people.feedback",
    ]

    _add(store, "Designed the queue", ("craft.design", "full"))
    _add(store, "Designed the cache", ("craft.design", "full"))
    # craft.design: min(1, (2 + 0.5) / 2) = 1 -> 100 * 5.5 / 7 = 78.57 -> 78.6
    assert assessment(store).readiness == Decimal("78.6")
    _add(store, "Feedback to a peer", ("people.feedback", "partial"))
    # + 1 * 0.5 -> 100 * 6 / 7 = 85.71 -> 85.7 >= 80
    found = assessment(store)
    assert found.readiness == Decimal("85.7")
    assert found.ready


def test_plan_threshold_overrides_the_guideline(store: Store) -> None:
    _add(store, "Mentored Ana", ("people.mentoring", "full"))
    plan = store.require_plan()
    from dataclasses import replace

    store.set_plan(replace(plan, readiness_threshold=Decimal("14")), store.guideline())
    found = assessment(store)
    assert found.readiness == Decimal("14.3")  # 100 * 1 / 7
    assert found.threshold == Decimal(14)
    assert found.ready


def test_replan_keeps_evidence_and_reports_orphan_links(store: Store) -> None:
    e1 = _add(store, "Test suite", ("craft.testing", "full"))
    e2 = _add(store, "Design", ("craft.design", "full"))
    before = assessment(store).readiness

    store.set_plan(Plan("sample", "2", "L1", "L3-ic"), sample_guideline(SAMPLE_V2))
    found = assessment(store)
    assert store.count_evidence() == 2
    assert found.orphan_links == ((e1, "craft.testing", "full"),)
    assert found.by_id["craft.quality"].status == "missing"
    assert found.by_id["craft.design"].evidence_ids == (e2,)
    assert found.readiness < before
    # The orphan link is still stored: planning back onto the first ladder counts it again.
    assert (e1, "craft.testing", "full") in store.links()
    store.set_plan(Plan("sample", "1", "L1", "L3-ic"), sample_guideline())
    assert assessment(store).readiness == before
    assert assessment(store).orphan_links == ()


def test_no_plan_is_one_clear_input_error(tmp_path: Path) -> None:
    from promo_planner.core.errors import InputError

    with Store.open(tmp_path / "p.db", create=True) as empty, pytest.raises(InputError) as caught:
        assessment(empty)
    assert caught.value.lines == [
        "no plan yet: run promo-planner init --guideline ... --current ... --target ..."
    ]


def test_gain_if_closed_is_the_readiness_after_meeting_those_criteria(
    ladder: Guideline,
) -> None:
    from promo_planner.core.readiness import assess

    before = assess(ladder, "L3", "L6-ic", [])
    gaps = [cp.criterion.id for cp in before.gaps]
    half = gaps[: len(gaps) // 2]
    # Meeting them for real: as many pieces of evidence, each linked fully, as each requires.
    links = [
        (1000 * n + k, cid, "full")
        for n, cid in enumerate(half)
        for k in range(before.by_id[cid].criterion.evidence_required)
    ]
    after = assess(ladder, "L3", "L6-ic", links)
    assert before.readiness_exact + before.gain_if_closed(half) == after.readiness_exact
    assert before.gain_if_closed(["not.required"]) == 0
    assert before.readiness_exact + before.gain_if_closed(gaps) == 100


def test_tallying_a_snapshots_index_equals_tallying_its_link_facts() -> None:
    # The snapshot tallies the rows it read (tally_rows); every other caller passes facts
    # (tally). Both must count the same: the window, orphans, strengths and moments.
    import random
    from dataclasses import replace

    from promo_planner.core.loader import resolve_guideline
    from promo_planner.core.readiness import tally, tally_rows

    bundled = resolve_guideline("software-engineer")  # an 18-month evidence window
    first = replace(bundled.criteria[0], aliases=("old.name",))  # a renamed criterion
    guideline = replace(bundled, criteria=(first, *bundled.criteria[1:]))
    ids = [c.id for c in guideline.criteria] + ["gone.criterion"]
    aliases = ["old.name"] * 20
    pick = random.Random(3)
    today = dt.date(2026, 6, 1)
    entries = []
    for evidence_id in range(1, 80):
        day = today - dt.timedelta(days=pick.randrange(2000))  # some outside the window
        links = tuple(
            CriterionLink(
                criterion,
                pick.choice(["full", "partial"]),
                day,
                dt.datetime(2026, 1, 1) + dt.timedelta(minutes=evidence_id),
            )
            for criterion in pick.sample(ids + aliases, 3)
        )
        entries.append((evidence_id, day, links))
    facts = [
        (evidence_id, link.criterion_id, link.strength, day, link.when)
        for evidence_id, day, links in entries
        for link in links
    ]
    # From the rows an index is read as (what the first frame and `gaps` measure).
    read = (
        [(evidence_id, day.isoformat()) for evidence_id, day, _ in entries],
        [
            (
                evidence_id,
                link.criterion_id,
                link.strength,
                link.linked_on.isoformat() if link.linked_on else None,
                link.linked_at.isoformat() if link.linked_at else None,
            )
            for evidence_id, _, links in entries
            for link in links
        ],
    )
    assert tally_rows(guideline, read, today) == tally(guideline, facts, today)
    # Links come in the order linked, which need not follow the evidence ids.
    later_first = (read[0], sorted(read[1], key=lambda row: -row[0]))
    assert tally_rows(guideline, later_first, today) == tally(guideline, facts, today)
    tallies = tally_rows(guideline, read, today)
    assert tallies.orphans  # the unknown id is reported
    assert any(t.uncounted for t in tallies.by_criterion.values())  # the window applied
    assert any(e for e in tallies.by_criterion[first.id].counted)  # the alias counted
