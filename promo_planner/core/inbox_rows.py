"""The inbox's SQL: candidates to table rows and back (the ``candidate`` table).

Like ``rows.py``: every function takes a connection the caller has put in a transaction;
nothing here commits. Lists are JSON arrays, dates ISO text.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, cast

from promo_planner.core.errors import InputError
from promo_planner.core.inbox import Candidate, CandidateDraft, CandidateStatus
from promo_planner.core.rows import json_list

_COLUMNS = (
    "id, fingerprint, source, kind, title, date, description, commits, added, removed,"
    " file_count, files, areas, urls, tags, status, found_at, closed_at,"
    # Evidence removed after accepting (or edited: update re-inserts it) is looked up, not
    # referenced: a foreign key would lose the number on every edit.
    " CASE WHEN EXISTS (SELECT 1 FROM evidence e WHERE e.id = candidate.evidence_id)"
    " THEN evidence_id END"
)


def insert_new(
    conn: sqlite3.Connection, drafts: Iterable[CandidateDraft], found_at: dt.datetime
) -> list[Candidate]:
    """Insert the drafts whose fingerprint the inbox has not seen; returns those inserted."""
    added: list[Candidate] = []
    for draft in drafts:
        candidate = Candidate(**vars(draft), found_at=found_at)
        new_id = insert(conn, candidate, keep_id=False)
        if new_id:
            added.append(_with_id(candidate, new_id))
    return added


def _with_id(candidate: Candidate, new_id: int) -> Candidate:
    return replace(candidate, id=new_id)


def insert(conn: sqlite3.Connection, candidate: Candidate, *, keep_id: bool) -> int:
    """Insert one candidate (under its own id when ``keep_id``); returns its id, or 0 when one
    with the same fingerprint is already stored."""
    cursor = conn.execute(
        "INSERT INTO candidate (id, fingerprint, source, kind, title, date, description,"
        " commits, added, removed, file_count, files, areas, urls, tags, status, found_at,"
        " closed_at, evidence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (fingerprint) DO NOTHING",
        (
            candidate.id if keep_id else None,
            candidate.fingerprint,
            candidate.source,
            candidate.kind,
            candidate.title,
            candidate.date.isoformat(),
            candidate.description,
            json_list(candidate.commits),
            candidate.added,
            candidate.removed,
            candidate.file_count,
            json_list(candidate.files),
            json_list(candidate.areas),
            json_list(candidate.links),
            json_list(candidate.tags),
            candidate.status,
            candidate.found_at.isoformat(sep=" "),
            candidate.closed_at.isoformat(sep=" ") if candidate.closed_at else None,
            candidate.evidence_id,
        ),
    )
    if not cursor.rowcount:
        return 0
    return candidate.id if keep_id else int(cast(int, cursor.lastrowid))


def fetch(
    conn: sqlite3.Connection, where: str = "", params: Sequence[Any] = (), tail: str = ""
) -> list[Candidate]:
    """Candidates matching ``where``, ordered by ``tail``."""
    found = conn.execute(f"SELECT {_COLUMNS} FROM candidate {where} {tail}", tuple(params))
    return [_candidate(row) for row in found.fetchall()]


def _candidate(row: Sequence[Any]) -> Candidate:
    loads = json.loads
    return Candidate(
        id=row[0],
        fingerprint=row[1],
        source=row[2],
        kind=row[3],
        title=row[4],
        date=dt.date.fromisoformat(row[5]),
        description=row[6],
        commits=tuple(loads(row[7])),
        added=row[8],
        removed=row[9],
        file_count=row[10],
        files=tuple(loads(row[11])),
        areas=tuple(loads(row[12])),
        links=tuple(loads(row[13])),
        tags=tuple(loads(row[14])),
        status=row[15],
        found_at=dt.datetime.fromisoformat(row[16]),
        closed_at=dt.datetime.fromisoformat(row[17]) if row[17] else None,
        evidence_id=row[18],
    )


def get(conn: sqlite3.Connection, candidate_id: int) -> Candidate:
    """One candidate; InputError when the inbox has none with that number."""
    found = fetch(conn, "WHERE id = ?", (candidate_id,))
    if not found:
        raise InputError(f"candidate {candidate_id}: no such candidate in the inbox")
    return found[0]


def covered_commits(conn: sqlite3.Connection) -> frozenset[str]:
    """Every commit some stored candidate covers, whatever its status."""
    found = conn.execute("SELECT value FROM candidate, json_each(candidate.commits)")
    return frozenset(str(sha) for (sha,) in found.fetchall())


def set_status(
    conn: sqlite3.Connection,
    candidate_id: int,
    status: CandidateStatus,
    *,
    was: CandidateStatus,
    at: dt.datetime | None,
    evidence_id: int | None = None,
) -> None:
    """Move a candidate from status ``was`` to ``status``; InputError naming its status when
    it is not ``was`` (another process may have reviewed it meanwhile)."""
    changed = conn.execute(
        "UPDATE candidate SET status = ?, closed_at = ?, evidence_id = ?"
        " WHERE id = ? AND status = ?",
        (status, at.isoformat(sep=" ") if at else None, evidence_id, candidate_id, was),
    ).rowcount
    if changed:
        return
    current = get(conn, candidate_id)
    raise InputError(f"candidate {candidate_id}: {_status_words(current)}")


def _status_words(candidate: Candidate) -> str:
    if candidate.status == "accepted":
        made = f" as evidence {candidate.evidence_id}" if candidate.evidence_id else ""
        return f"already accepted{made}"
    if candidate.status == "pending":
        return "still waiting for review (dismiss it first to restore it)"
    return f"already {candidate.status} (promo-planner inbox restore {candidate.id} undoes)"
