"""Records to table rows and back: the SQL of the portfolio store, one function per shape.

Every function takes a connection that the caller has already put in a transaction; nothing
here commits. Dates are ISO text, Decimals are their exact text, lists are JSON arrays.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from promo_planner.core.errors import InputError
from promo_planner.core.ladder import Guideline
from promo_planner.core.records import (
    CriterionLink,
    Evidence,
    EvidenceDraft,
    Note,
    Plan,
    Rating,
    ReportRecord,
    Strength,
)

# Ids bound per query: under SQLITE_MAX_VARIABLE_NUMBER of old SQLite builds (999).
_IDS_PER_QUERY = 900


def now() -> dt.datetime:
    """This moment as naive UTC to the second: stable text in the file and in exports."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def json_list(values: Iterable[Any]) -> str:
    """A list column's text (non-ASCII kept readable, so LIKE finds it as typed)."""
    return json.dumps(list(values), ensure_ascii=False)


def source_digest(source: str) -> str:
    """The hash that tells whether the stored guideline copy changed."""
    import hashlib  # here: loading OpenSSL costs every command a few ms, and only writes hash

    return hashlib.sha256(source.encode("utf-8")).hexdigest()


# -- plan --------------------------------------------------------------------------------------


def put_plan(conn: sqlite3.Connection, plan: Plan, guideline: Guideline) -> str:
    """Write the single plan row with the guideline's text, hash and resolved JSON; returns
    the hash (the store keys its cached ladder by it)."""
    digest = source_digest(guideline.source)
    conn.execute(
        "INSERT OR REPLACE INTO plan (id, guideline_id, guideline_version, guideline_source,"
        " guideline_sha256, guideline_json, current_level, target_level, target_date,"
        " capacity, lead_weeks, sustain_weeks, readiness_threshold)"
        " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            plan.guideline_id,
            plan.guideline_version,
            guideline.source,
            digest,
            json.dumps(guideline.to_json(), ensure_ascii=False),
            plan.current_level,
            plan.target_level,
            plan.target_date.isoformat() if plan.target_date else None,
            plan.capacity,
            plan.lead_weeks,
            plan.sustain_weeks,
            str(plan.readiness_threshold) if plan.readiness_threshold is not None else None,
        ),
    )
    return digest


def get_plan(conn: sqlite3.Connection) -> Plan | None:
    """The plan row as a Plan, or None."""
    row = conn.execute(
        "SELECT guideline_id, guideline_version, current_level, target_level,"
        " target_date, capacity, lead_weeks, sustain_weeks, readiness_threshold"
        " FROM plan WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return Plan(
        guideline_id=row[0],
        guideline_version=row[1],
        current_level=row[2],
        target_level=row[3],
        target_date=dt.date.fromisoformat(row[4]) if row[4] else None,
        capacity=row[5],
        lead_weeks=row[6],
        sustain_weeks=row[7],
        readiness_threshold=Decimal(row[8]) if row[8] is not None else None,
    )


# -- evidence ----------------------------------------------------------------------------------


def evidence_from_draft(
    draft: EvidenceDraft, evidence_id: int, created_at: dt.datetime
) -> Evidence:
    """A draft made into stored evidence (only the fields a draft has are copied)."""
    return Evidence(
        title=draft.title,
        date=draft.date,
        description=draft.description,
        impact=draft.impact,
        links=draft.links,
        tags=draft.tags,
        kind=draft.kind,
        criteria=draft.criteria,
        id=evidence_id,
        created_at=created_at,
    )


def insert_evidence(conn: sqlite3.Connection, evidence: Evidence, *, keep_id: bool) -> int:
    """Insert evidence and its links (under its own id when ``keep_id``); returns the id."""
    cursor = conn.execute(
        "INSERT INTO evidence (id, title, date, description, impact, urls, tags, kind,"
        " created_at, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            evidence.id if keep_id else None,
            evidence.title,
            evidence.date.isoformat(),
            evidence.description,
            json_list(evidence.impact),
            json_list(evidence.links),
            json_list(evidence.tags),
            evidence.kind,
            evidence.created_at.isoformat(),
            search_text(
                evidence.title, evidence.description, evidence.kind, evidence.tags, evidence.impact
            ),
        ),
    )
    new_id = evidence.id if keep_id else int(cast(int, cursor.lastrowid))
    conn.executemany(
        "INSERT INTO link (evidence_id, criterion_id, strength) VALUES (?, ?, ?)",
        [(new_id, link.criterion_id, link.strength) for link in evidence.criteria],
    )
    return new_id


def fetch_evidence(
    conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (), tail: str = ""
) -> list[Evidence]:
    """Evidence rows matching ``where`` (ordered and paged by ``tail``) with their links.

    Two queries whatever the size: the rows, then the links of exactly those rows (the same
    ``where`` and ``tail`` as a subquery), so a 10,000-item portfolio costs no per-item query.
    """
    # The three list columns as one JSON array text: one json.loads per row instead of three.
    rows = conn.execute(
        "SELECT id, title, date, description, '[' || impact || ',' || urls || ',' || tags || ']',"
        f" kind, created_at FROM evidence {where} {tail}",
        tuple(params),
    ).fetchall()
    if not rows:
        return []
    links = _links_by_evidence(
        conn.execute(
            "SELECT evidence_id, criterion_id, strength FROM link"
            f" WHERE evidence_id IN (SELECT id FROM evidence {where} {tail}) ORDER BY rowid",
            tuple(params),
        )
    )
    loads, date, datetime = json.loads, dt.date.fromisoformat, dt.datetime.fromisoformat
    found = []
    for evidence_id, title, day, description, lists, kind, created_at in rows:
        impact, urls, tags = loads(lists)
        found.append(
            Evidence(
                id=evidence_id,
                title=title,
                date=date(day),
                description=description,
                impact=tuple(impact),
                links=tuple(urls),
                tags=tuple(tags),
                kind=kind,
                created_at=datetime(created_at),
                criteria=tuple(links.get(evidence_id, ())),
            )
        )
    return found


