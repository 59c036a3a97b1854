"""A portfolio written by the first schema version opens, migrates and keeps everything."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

from promo_planner.core.schema import SCHEMA_VERSION
from promo_planner.core.store import Store
from tests.core.sample_ladder import SAMPLE
from tests.helpers import assessment

# The version 1 schema exactly as the first release created it (written out by hand here, so
# an accidental edit of the released migration step cannot go unnoticed).
V1_SQL = """
CREATE TABLE plan (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    guideline_id TEXT NOT NULL,
    guideline_version TEXT,
    guideline_source TEXT NOT NULL,
    guideline_sha256 TEXT NOT NULL,
    current_level TEXT NOT NULL,
    target_level TEXT NOT NULL,
    target_date TEXT,
    capacity INTEGER NOT NULL DEFAULT 2 CHECK (capacity >= 1),
    lead_weeks INTEGER CHECK (lead_weeks >= 0),
    sustain_weeks INTEGER CHECK (sustain_weeks >= 0),
    readiness_threshold TEXT
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    date TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    impact TEXT NOT NULL DEFAULT '[]',
    urls TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
CREATE INDEX evidence_newest_first ON evidence (date DESC, id DESC);
CREATE TABLE link (
    evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    strength TEXT NOT NULL CHECK (strength IN ('full', 'partial')),
    UNIQUE (evidence_id, criterion_id)
);
CREATE INDEX link_by_criterion ON link (criterion_id);
CREATE TABLE rating (
    criterion_id TEXT NOT NULL,
    who TEXT NOT NULL CHECK (who IN ('self', 'manager')),
    value TEXT NOT NULL CHECK (value IN ('up', 'down')),
    note TEXT NOT NULL DEFAULT '',
    rated_on TEXT,
    PRIMARY KEY (criterion_id, who)
);
CREATE TABLE answer (key TEXT PRIMARY KEY, text TEXT NOT NULL);
PRAGMA user_version = 1;
"""


def _v1_portfolio(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SQL)
    conn.execute(
        "INSERT INTO plan VALUES (1, 'sample', '1', ?, ?, 'L2', 'L3-ic', '2027-01-31', 3, 6,"
        " NULL, '85')",
        (SAMPLE, hashlib.sha256(SAMPLE.encode()).hexdigest()),
    )
    conn.execute(
        "INSERT INTO evidence VALUES (7, 'Designed the queue', '2026-02-01', 'Why and how',"
        " '[\"p95 -40%\"]', '[\"https://example.com/q\"]', '[\"design\"]', '2026-02-01T09:00:00')"
    )
    conn.execute(
        "INSERT INTO evidence VALUES (9, 'Mentored Ana', '2026-02-03', '', '[]', '[]', '[]',"
        " '2026-02-03T09:00:00')"
    )
    conn.executemany(
        "INSERT INTO link VALUES (?, ?, ?)",
        [
            (7, "craft.design", "full"),
            (7, "craft.testing", "partial"),
            (9, "people.mentoring", "full"),
        ],
    )
    conn.execute(
        "INSERT INTO rating VALUES ('craft.design', 'manager', 'up', 'solid', '2026-02-10')"
    )
    conn.execute("INSERT INTO answer VALUES ('lack', 'Cross-team scope')")
    conn.commit()
    conn.close()


def test_version_1_portfolio_migrates_with_everything_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _v1_portfolio(path)

    with Store.open(path, create=True) as store:
        plan = store.require_plan()
        assert (plan.current_level, plan.target_level, plan.target_date, plan.capacity) == (
            "L2",
            "L3-ic",
            dt.date(2027, 1, 31),
            3,
        )
        assert store.guideline().source == SAMPLE
        items = {e.id: e for e in store.list_evidence()}
        assert set(items) == {7, 9}
        assert items[7].impact == ("p95 -40%",)
        assert items[7].links == ("https://example.com/q",)
        assert items[7].kind == ""  # the column version 2 added
        assert [(c.criterion_id, c.strength) for c in items[7].criteria] == [
            ("craft.design", "full"),
            ("craft.testing", "partial"),
        ]
        # The rating survives, dated when it was made, as the first entry of its history.
        assert [(r.criterion_id, r.who, r.value, r.note, r.rated_on) for r in store.ratings()] == [
            ("craft.design", "manager", "up", "solid", dt.date(2026, 2, 10))
        ]
        assert store.answers() == {"lack": "Cross-team scope"}
        # Version 2's search reaches the old rows' impact and tags, in any case.
        assert [e.id for e in store.list_evidence(search="P95 DESIGN")] == [7]
        # Version 2's tables work, and new ids continue after the old ones.
        assert store.add_note("Asked for the schema project", dt.date(2026, 3, 1)).id == 1
        assert store.add_evidence(items[9]).id == 10
        # L2 -> L3-ic: craft.testing (2) and people.mentoring (1) carry over from L2 and count
        # as held; the manager's 👍 makes craft.design (3) agreed; people.feedback (1) has
        # nothing: 6 of 7 -> 85.7, plan threshold 85. The engineer's own claim on design is
        # half of its evidence (one full link of two): 2 + 1 + 1.5 = 4.5 of 7 -> 64.3.
        found = assessment(store)
        assert (str(found.readiness), str(found.threshold)) == ("85.7", "85")
        assert str(found.readiness_claimed) == "64.3"
        # Held only where holding L2 is all there is: mentoring has its own evidence (met).
        assert [cp.status for cp in found.criteria] == ["held", "met", "met", "missing"]
        assert store.integrity_problems() == []

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    # The ladder was resolved once during the migration, so opening never needs the parser.
    assert conn.execute("SELECT guideline_json IS NOT NULL FROM plan").fetchone()[0] == 1


def test_a_fresh_portfolio_has_the_same_schema_as_a_migrated_one(tmp_path: Path) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    _v1_portfolio(old)
    Store.open(old, create=True).close()
    Store.open(new, create=True).close()

    def columns(path: Path) -> dict[str, list[tuple[str, str]]]:
        conn = sqlite3.connect(path)
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: [(r[1], r[2]) for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}

    assert columns(old) == columns(new)


def _v2_portfolio(path: Path) -> None:
    """A portfolio as the second schema version left it: two reports on one day, one later,
    a rating without a date and one with."""
    from promo_planner.core.schema import MIGRATIONS

    _v1_portfolio(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO rating VALUES ('craft.testing', 'self', 'down', '', NULL)")
    conn.commit()
    conn.close()
    # Take it to version 2 with the released step itself, as an upgrade then did.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for statement in MIGRATIONS[1]:
        if isinstance(statement, str):
            conn.execute(statement)
        else:
            statement(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.executemany(
        "INSERT INTO report (created_at, today, readiness, evidence_ids, format, path)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("2026-02-10T09:00:00", "2026-02-10", "30.0", "[7]", "md", "/r/a.md"),
            ("2026-02-10T10:00:00", "2026-02-10", "35.5", "[7, 9]", "html", "/r/a.html"),
            ("2026-03-01T10:00:00", "2026-03-01", "40.0", "[7, 9]", "md", "/r/b.md"),
        ],
    )
    conn.execute("COMMIT")
    conn.close()


def test_version_2_reports_become_check_ins_and_ratings_keep_their_dates(tmp_path: Path) -> None:
    from decimal import Decimal

    path = tmp_path / "v2.db"
    _v2_portfolio(path)
    with Store.open(path, create=True) as store:
        checkins = store.checkins()
        assert [(c.date, c.target_level, c.readiness, c.files) for c in checkins] == [
            (dt.date(2026, 2, 10), "L3-ic", Decimal("35.5"), ("/r/a.md", "/r/a.html")),
            (dt.date(2026, 3, 1), "L3-ic", Decimal("40.0"), ("/r/b.md",)),
        ]
        assert checkins[0].evidence_ids == (7, 9)
        ratings = {(r.criterion_id, r.who): r for r in store.ratings()}
        assert ratings["craft.design", "manager"].rated_on == dt.date(2026, 2, 10)
        # The rating that had no date is dated the day of the migration, and still counts.
        assert ratings["craft.testing", "self"].rated_on == dt.datetime.now(dt.UTC).date()
        assert assessment(store).by_id["craft.testing"].held is False  # the self 👎 stands
        assert store.integrity_problems() == []
