"""Records to table rows and back: the SQL of the portfolio store, one function per shape.

Every function takes a connection that the caller has already put in a transaction; nothing
here commits. Dates are ISO text, Decimals are their exact text, lists are JSON arrays.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, cast

from promo_planner.core.errors import InputError
from promo_planner.core.ladder import Guideline
from promo_planner.core.records import (
    QUESTION_KEYS,
    Checkin,
    CriterionLink,
    Evidence,
    EvidenceDraft,
    Note,
    Plan,
    Profile,
    Rating,
    Strength,
)

# Ids bound per query: under SQLITE_MAX_VARIABLE_NUMBER of old SQLite builds (999).
_IDS_PER_QUERY = 900


def now() -> dt.datetime:
    """This moment as naive UTC to the second: stable text in the file and in exports."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def moment() -> dt.datetime:
    """This moment as naive UTC to the microsecond: when a link or a rating was made, so that
    "linked after the manager's rating" holds even within one second."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


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
        " capacity, lead_weeks, sustain_weeks, readiness_threshold, nudge_weeks)"
        " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            plan.nudge_weeks,
        ),
    )
    return digest


def get_plan(conn: sqlite3.Connection) -> Plan | None:
    """The plan row as a Plan, or None."""
    row = conn.execute(
        "SELECT guideline_id, guideline_version, current_level, target_level,"
        " target_date, capacity, lead_weeks, sustain_weeks, readiness_threshold, nudge_weeks"
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
        nudge_weeks=row[9],
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
        "INSERT INTO link (evidence_id, criterion_id, strength, linked_on, linked_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [link_row(new_id, link) for link in evidence.criteria],
    )
    return new_id


def link_row(evidence_id: int, link: CriterionLink) -> tuple[int, str, str, str | None, str | None]:
    """A link's row values (its dates as ISO text)."""
    return (
        evidence_id,
        link.criterion_id,
        link.strength,
        link.linked_on.isoformat() if link.linked_on else None,
        link.linked_at.isoformat() if link.linked_at else None,
    )


def dated_links(
    links: Iterable[CriterionLink], on: dt.date, at: dt.datetime
) -> tuple[CriterionLink, ...]:
    """``links`` with every undated one dated ``on``/``at`` (the moment it is being stored)."""
    return tuple(
        link
        if link.linked_at is not None
        else CriterionLink(link.criterion_id, link.strength, link.linked_on or on, at)
        for link in links
    )


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
            f"SELECT {_LINK_COLUMNS} FROM link"
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


IndexRows = tuple[list[tuple[int, str]], list[tuple[int, str, Strength, str | None, str | None]]]
"""An index as read (``fetch_index_rows``): ``(id, date)`` of every piece of evidence, newest
first, and ``_LINK_COLUMNS`` of every link, in the order linked."""


def fetch_index_rows(conn: sqlite3.Connection) -> IndexRows:
    """The rows an index is made of (``build_index``): two narrow queries, no text columns."""
    dates = conn.execute("SELECT id, date FROM evidence ORDER BY date DESC, id DESC").fetchall()
    links = conn.execute(f"SELECT {_LINK_COLUMNS} FROM link ORDER BY rowid").fetchall()
    return dates, links


def fetch_evidence_index(
    conn: sqlite3.Connection,
) -> list[tuple[int, dt.date, tuple[CriterionLink, ...]]]:
    """Every piece of evidence as ``(id, date, links)``, newest first: two narrow queries, no
    text columns, so summing up 10,000 items costs a fraction of fetching them."""
    return build_index(fetch_index_rows(conn))


def build_index(read: IndexRows) -> list[tuple[int, dt.date, tuple[CriterionLink, ...]]]:
    """``(id, date, links)`` of every piece of evidence, newest first, from its rows."""
    dates, link_rows = read
    links = _links_by_evidence(link_rows)
    date = dt.date.fromisoformat
    return [(i, date(day), tuple(links.get(i, ()))) for i, day in dates]