def fetch_evidence_index(
    conn: sqlite3.Connection,
) -> list[tuple[int, dt.date, tuple[CriterionLink, ...]]]:
    """Every piece of evidence as ``(id, date, links)``, newest first: two narrow queries, no
    text columns, so summing up 10,000 items costs a fraction of fetching them."""
    dates = conn.execute("SELECT id, date FROM evidence ORDER BY date DESC, id DESC").fetchall()
    links = _links_by_evidence(
        conn.execute("SELECT evidence_id, criterion_id, strength FROM link ORDER BY rowid")
    )
    date = dt.date.fromisoformat
    return [(i, date(day), tuple(links.get(i, ()))) for i, day in dates]


def _links_by_evidence(
    rows: Iterable[tuple[int, str, Strength]],
) -> dict[int, list[CriterionLink]]:
    """``(evidence_id, criterion_id, strength)`` rows grouped by evidence, in row order."""
    links: dict[int, list[CriterionLink]] = defaultdict(list)
    # Links are immutable values and a portfolio has few distinct ones: share them.
    shared: dict[tuple[str, str], CriterionLink] = {}
    for evidence_id, criterion_id, strength in rows:
        link = shared.get((criterion_id, strength))
        if link is None:
            link = shared[criterion_id, strength] = CriterionLink(criterion_id, strength)
        links[evidence_id].append(link)
    return links


def fetch_evidence_by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> list[Evidence]:
    """The evidence with these ids in full, newest first; ids with no evidence are skipped."""
    wanted = sorted(set(ids))
    found: list[Evidence] = []
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[start : start + _IDS_PER_QUERY]
        found += fetch_evidence(conn, f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    found.sort(key=lambda e: (e.date, e.id), reverse=True)
    return found


def search_text(
    title: str, description: str, kind: str, tags: Iterable[str], impact: Iterable[str]
) -> str:
    """What search looks through, case-folded once at write time so that a plain ``LIKE``
    matches "Ärger" and "ärger" alike (SQLite folds ASCII only) without a function per row."""
    return "\n".join([title, description, kind, *tags, *impact]).casefold()


def search_clause(search: str | None) -> tuple[str, list[str]]:
    """``WHERE`` text and parameters: every whitespace-separated term must occur in the
    title, description, kind, tags or impact data points, ignoring case."""
    from promo_planner.core.input_rules import search_problem

    problem = search_problem(search)
    if problem is not None:  # more terms than one query can hold: say so, never crash
        raise InputError(f"search: {problem}")
    terms = list(dict.fromkeys((search or "").casefold().split()))
    if not terms:
        return "", []
    where = " AND ".join(["search_text LIKE ? ESCAPE '\\'"] * len(terms))
    return "WHERE " + where, [_like_pattern(t) for t in terms]


def _like_pattern(term: str) -> str:
    # A user searching for "50%" means the characters, not a wildcard.
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# -- ratings, notes, reports -------------------------------------------------------------------


def put_ratings(conn: sqlite3.Connection, ratings: Iterable[Rating]) -> None:
    """Insert or replace ratings (one per criterion and side)."""
    conn.executemany(
        "INSERT OR REPLACE INTO rating (criterion_id, who, value, note, rated_on)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (r.criterion_id, r.who, r.value, r.note, r.rated_on.isoformat() if r.rated_on else None)
            for r in ratings
        ],
    )


def fetch_ratings(conn: sqlite3.Connection) -> list[Rating]:
    """All ratings, by criterion, self before manager."""
    rows = conn.execute(
        "SELECT criterion_id, who, value, note, rated_on FROM rating"
        " ORDER BY criterion_id, who DESC"
    ).fetchall()
    return [Rating(c, w, v, n, dt.date.fromisoformat(d) if d else None) for c, w, v, n, d in rows]


def fetch_notes(conn: sqlite3.Connection, order: str = "date, id") -> list[Note]:
    """All notes in ``order``."""
    rows = conn.execute(f"SELECT id, date, text FROM note ORDER BY {order}").fetchall()
    return [Note(i, dt.date.fromisoformat(d), t) for i, d, t in rows]


def insert_report(conn: sqlite3.Connection, report: ReportRecord, *, keep_id: bool) -> int:
    """Insert a report record; returns its id."""
    cursor = conn.execute(
        "INSERT INTO report (id, created_at, today, readiness, evidence_ids, format, path)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            report.id if keep_id else None,
            report.created_at.isoformat(),
            report.today.isoformat(),
            str(report.readiness),
            json_list(report.evidence_ids),
            report.format,
            report.path,
        ),
    )
    return report.id if keep_id else int(cast(int, cursor.lastrowid))


def fetch_reports(conn: sqlite3.Connection, tail: str) -> list[ReportRecord]:
    """Report records, ordered and limited by ``tail``."""
    rows = conn.execute(
        "SELECT id, created_at, today, readiness, evidence_ids, format, path FROM report " + tail
    ).fetchall()
    return [
        ReportRecord(
            id=r[0],
            created_at=dt.datetime.fromisoformat(r[1]),
            today=dt.date.fromisoformat(r[2]),
            readiness=Decimal(r[3]),
            evidence_ids=tuple(json.loads(r[4])),
            format=r[5],
            path=r[6],
        )
        for r in rows
    ]
