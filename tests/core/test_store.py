"""The portfolio store: files, plan and guideline copy, evidence rules, search, the rest."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from promo_planner.core.errors import InputError
from promo_planner.core.records import CriterionLink, EvidenceDraft, Plan
from promo_planner.core.schema import SCHEMA_VERSION
from promo_planner.core.store import Store
from tests.core.sample_ladder import SAMPLE, sample_guideline

DAY = dt.date(2026, 3, 1)


def _draft(title: str = "Shipped it", **kw: object) -> EvidenceDraft:
    return EvidenceDraft(title=title, date=kw.pop("date", DAY), **kw)  # type: ignore[arg-type]


def test_new_file_is_private_and_its_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "portfolio.db"
    with Store.open(path, create=True) as store:
        store.add_evidence(_draft())
        for name in ("portfolio.db", "portfolio.db-wal", "portfolio.db-shm"):
            mode = stat.S_IMODE(os.stat(path.parent / name).st_mode)
            assert mode == 0o600, (name, oct(mode))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_file_that_is_not_a_portfolio_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database, just some text that is long enough\n" * 20)
    with pytest.raises(InputError) as caught:
        Store.open(path, create=True)
    assert len(caught.value.lines) == 1
    assert "not a promo-planner portfolio" in caught.value.lines[0]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    Store.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(InputError, match="newer than this promo-planner"):
        Store.open(path, create=True)


def test_plan_and_guideline_copy_survive_the_file_changing(tmp_path: Path) -> None:
    ladder = tmp_path / "ladder.yaml"
    ladder.write_text(SAMPLE)
    from promo_planner.core.loader import load_guideline

    with Store.open(tmp_path / "p.db", create=True) as store:
        plan = store.set_plan(
            Plan("sample", "1", "L2", "L3-ic", dt.date(2027, 1, 31), 3, 6, 1, Decimal("92.5")),
            load_guideline(ladder),
        )
    ladder.write_text(SAMPLE.replace("Designs systems", "Something else"))
    ladder.unlink()
    with Store.open(tmp_path / "p.db", create=True) as store:
        assert store.plan() == plan
        assert store.guideline().criterion_by_id["craft.design"].title == "Designs systems"
        assert store.guideline().source == SAMPLE


def test_plan_levels_are_checked(store: Store) -> None:
    with pytest.raises(InputError, match="unknown level 'L9'"):
        store.set_plan(Plan("sample", "1", "L2", "L9"), sample_guideline())
    with pytest.raises(InputError, match="not a promotion from 'L3-ic'"):
        store.set_plan(Plan("sample", "1", "L3-ic", "L3-em"), sample_guideline())
    assert store.require_plan().target_level == "L3-ic"


def test_evidence_round_trips_with_links_in_order(store: Store) -> None:
    draft = _draft(
        "  Led the cache redesign  ",
        description="Two lines\nof text",
        impact=(" p95 -40% ", "cost -10%"),
        links=("https://example.com/doc", "mailto:lead@example.com"),
        tags=("cache", "design"),
        kind="project",
        criteria=(CriterionLink("craft.design"), CriterionLink("craft.testing", "partial")),
    )
    added = store.add_evidence(draft)
    assert added.title == "Led the cache redesign"
    assert added.impact == ("p95 -40%", "cost -10%")
    assert store.evidence(added.id) == added
    assert store.links() == [
        (added.id, "craft.design", "full"),
        (added.id, "craft.testing", "partial"),
    ]


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (_draft("   "), "evidence title: must not be empty"),
        (_draft(links=("not a url",)), "evidence links[0]: 'not a url' is not a URL"),
        (_draft(links=("https://",)), "evidence links[0]: 'https://' has no host"),
        (_draft(tags=("ok", " ")), "evidence tags[1]: a tag must not be empty"),
        (_draft(impact=("",)), "evidence impact[0]: an impact data point must not be empty"),
        (
            _draft(criteria=(CriterionLink("craft.design"), CriterionLink("craft.design"))),
            "evidence criteria[1]: criterion 'craft.design' linked twice",
        ),
        (
            _draft(criteria=(CriterionLink("craft.nope"),)),
            "criterion 'craft.nope': not in guideline sample 1",
        ),
        (_draft(date=dt.datetime(2026, 1, 1, 10, 0)), "evidence date: "),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_written(
    store: Store, draft: EvidenceDraft, message: str
) -> None:
    version = store.data_version()
    with pytest.raises(InputError) as caught:
        store.add_evidence(draft)
    assert len(caught.value.lines) == 1
    assert caught.value.lines[0].startswith(message)
    assert store.count_evidence() == 0
    assert store.data_version() == version


def test_links_need_a_plan_but_plain_evidence_does_not(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db", create=True) as store:
        store.add_evidence(_draft())
        with pytest.raises(InputError, match="no plan yet"):
            store.add_evidence(_draft(criteria=(CriterionLink("craft.design"),)))
        assert store.count_evidence() == 1


def test_link_unlink_and_relink_sets_strength(store: Store) -> None:
    item = store.add_evidence(_draft())
    store.link(item.id, "craft.design", "partial")
    store.link(item.id, "craft.design", "full")
    assert store.links() == [(item.id, "craft.design", "full")]
    with pytest.raises(InputError, match="not in guideline"):
        store.link(item.id, "craft.nope")
    with pytest.raises(InputError, match="no such evidence"):
        store.link(999, "craft.design")
    store.unlink(item.id, "craft.design")
    assert store.links() == []
    with pytest.raises(InputError, match=r"not linked to 'craft\.design'"):
        store.unlink(item.id, "craft.design")


def test_list_is_newest_first_searchable_and_pageable(store: Store) -> None:
    ids = []
    for i in range(30):
        ids.append(
            store.add_evidence(
                _draft(
                    f"Item {i}",
                    date=DAY + dt.timedelta(days=i % 10),
                    tags=("odd",) if i % 2 else ("even",),
                    impact=("50% faster",) if i == 7 else (),
                )
            ).id
        )
    listed = store.list_evidence()
    keys = [(e.date, e.id) for e in listed]
    assert keys == sorted(keys, reverse=True)
    assert [e.id for e in store.list_evidence(limit=10, offset=10)] == [e.id for e in listed[10:20]]
    assert store.count_evidence() == 30
    assert store.count_evidence("ODD") == 15  # case-insensitive, tags searched
    assert [e.title for e in store.list_evidence(search="item 17")] == ["Item 17"]
    assert [e.title for e in store.list_evidence(search="50%")] == ["Item 7"]  # % is literal
    assert store.list_evidence(search="5_%") == []
    assert [e.title for e in store.list_evidence(search="faster odd")] == ["Item 7"]
    assert store.count_evidence("Item odd EVEN") == 0  # every word must match


def test_search_ignores_case_beyond_ascii_and_finds_every_field(store: Store) -> None:
    found = store.add_evidence(
        _draft(
            "Ärger mit dem Cache",
            description="Straße gesperrt",
            kind="Incident",
            tags=("ÉTÉ",),
            impact=("Latenz −40 %",),
        )
    )
    store.add_evidence(_draft("Something else"))
    for term in ("ärger", "STRASSE", "incident", "été", "latenz −40"):
        assert [e.id for e in store.list_evidence(search=term)] == [found.id], term


def test_remove_then_restore_brings_back_the_same_item(store: Store) -> None:
    item = store.add_evidence(_draft(criteria=(CriterionLink("craft.design", "partial"),)))
    removed = store.remove_evidence(item.id)
    assert removed == item
    assert store.links() == []
    with pytest.raises(InputError, match="no such evidence"):
        store.evidence(item.id)
    newer = store.add_evidence(_draft("Another"))
    assert newer.id != item.id  # a removed id is never reused, so undo stays safe
    store.restore_evidence(removed)
    assert store.evidence(item.id) == item
    assert (item.id, "craft.design", "partial") in store.links()


def test_update_keeps_orphan_links_but_refuses_new_unknown_ones(store: Store) -> None:
    from tests.core.sample_ladder import SAMPLE_V2

    item = store.add_evidence(_draft(criteria=(CriterionLink("craft.testing"),)))
    store.set_plan(Plan("sample", "2", "L2", "L3-ic"), sample_guideline(SAMPLE_V2))
    updated = store.update_evidence(item.id, _draft("Renamed", criteria=item.criteria))
    assert updated.title == "Renamed"
    assert updated.created_at == item.created_at
    assert store.links() == [(item.id, "craft.testing", "full")]
    with pytest.raises(InputError, match=r"craft\.basics2"):
        store.update_evidence(
            item.id, _draft(criteria=(*item.criteria, CriterionLink("craft.basics2")))
        )


def test_ratings_keep_their_history_and_the_latest_counts(store: Store) -> None:
    from promo_planner.core.records import latest_ratings

    store.rate("craft.design", "self", "up", on=DAY)
    store.rate("craft.design", "manager", "down", note=" not yet ", on=DAY)
    store.rate("craft.design", "self", "down", on=DAY + dt.timedelta(days=1))
    history = store.ratings()
    # Nothing is overwritten: three ratings, in the order entered, each dated.
    assert [(r.who, r.value, r.note, r.rated_on) for r in history] == [
        ("self", "up", "", DAY),
        ("manager", "down", "not yet", DAY),
        ("self", "down", "", DAY + dt.timedelta(days=1)),
    ]
    latest = latest_ratings(history)
    assert latest["craft.design", "self"].value == "down"
    assert latest["craft.design", "manager"].note == "not yet"
    # A rating dated earlier than the latest does not win by being entered later.
    store.rate("craft.design", "self", "up", on=DAY - dt.timedelta(days=5))
    assert latest_ratings(store.ratings())["craft.design", "self"].value == "down"
    # clear withdraws the side's rating from that point on, and is kept in the history too.
    cleared = store.rate("craft.design", "self", None, on=DAY + dt.timedelta(days=2))
    assert cleared.value == "clear"
    assert ("craft.design", "self") not in latest_ratings(store.ratings())
    assert len(store.ratings()) == 5
    # Undo of a rating takes exactly that entry back.
    store.unrate(cleared.id)
    assert latest_ratings(store.ratings())["craft.design", "self"].value == "down"
    with pytest.raises(InputError, match="not in guideline"):
        store.rate("craft.nope", "self", "up")


def test_answers_notes_profile_and_checkins(store: Store) -> None:
    from promo_planner.core.records import Checkin, Profile

    store.set_answer("risks", "The migration could slip")
    assert store.set_answer("lack", "Cross-team scope") == ""
    assert list(store.answers()) == ["lack", "risks"]  # question order
    assert store.set_answer("risks", "  ") == "The migration could slip"
    assert store.answers() == {"lack": "Cross-team scope"}
    store.set_answer("lack", "A platform migration to lead", who="manager")
    assert store.answers() == {"lack": "Cross-team scope"}
    assert store.answers("manager") == {"lack": "A platform migration to lead"}
    with pytest.raises(InputError, match="question 'why': unknown"):
        store.set_answer("why", "x")

    late = store.add_note("Second", DAY + dt.timedelta(days=2))
    early = store.add_note("First", DAY)
    assert [n.text for n in store.notes()] == ["First", "Second"]
    assert store.remove_note(late.id) == late
    assert store.notes() == [early]
    assert store.add_note(late.text, late.date, note_id=late.id) == late  # undo
    with pytest.raises(InputError, match="must not be empty"):
        store.add_note(" ", DAY)

    assert store.profile() == Profile()
    store.set_profile(Profile(" Ana Li ", "Payments", "Sam"))
    assert store.profile() == Profile("Ana Li", "Payments", "Sam")
    with pytest.raises(InputError, match="profile name: must not contain control"):
        store.set_profile(Profile("Ana\x1b[2J"))

    def checkin(day: dt.date, target: str, readiness: str, path: str) -> Checkin:
        return Checkin(
            0, day, target, Decimal(readiness), Decimal(readiness), (3, 1), files=(path,)
        )

    assert store.checkins() == []
    store.record_checkin(checkin(DAY, "L3-ic", "40.0", "/tmp/a.md"))
    # Several reports on one day for one target are one check-in: the latest numbers, and
    # every file written that day.
    second = store.record_checkin(checkin(DAY, "L3-ic", "55.5", "/tmp/b.html"))
    assert [(c.date, c.readiness, c.files) for c in store.checkins()] == [
        (DAY, Decimal("55.5"), ("/tmp/a.md", "/tmp/b.html"))
    ]
    assert second.evidence_ids == (3, 1)
    # Another target the same day is a check-in of its own.
    store.record_checkin(checkin(DAY, "L3-em", "20.0", "/tmp/c.md"))
    assert [c.target_level for c in store.checkins()] == ["L3-em", "L3-ic"]


def test_opening_a_portfolio_needs_neither_pydantic_nor_yaml(store: Store) -> None:
    # Start-up time: the app rebuilds the ladder from the stored JSON, not the YAML copy.
    import subprocess
    import sys

    script = (
        "import sys; from promo_planner.core.store import Store;"
        "from tests.helpers import assessment;"
        f"s = Store.open({str(store.path)!r}, create=True); assessment(s);"
        "print(sorted(m for m in ('pydantic', 'yaml') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.strip() == "[]"


def test_data_version_sees_another_connections_commit(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path, create=True) as mine, Store.open(path, create=True) as theirs:
        seen = mine.data_version()
        assert mine.data_version() == seen  # nothing happened: stable for polling
        theirs.add_evidence(_draft())
        after_theirs = mine.data_version()
        assert after_theirs != seen
        mine.add_evidence(_draft("Mine"))
        assert mine.data_version() != after_theirs
        assert mine.count_evidence() == 2