_LINK_COLUMNS = "evidence_id, criterion_id, strength, linked_on, linked_at"


def _links_by_evidence(
    rows: Iterable[tuple[int, str, Strength, str | None, str | None]],
) -> dict[int, list[CriterionLink]]:
    """``_LINK_COLUMNS`` rows grouped by evidence, in row order."""
    links: dict[int, list[CriterionLink]] = defaultdict(list)
    # Links are immutable values and many share their criterion, strength and moment (an item
    # linked to several criteria at once, thousands added in a batch): share them.
    shared: dict[tuple[str, str, str | None, str | None], CriterionLink] = {}
    date, datetime = dt.date.fromisoformat, dt.datetime.fromisoformat
    for evidence_id, criterion_id, strength, on, at in rows:
        key = (criterion_id, strength, on, at)
        link = shared.get(key)
        if link is None:
            link = shared[key] = CriterionLink(
                criterion_id, strength, date(on) if on else None, datetime(at) if at else None
            )
        links[evidence_id].append(link)
    return links


def fetch_newest_linked(
    conn: sqlite3.Connection,
    criterion_ids: Iterable[str],
    per_criterion: int,
    leave_out: int | None,
) -> dict[str, list[int]]:
    """See ``Store.newest_linked``. Two narrow scans (the evidence's order, the links' two ids)
    and a partial sort per criterion: quicker than a windowed query or one query per
    criterion on a large portfolio, where every criterion has many links."""
    wanted = set(criterion_ids)
    position = {
        evidence_id: n
        for n, (evidence_id,) in enumerate(
            conn.execute("SELECT id FROM evidence ORDER BY date DESC, id DESC")
        )
    }
    linked: dict[str, list[int]] = defaultdict(list)
    for evidence_id, criterion_id in conn.execute("SELECT evidence_id, criterion_id FROM link"):
        if criterion_id in wanted and evidence_id != leave_out:
            linked[criterion_id].append(evidence_id)
    newest = position.__getitem__
    return {
        criterion_id: heapq.nsmallest(per_criterion, ids, key=newest)
        for criterion_id, ids in linked.items()
    }


def fetch_evidence_words(
    conn: sqlite3.Connection, ids: Iterable[int]
) -> dict[int, tuple[str, str, list[str], list[str]]]:
    """Title, description, impact and tags of the evidence with these ids, by id (ids with no
    evidence are left out): the words a suggestion ranker reads, no more."""
    wanted = sorted(set(ids))
    found: dict[int, tuple[str, str, list[str], list[str]]] = {}
    loads = json.loads
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[start : start + _IDS_PER_QUERY]
        rows = conn.execute(
            "SELECT id, title, description, '[' || impact || ',' || tags || ']' FROM evidence"
            f" WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for evidence_id, title, description, lists in rows:
            impact, tags = loads(lists)
            found[evidence_id] = (title, description, impact, tags)
    return found


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


# -- ratings, answers, notes, check-ins, profile ---------------------------------------------


def insert_ratings(conn: sqlite3.Connection, ratings: Iterable[Rating], *, keep_id: bool) -> None:
    """Append ratings to the history (under their own ids when ``keep_id``)."""
    conn.executemany(
        "INSERT INTO rating_event (id, criterion_id, who, value, note, rated_on, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r.id if keep_id else None,
                r.criterion_id,
                r.who,
                r.value,
                r.note,
                r.rated_on.isoformat(),
                r.recorded_at.isoformat(),
            )
            for r in ratings
        ],
    )


def fetch_ratings(conn: sqlite3.Connection) -> list[Rating]:
    """Every rating ever given, in the order they were entered (id)."""
    rows = conn.execute(
        "SELECT id, criterion_id, who, value, note, rated_on, recorded_at FROM rating_event"
        " ORDER BY id"
    ).fetchall()
    date, datetime = dt.date.fromisoformat, dt.datetime.fromisoformat
    return [Rating(c, w, v, n, date(d), datetime(at), i) for i, c, w, v, n, d, at in rows]


