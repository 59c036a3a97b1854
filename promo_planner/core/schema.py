"""The portfolio database's schema and its forward migrations (``PRAGMA user_version``).

Each entry of ``MIGRATIONS`` takes the schema from version ``i`` to ``i + 1``; a new portfolio
runs them all, so the oldest path is exercised every time a file is created. Never edit a
released step: add a new one.

Lists (impact data points, URLs, tags, report evidence ids) are JSON arrays in one column:
they are read and written whole with their row, and keeping them in one place lets a plain
``LIKE`` search them without joins.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from promo_planner.core.errors import InputError

T = TypeVar("T")

Step = tuple[str | Callable[[sqlite3.Connection], None], ...]

# Version 1: plan with its guideline copy, evidence, criterion links, ratings, answers.
_V1: Step = (
    """
    CREATE TABLE plan (
        id                  INTEGER PRIMARY KEY CHECK (id = 1),
        guideline_id        TEXT NOT NULL,
        guideline_version   TEXT,
        guideline_source    TEXT NOT NULL,
        guideline_sha256    TEXT NOT NULL,
        current_level       TEXT NOT NULL,
        target_level        TEXT NOT NULL,
        target_date         TEXT,
        capacity            INTEGER NOT NULL DEFAULT 2 CHECK (capacity >= 1),
        lead_weeks          INTEGER CHECK (lead_weeks >= 0),
        sustain_weeks       INTEGER CHECK (sustain_weeks >= 0),
        readiness_threshold TEXT
    )
    """,
    # AUTOINCREMENT: a removed id is never handed out again, so undo can restore it safely.
    """
    CREATE TABLE evidence (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
        date        TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        impact      TEXT NOT NULL DEFAULT '[]',
        urls        TEXT NOT NULL DEFAULT '[]',
        tags        TEXT NOT NULL DEFAULT '[]',
        created_at  TEXT NOT NULL
    )
    """,
    "CREATE INDEX evidence_newest_first ON evidence (date DESC, id DESC)",
    # rowid order is the order the user linked in; export and import keep it.
    """
    CREATE TABLE link (
        evidence_id  INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
        criterion_id TEXT NOT NULL,
        strength     TEXT NOT NULL CHECK (strength IN ('full', 'partial')),
        UNIQUE (evidence_id, criterion_id)
    )
    """,
    "CREATE INDEX link_by_criterion ON link (criterion_id)",
    """
    CREATE TABLE rating (
        criterion_id TEXT NOT NULL,
        who          TEXT NOT NULL CHECK (who IN ('self', 'manager')),
        value        TEXT NOT NULL CHECK (value IN ('up', 'down')),
        note         TEXT NOT NULL DEFAULT '',
        rated_on     TEXT,
        PRIMARY KEY (criterion_id, who)
    )
    """,
    "CREATE TABLE answer (key TEXT PRIMARY KEY, text TEXT NOT NULL)",
)


def _store_resolved_guideline(conn: sqlite3.Connection) -> None:
    """Fill ``plan.guideline_json`` from the stored copy, so opening a portfolio later
    rebuilds the ladder without the file-format validators (they cost ~150 ms to import)."""
    from promo_planner.core.loader import parse_guideline

    for rowid, source in conn.execute("SELECT id, guideline_source FROM plan").fetchall():
        try:
            resolved = parse_guideline(source, "stored guideline copy")
        except InputError:
            continue  # left NULL: the store parses the copy itself and reports the problem
        conn.execute(
            "UPDATE plan SET guideline_json = ? WHERE id = ?",
            (json.dumps(resolved.to_json(), ensure_ascii=False), rowid),
        )


def _fill_search_text(conn: sqlite3.Connection) -> None:
    """Give evidence written before version 2 its case-folded search text."""
    from promo_planner.core.rows import search_text

    found = conn.execute("SELECT id, title, description, kind, tags, impact FROM evidence")
    conn.executemany(
        "UPDATE evidence SET search_text = ? WHERE id = ?",
        [
            (search_text(title, description, kind, json.loads(tags), json.loads(impact)), rowid)
            for rowid, title, description, kind, tags, impact in found.fetchall()
        ],
    )


# Version 2: evidence kind and case-folded search text, the ladder resolved to JSON, the
# engineer's 1:1 notes, and the history of written reports.
_V2: Step = (
    "ALTER TABLE evidence ADD COLUMN kind TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE evidence ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
    _fill_search_text,
    "ALTER TABLE plan ADD COLUMN guideline_json TEXT",
    _store_resolved_guideline,
    """
    CREATE TABLE note (
        id   INTEGER PRIMARY KEY AUTOINCREMENT,
        date TEXT NOT NULL,
        text TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE report (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at   TEXT NOT NULL,
        today        TEXT NOT NULL,
        readiness    TEXT NOT NULL,
        evidence_ids TEXT NOT NULL DEFAULT '[]',
        format       TEXT NOT NULL,
        path         TEXT NOT NULL
    )
    """,
)


def _checkins_from_reports(conn: sqlite3.Connection) -> None:
    """Turn the written-report history into check-ins: one per day, for the plan's target
    (the only target a version-2 portfolio could show), with the last report of that day's
    readiness and evidence, and every file written that day."""
    row = conn.execute("SELECT target_level FROM plan WHERE id = 1").fetchone()
    target = str(row[0]) if row else ""
    days: dict[str, dict[str, object]] = {}
    for created, today, readiness, evidence_ids, path in conn.execute(
        "SELECT created_at, today, readiness, evidence_ids, path FROM report ORDER BY id"
    ).fetchall():
        day = days.setdefault(today, {"files": [], "created_at": created})
        day["readiness"] = readiness
        day["evidence_ids"] = evidence_ids
        files = day["files"]
        assert isinstance(files, list)
        if path not in files:
            files.append(path)
    conn.executemany(
        "INSERT INTO checkin (date, target_level, readiness, readiness_claimed, evidence_ids,"
        " files, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                day,
                target,
                d["readiness"],
                d["readiness"],
                d["evidence_ids"],
                json.dumps(d["files"], ensure_ascii=False),
                d["created_at"],
            )
            for day, d in sorted(days.items())
        ],
    )


# Version 3: ratings keep their history (SPEC 4), links say when they were made (for
# "rerate"), the manager's answers beside the engineer's, check-ins per day and target instead
# of a list of written reports (SPEC 6), and the profile the reports are about.
_V3: Step = (
    """
    CREATE TABLE rating_event (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        criterion_id TEXT NOT NULL,
        who          TEXT NOT NULL CHECK (who IN ('self', 'manager')),
        value        TEXT NOT NULL CHECK (value IN ('up', 'down', 'clear')),
        note         TEXT NOT NULL DEFAULT '',
        rated_on     TEXT NOT NULL,
        recorded_at  TEXT NOT NULL
    )
    """,
    # Today's ratings are kept, dated when they were made (a rating without a date, from
    # before dates were kept, is dated on the day of the migration).
    """
    INSERT INTO rating_event (criterion_id, who, value, note, rated_on, recorded_at)
    SELECT criterion_id, who, value, note,
           coalesce(rated_on, date('now')),
           coalesce(rated_on, date('now')) || ' 00:00:00'
    FROM rating ORDER BY criterion_id, who
    """,
    "DROP TABLE rating",
    "CREATE INDEX rating_by_criterion ON rating_event (criterion_id, who)",
    # A link made before version 3 is dated when its evidence was recorded.
    "ALTER TABLE link ADD COLUMN linked_on TEXT",
    "ALTER TABLE link ADD COLUMN linked_at TEXT",
    """
    UPDATE link SET
        linked_at = (SELECT created_at FROM evidence WHERE evidence.id = link.evidence_id),
        linked_on = (SELECT substr(created_at, 1, 10) FROM evidence
                     WHERE evidence.id = link.evidence_id)
    """,
    """
    CREATE TABLE answer_v3 (
        key  TEXT NOT NULL,
        who  TEXT NOT NULL CHECK (who IN ('self', 'manager')),
        text TEXT NOT NULL,
        PRIMARY KEY (key, who)
    )
    """,
    "INSERT INTO answer_v3 (key, who, text) SELECT key, 'self', text FROM answer",
    "DROP TABLE answer",
    "ALTER TABLE answer_v3 RENAME TO answer",
    """
    CREATE TABLE checkin (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        date              TEXT NOT NULL,
        target_level      TEXT NOT NULL,
        readiness         TEXT NOT NULL,
        readiness_claimed TEXT NOT NULL,
        evidence_ids      TEXT NOT NULL DEFAULT '[]',
        statuses          TEXT NOT NULL DEFAULT '{}',
        ratings           TEXT NOT NULL DEFAULT '{}',
        files             TEXT NOT NULL DEFAULT '[]',
        created_at        TEXT NOT NULL,
        UNIQUE (date, target_level)
    )
    """,
    _checkins_from_reports,
    "DROP TABLE report",
    "CREATE TABLE profile (key TEXT PRIMARY KEY, text TEXT NOT NULL)",
)

# Version 4, capture's inbox (issue 15): work found in git histories waiting for the
# engineer's review, and how many quiet weeks on a chosen gap earn a nudge. It only adds.
_V4_INBOX: Step = (
    "ALTER TABLE plan ADD COLUMN nudge_weeks INTEGER CHECK (nudge_weeks BETWEEN 1 AND 52)",
    # A fingerprint is never stored twice: what was dismissed stays dismissed. evidence_id
    # is no foreign key: editing evidence re-inserts its row, which would clear it.
    """
    CREATE TABLE candidate (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL UNIQUE,
        source      TEXT NOT NULL,
        kind        TEXT NOT NULL,
        title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
        date        TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        commits     TEXT NOT NULL DEFAULT '[]',
        added       INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),
        removed     INTEGER NOT NULL DEFAULT 0 CHECK (removed >= 0),
        file_count  INTEGER NOT NULL DEFAULT 0 CHECK (file_count >= 0),
        files       TEXT NOT NULL DEFAULT '[]',
        areas       TEXT NOT NULL DEFAULT '[]',
        urls        TEXT NOT NULL DEFAULT '[]',
        tags        TEXT NOT NULL DEFAULT '[]',
        status      TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'accepted', 'dismissed')),
        found_at    TEXT NOT NULL,
        closed_at   TEXT,
        evidence_id INTEGER
    )
    """,
    "CREATE INDEX candidate_by_status ON candidate (status, date DESC, id DESC)",
)


MIGRATIONS: tuple[Step, ...] = (_V1, _V2, _V3, _V4_INBOX)

APPLICATION_ID = 0x50504C4E
"""``PRAGMA application_id`` of a portfolio ("PPLN"): how a file says it is one of ours."""

MMAP_BYTES = 256 * 1024 * 1024
"""How much of a portfolio file SQLite reads through a memory map (address space, not memory:
a 100,000-item portfolio is ~110 MB)."""
SCHEMA_VERSION = len(MIGRATIONS)

# How long a writer waits for another process's transaction before giving up, in seconds.
BUSY_TIMEOUT_S = 30.0


def unwritable(path: str | os.PathLike[str]) -> bool:
    """True when this user may not write the portfolio file or the folder SQLite makes its WAL
    files in: ``connect`` then reads a checkpointed portfolio as immutable (no locks, and blind
    to other processes' commits)."""
    folder = os.path.dirname(os.path.abspath(path))
    return not os.access(folder, os.W_OK) or not os.access(path, os.W_OK)


def connect(path: str, *, create: bool = False, read_only: bool = False) -> sqlite3.Connection:
    """Open the portfolio at ``path`` (autocommit mode, transactions explicit) once it is known
    to be one of ours, then switch on WAL, foreign keys and the busy timeout.

    Nothing is written to a file that is not a portfolio: the file is identified first, by
    reading only (``identify``). ``create`` allows an empty file to become a portfolio (the
    caller creates it, owner-only, before this). ``InputError`` for anything else.

    ``read_only`` (shell completion) never writes and leaves no file behind: a portfolio left
    checkpointed is read as it is, without locks; one with a ``-wal`` beside it (open in
    another process) through SQLite's read-only mode, which sees that process's commits.
    """
    from urllib.parse import quote

    # A portfolio this user may not write (the file, or the folder SQLite must make its WAL
    # files in) is read as it is, when it was left checkpointed (no -wal beside it): read-only
    # and unlocked, leaving no -wal or -shm behind; any write then says "read-only".
    frozen = not create and (unwritable(path) or read_only) and not os.path.exists(f"{path}-wal")
    mode = "ro&immutable=1" if frozen else "ro" if read_only else "rw"
    try:
        conn = sqlite3.connect(
            f"file:{quote(path)}?mode={mode}",
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,  # the Store serialises use with its own lock
        )
    except sqlite3.Error as exc:
        raise InputError(f"{path}: cannot open the portfolio ({exc})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        identify(conn, path, create=create)
        conn.execute("PRAGMA foreign_keys = ON")
        # Pages read through a memory map, not a read() per page: reading every link of a
        # 10,000-item portfolio on a fresh connection (each command, the app's first frame)
        # takes ~40 % less. SQLite keeps the map coherent with other processes' writes.
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        if frozen or read_only:
            return conn
        # Switching to WAL needs a moment of exclusive access; it persists in the file, so
        # only the first opener of a new portfolio does it.
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        # NORMAL is durable across process crashes in WAL mode; only power loss can drop
        # the last commits, never corrupt the file.
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise InputError(f"{path}: {problem_of(exc)}") from None
    except BaseException:
        conn.close()
        raise
    return conn


_OUR_TABLES = frozenset({"plan", "evidence", "link"})


def identify(conn: sqlite3.Connection, path: str, *, create: bool) -> None:
    """Make sure ``path`` is a portfolio (or, with ``create``, an empty file to make one of),
    reading only. ``InputError`` for another application's database or a newer schema."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]  # "not a database" here
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if os.path.getsize(path) % conn.execute("PRAGMA page_size").fetchone()[0]:
        # A database is whole pages; a file cut short (a copy that stopped, a full disk) is not
        # one to read or write on.
        raise InputError(
            f"{path}: the portfolio is damaged (its size is not a whole number of pages: the"
            " file was cut short); restore it from an export or a backup"
        )
    if app_id == APPLICATION_ID or (app_id == 0 and version >= 1 and tables >= _OUR_TABLES):
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{path}: portfolio schema version {version} is newer than this promo-planner "
                f"understands ({SCHEMA_VERSION}); upgrade promo-planner"
            )
        return
    if app_id == 0 and version == 0 and not tables:
        if create:
            return
        raise InputError(f"{path}: an empty file, not a portfolio yet (run promo-planner init)")
    raise InputError(
        f"{path}: not a promo-planner portfolio (another application's database); "
        "give another --data file"
    )


def problem_of(exc: sqlite3.Error) -> str:
    """What an SQLite error means for the user, in words."""
    message = str(exc)
    lowered = message.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return "the portfolio is read-only (check the file's and its folder's permissions)"
    if "disk is full" in lowered or "disk i/o" in lowered:
        return f"cannot write the portfolio: {message} (is the disk full?)"
    if "not a database" in lowered:
        return "not a promo-planner portfolio (not an SQLite database)"
    if "malformed" in lowered or "corrupt" in lowered:
        return f"the portfolio is damaged ({message}); restore it from an export or a backup"
    if "unable to open" in lowered:
        return "cannot open the portfolio (is its folder writable?)"
    return f"portfolio error: {message}"


def retry_busy(action: Callable[[], T]) -> T:
    """Run ``action``, retrying while SQLite reports the database busy or locked.

    The busy timeout already makes SQLite wait, but some lock upgrades (and ``BEGIN
    IMMEDIATE`` under contention) return SQLITE_BUSY at once; those are retried here so
    "database is locked" never reaches the user while another process merely holds the lock.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.005
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or (time.monotonic() > deadline):
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def require_current(conn: sqlite3.Connection, path: str) -> None:
    """InputError unless the portfolio is at ``SCHEMA_VERSION``: a reader that may not write
    cannot migrate an older one (``identify`` already refuses a newer one)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        raise InputError(
            f"{path}: portfolio schema version {version} is older than this promo-planner's"
            f" ({SCHEMA_VERSION}); any other promo-planner command upgrades it"
        )


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the schema to ``SCHEMA_VERSION`` in one transaction (no-op when current)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise InputError(
            f"{path}: portfolio schema version {version} is newer than this promo-planner "
            f"understands ({SCHEMA_VERSION}); upgrade promo-planner"
        )
    retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"))
    try:
        # Another process may have migrated while we waited for the write lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        # Portfolios from before version 3 did not say they were ours; now they do.
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for step in MIGRATIONS[version:]:
            for statement in step:
                if isinstance(statement, str):
                    conn.execute(statement)
                else:
                    statement(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