def fetch_answers(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """Every answer to the 1:1 questions, keyed by ``(question, who)``."""
    rows = conn.execute("SELECT key, who, text FROM answer").fetchall()
    return {(key, who): text for key, who, text in rows}


def answers_of(answers: dict[tuple[str, str], str], who: str) -> dict[str, str]:
    """One side's answers (from ``fetch_answers``), in the questions' order."""
    return {key: answers[key, who] for key in QUESTION_KEYS if (key, who) in answers}


def fetch_notes(conn: sqlite3.Connection, order: str = "date, id") -> list[Note]:
    """All notes in ``order``."""
    rows = conn.execute(f"SELECT id, date, text FROM note ORDER BY {order}").fetchall()
    return [Note(i, dt.date.fromisoformat(d), t) for i, d, t in rows]


def put_checkin(conn: sqlite3.Connection, checkin: Checkin, *, keep_id: bool) -> int:
    """Insert a check-in, or (same date and target) replace that day's, keeping the files
    already written that day; returns its id."""
    row = conn.execute(
        "SELECT id, files, created_at FROM checkin WHERE date = ? AND target_level = ?",
        (checkin.date.isoformat(), checkin.target_level),
    ).fetchone()
    files = list(checkin.files)
    created = checkin.created_at.isoformat()
    if row is not None and not keep_id:
        earlier = [f for f in json.loads(row[1]) if f not in files]
        files = earlier + files
        created = row[2]
        conn.execute("DELETE FROM checkin WHERE id = ?", (row[0],))
    cursor = conn.execute(
        "INSERT INTO checkin (id, date, target_level, readiness, readiness_claimed, evidence_ids,"
        " statuses, ratings, files, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            checkin.id if keep_id else (row[0] if row is not None else None),
            checkin.date.isoformat(),
            checkin.target_level,
            str(checkin.readiness),
            str(checkin.readiness_claimed),
            json_list(checkin.evidence_ids),
            json.dumps(checkin.statuses, ensure_ascii=False, sort_keys=True),
            json.dumps(
                {c: list(pair) for c, pair in checkin.ratings.items()},
                ensure_ascii=False,
                sort_keys=True,
            ),
            json_list(files),
            created,
        ),
    )
    return int(cast(int, cursor.lastrowid))


def fetch_checkins(conn: sqlite3.Connection) -> list[Checkin]:
    """Every check-in, oldest day first (then target level)."""
    rows = conn.execute(
        "SELECT id, date, target_level, readiness, readiness_claimed, evidence_ids, statuses,"
        " ratings, files, created_at FROM checkin ORDER BY date, target_level"
    ).fetchall()
    return [
        Checkin(
            id=r[0],
            date=dt.date.fromisoformat(r[1]),
            target_level=r[2],
            readiness=Decimal(r[3]),
            readiness_claimed=Decimal(r[4]),
            evidence_ids=tuple(json.loads(r[5])),
            statuses=json.loads(r[6]),
            ratings={c: (pair[0], pair[1]) for c, pair in json.loads(r[7]).items()},
            files=tuple(json.loads(r[8])),
            created_at=dt.datetime.fromisoformat(r[9]),
        )
        for r in rows
    ]


def fetch_profile(conn: sqlite3.Connection) -> Profile:
    """The profile (empty fields when never set)."""
    stored = dict(conn.execute("SELECT key, text FROM profile").fetchall())
    return Profile(**{k: stored.get(k, "") for k in Profile().fields()})


def put_profile(conn: sqlite3.Connection, profile: Profile) -> None:
    """Replace the profile (blank fields are removed)."""
    conn.execute("DELETE FROM profile")
    conn.executemany(
        "INSERT INTO profile (key, text) VALUES (?, ?)",
        [(k, v) for k, v in profile.fields().items() if v],
    )
