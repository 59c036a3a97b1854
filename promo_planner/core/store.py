"""The portfolio store: one SQLite file per engineer (SPEC section 3).

Every write is one ``BEGIN IMMEDIATE`` transaction, so a crash leaves all of it or none of it,
and another process (the TUI and a CLI command side by side) waits for the lock instead of
failing. Reads that touch several tables run in one deferred transaction, so a page of evidence
and its links come from one snapshot. The plan keeps a copy of the guideline's text: a moved or
edited ladder file never changes what the portfolio was planned against.

The schema and its migrations are in ``schema.py``; the row mapping is in ``rows.py``; the
rules for acceptable input are in ``input_rules.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import cast

from promo_planner.core import rows, schema
from promo_planner.core.errors import InputError
from promo_planner.core.ladder import Guideline
from promo_planner.core.records import (
    QUESTION_KEYS,
    STRENGTHS,
    CriterionLink,
    Evidence,
    EvidenceDraft,
    Note,
    Plan,
    Rating,
    ReportRecord,
    Strength,
    Thumb,
    Who,
)

NO_PLAN = "no plan yet: run promo-planner init --guideline ... --current ... --target ..."


def parse_stored_guideline(text: str) -> Guideline:
    """The guideline copy kept in a portfolio, parsed and validated like any guideline file."""
    # Imported here: the file-format validators cost ~150 ms to import, and an open portfolio
    # normally rebuilds its ladder from the resolved JSON instead.
    from promo_planner.core.loader import parse_guideline

    return parse_guideline(text, "stored guideline copy")


def plan_problems(plan: Plan, guideline: Guideline) -> list[str]:
    """Why ``plan`` cannot stand against ``guideline``, one readable line each (unknown
    levels, a target that is not a promotion from the current level, numbers out of range)."""
    # The input rules are imported by the writes that need them: opening a portfolio to read
    # it (the TUI's first frame, read-only commands) has no use for them.
    from promo_planner.core.input_rules import plan_field_problems

    return [
        f"{field.replace('_', ' ')}: {message}"
        for field, message in plan_field_problems(plan, guideline)
    ]


@dataclass(frozen=True)
class PortfolioContent:
    """Everything in a portfolio at one moment: what export writes and import replaces."""

    plan: Plan | None
    guideline: Guideline | None
    evidence: tuple[Evidence, ...]
    ratings: tuple[Rating, ...]
    answers: dict[str, str]
    notes: tuple[Note, ...]
    reports: tuple[ReportRecord, ...]


class Store:
    """One open portfolio. Safe to share between threads; other processes may write too."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        """Wrap an open, migrated connection; use ``Store.open``."""
        self._conn = conn
        self._path = path
        self._lock = threading.RLock()
        self._local_writes = 0
        self._guideline_cache: tuple[str, Guideline] | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Store:
        """Open (creating when missing, mode 0600) and migrate the portfolio at ``path``."""
        file = Path(path)
        try:
            file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Created here, owner-only, before SQLite sees it: SQLite gives the -wal and -shm
            # files the permissions of the database file.
            os.close(os.open(file, os.O_RDWR | os.O_CREAT, 0o600))
        except OSError as exc:
            raise InputError(f"{file}: cannot open the portfolio ({exc.strerror})") from None
        conn = schema.connect(str(file))
        try:
            schema.migrate(conn, str(file))
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise InputError(f"{file}: not a promo-planner portfolio ({exc})") from None
        except BaseException:
            conn.close()
            raise
        return cls(conn, file)

    @property
    def path(self) -> Path:
        """The portfolio file."""
        return self._path

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits, or (on any exception) none of it."""
        with self._lock:
            conn = self._conn
            schema.retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            schema.retry_busy(lambda: conn.execute("COMMIT"))
            self._local_writes += 1

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several queries (WAL readers never wait for writers)."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    def data_version(self) -> int:
        """A number that changes whenever this or any other process commits a change.

        Cheap enough to poll: ``PRAGMA data_version`` sees other connections' commits and a
        local counter sees this store's own.
        """
        with self._lock:
            others = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            return (others << 32) + self._local_writes

    def integrity_problems(self) -> list[str]:
        """What ``PRAGMA integrity_check`` and ``foreign_key_check`` find; empty when healthy."""
        with self._lock:
            found = [str(r[0]) for r in self._conn.execute("PRAGMA integrity_check")]
            problems = [] if found == ["ok"] else found
            problems += [repr(tuple(r)) for r in self._conn.execute("PRAGMA foreign_key_check")]
        return problems

    # -- plan and guideline ------------------------------------------------------------------

    def plan(self) -> Plan | None:
        """The current plan, or None before ``init``."""
        with self._lock:
            return rows.get_plan(self._conn)

    def require_plan(self) -> Plan:
        """The plan, or the "no plan yet" InputError."""
        plan = self.plan()
        if plan is None:
            raise InputError(NO_PLAN)
        return plan

    def guideline(self) -> Guideline:
        """The guideline the plan was made against, rebuilt from the stored copy (cached)."""
        with self._lock:
            row = self._conn.execute("SELECT guideline_sha256 FROM plan WHERE id = 1").fetchone()
            if row is None:
                raise InputError(NO_PLAN)
            digest = str(row[0])
            if self._guideline_cache is not None and self._guideline_cache[0] == digest:
                return self._guideline_cache[1]
            source, resolved = self._conn.execute(
                "SELECT guideline_source, guideline_json FROM plan WHERE id = 1"
            ).fetchone()
            if resolved is not None:
                guideline = Guideline.from_json(json.loads(resolved), source)
            else:
                guideline = parse_stored_guideline(source)
            self._guideline_cache = (digest, guideline)
            return guideline

    def set_plan(self, plan: Plan, guideline: Guideline) -> Plan:
        """Create or replace the plan, keeping a copy of ``guideline``'s text.

        Evidence and links are untouched: links to criteria the new guideline lacks stay
        (``Assessment.orphan_links`` reports them). Returns the plan as stored.
        """
        if not guideline.source:
            raise ValueError("set_plan needs the guideline's file text (Guideline.source)")
        problems = plan_problems(plan, guideline)
        if problems:
            raise InputError(problems)
        plan = replace(plan, guideline_id=guideline.id, guideline_version=guideline.version)
        with self._write() as conn:
            self._guideline_cache = (rows.put_plan(conn, plan, guideline), guideline)
        return plan

    def _check_criteria(self, criterion_ids: Iterable[str], allowed: Iterable[str] = ()) -> None:
        """InputError for criteria the plan's guideline lacks (``allowed`` ones excepted)."""
        exempt = set(allowed)
        wanted = [c for c in criterion_ids if c not in exempt]
        if not wanted:
            return
        guideline = self.guideline()
        unknown = [c for c in wanted if c not in guideline.criterion_by_id]
        if unknown:
            name = f"{guideline.id} {guideline.version}" if guideline.version else guideline.id
            raise InputError(
                f"criterion {c!r}: not in guideline {name}"
                f" (see promo-planner guideline show {guideline.id})"
                for c in unknown
            )

    # -- evidence ----------------------------------------------------------------------------

    @staticmethod
    def _valid_draft(draft: EvidenceDraft, today: dt.date | None = None) -> EvidenceDraft:
        from promo_planner.core.input_rules import clean_draft, draft_problems

        draft = clean_draft(draft)
        problems = draft_problems(draft, today=today)
        if problems:
            raise InputError(f"evidence {field}: {message}" for field, message in problems)
        return draft

    def add_evidence(self, draft: EvidenceDraft, *, today: dt.date | None = None) -> Evidence:
        """Store new evidence with its criterion links; returns it with its id.

        ``today`` (default: the real date) is the day the user says it is (``--today``, the
        app's pretend date): evidence dated after it is refused (SPEC 4).
        """
        draft = self._valid_draft(draft, today or dt.date.today())
        self._check_criteria(link.criterion_id for link in draft.criteria)
        evidence = rows.evidence_from_draft(draft, 0, rows.now())
        with self._write() as conn:
            new_id = rows.insert_evidence(conn, evidence, keep_id=False)
        return replace(evidence, id=new_id)

    def update_evidence(
        self, evidence_id: int, draft: EvidenceDraft, *, today: dt.date | None = None
    ) -> Evidence:
        """Replace an evidence item's fields and links; returns the stored result.

        Links it already had to criteria the guideline no longer has may stay. ``today`` as
        for ``add_evidence``.
        """
        draft = self._valid_draft(draft, today or dt.date.today())
        before = self.evidence(evidence_id)
        self._check_criteria(
            (link.criterion_id for link in draft.criteria),
            allowed=(link.criterion_id for link in before.criteria),
        )
        updated = rows.evidence_from_draft(draft, evidence_id, before.created_at)
        with self._write() as conn:
            if not conn.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,)).rowcount:
                raise InputError(f"evidence {evidence_id}: no such evidence")
            rows.insert_evidence(conn, updated, keep_id=True)
        return updated

    def remove_evidence(self, evidence_id: int) -> Evidence:
        """Delete evidence and its links; returns it whole so it can be restored (undo)."""
        with self._write() as conn:
            found = rows.fetch_evidence(conn, "WHERE id = ?", (evidence_id,))
            if not found:
                raise InputError(f"evidence {evidence_id}: no such evidence")
            conn.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,))
        return found[0]

    def restore_evidence(self, evidence: Evidence) -> Evidence:
        """Put removed evidence back under its old id, links included (undo of remove)."""
        self._valid_draft(evidence)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM evidence WHERE id = ?", (evidence.id,)).fetchone():
                raise InputError(f"evidence {evidence.id}: already exists")
            rows.insert_evidence(conn, evidence, keep_id=True)
        return evidence

    def evidence(self, evidence_id: int) -> Evidence:
        """One evidence item; InputError when there is none with that id."""
        with self._read() as conn:
            found = rows.fetch_evidence(conn, "WHERE id = ?", (evidence_id,))
        if not found:
            raise InputError(f"evidence {evidence_id}: no such evidence")
        return found[0]

    def list_evidence(
        self, *, search: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Evidence]:
        """Evidence, newest date first (then newest id), optionally searched and paged.

        ``search``: every word must occur in the title, description, tags, impact or kind.
        """
        where, terms = rows.search_clause(search)
        params: list[str | int] = [*terms]
        tail = "ORDER BY date DESC, id DESC"
        if limit is not None or offset:
            tail += " LIMIT ? OFFSET ?"
            params += [limit if limit is not None else -1, max(offset, 0)]
        with self._read() as conn:
            return rows.fetch_evidence(conn, where, params, tail)

    def evidence_index(self) -> list[tuple[int, dt.date, tuple[CriterionLink, ...]]]:
        """Every piece of evidence as ``(id, date, links)``, newest first, without its text:
        what a summary of the whole portfolio needs (the report), read as one snapshot."""
        with self._read() as conn:
            return rows.fetch_evidence_index(conn)

    def evidence_items(self, ids: Iterable[int]) -> list[Evidence]:
        """The evidence with these ids in full, newest first (ids not found are skipped)."""
        with self._read() as conn:
            return rows.fetch_evidence_by_ids(conn, ids)

    def count_evidence(self, search: str | None = None) -> int:
        """How many evidence items match ``search`` (all when None)."""
        where, params = rows.search_clause(search)
        with self._lock:
            found = self._conn.execute(f"SELECT count(*) FROM evidence {where}", params)
            return int(found.fetchone()[0])

    # -- links -------------------------------------------------------------------------------

    def link(self, evidence_id: int, criterion_id: str, strength: Strength = "full") -> None:
        """Link evidence to a criterion of the plan's guideline (re-linking sets the strength)."""
        if strength not in STRENGTHS:
            raise InputError(f"strength {strength!r}: must be full or partial")
        self._check_criteria([criterion_id])
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM evidence WHERE id = ?", (evidence_id,)).fetchone():
                raise InputError(f"evidence {evidence_id}: no such evidence")
            conn.execute(
                "INSERT INTO link (evidence_id, criterion_id, strength) VALUES (?, ?, ?)"
                " ON CONFLICT (evidence_id, criterion_id)"
                " DO UPDATE SET strength = excluded.strength",
                (evidence_id, criterion_id, strength),
            )

    def unlink(self, evidence_id: int, criterion_id: str) -> None:
        """Remove one link (an orphan one too); InputError when it does not exist."""
        with self._write() as conn:
            gone = conn.execute(
                "DELETE FROM link WHERE evidence_id = ? AND criterion_id = ?",
                (evidence_id, criterion_id),
            ).rowcount
            if gone:
                return
            if not conn.execute("SELECT 1 FROM evidence WHERE id = ?", (evidence_id,)).fetchone():
                raise InputError(f"evidence {evidence_id}: no such evidence")
            raise InputError(f"evidence {evidence_id}: not linked to {criterion_id!r}")

    def links(self) -> list[tuple[int, str, Strength]]:
        """Every link as ``(evidence_id, criterion_id, strength)``, by evidence id."""
        with self._lock:
            found = self._conn.execute(
                "SELECT evidence_id, criterion_id, strength FROM link ORDER BY rowid"
            ).fetchall()
        # A stable sort of the rowid order gives each item's links in the order they were made.
        # The rows are nearly in evidence order already, so this costs little, where SQLite's
        # "ORDER BY evidence_id, rowid" built a temporary B-tree (twice the time at 20,000).
        found.sort(key=itemgetter(0))
        # The columns' types already are int, str and 'full' | 'partial' (CHECK constraint).
        return cast(list[tuple[int, str, Strength]], found)

    # -- ratings, answers, notes -------------------------------------------------------------

    def rate(
        self,
        criterion_id: str,
        who: Who,
        value: Thumb | None,
        note: str = "",
        on: dt.date | None = None,
    ) -> None:
        """Set (or, with ``value=None``, clear) one side's 👍/👎 on a criterion."""
        if who not in ("self", "manager"):
            raise InputError(f"rating: {who!r} must be self or manager")
        if value is None:
            # Clearing needs no guideline check: a rating a re-plan orphaned can still go.
            with self._write() as conn:
                conn.execute(
                    "DELETE FROM rating WHERE criterion_id = ? AND who = ?", (criterion_id, who)
                )
            return
        if value not in ("up", "down"):
            raise InputError(f"rating: {value!r} must be up, down or clear")
        from promo_planner.core.input_rules import text_problems

        problems = text_problems(note, "rating note", required=False)
        if problems:
            raise InputError(f"{field}: {message}" for field, message in problems)
        self._check_criteria([criterion_id])
        rating = Rating(criterion_id, who, value, note.strip(), on or dt.date.today())
        with self._write() as conn:
            rows.put_ratings(conn, [rating])

    def ratings(self) -> list[Rating]:
        """All current ratings, by criterion, self before manager."""
        with self._lock:
            return rows.fetch_ratings(self._conn)

    def answers(self) -> dict[str, str]:
        """The engineer's answers to the 1:1 questions, in the questions' order."""
        with self._lock:
            stored = dict(self._conn.execute("SELECT key, text FROM answer").fetchall())
        return {key: stored[key] for key in QUESTION_KEYS if key in stored}

    def set_answer(self, key: str, text: str) -> None:
        """Answer one open question (``QUESTION_KEYS``); blank text clears the answer."""
        if key not in QUESTION_KEYS:
            raise InputError(f"question {key!r}: unknown (questions: {', '.join(QUESTION_KEYS)})")
        if text.strip():
            from promo_planner.core.input_rules import text_problems

            problems = text_problems(text, f"answer {key}")
            if problems:
                raise InputError(f"{field}: {message}" for field, message in problems)
        with self._write() as conn:
            if text.strip():
                conn.execute("INSERT OR REPLACE INTO answer (key, text) VALUES (?, ?)", (key, text))
            else:
                conn.execute("DELETE FROM answer WHERE key = ?", (key,))

    def notes(self) -> list[Note]:
        """The 1:1 notes, oldest first."""
        with self._lock:
            return rows.fetch_notes(self._conn)

    def add_note(self, text: str, on: dt.date) -> Note:
        """Add a dated 1:1 note."""
        from promo_planner.core.input_rules import text_problems

        problems = text_problems(text, "note")
        if problems:
            raise InputError(f"{field}: {message}" for field, message in problems)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO note (date, text) VALUES (?, ?)", (on.isoformat(), text)
            )
        return Note(int(cast(int, cursor.lastrowid)), on, text)

    def remove_note(self, note_id: int) -> None:
        """Delete a note; InputError when there is none with that id."""
        with self._write() as conn:
            if not conn.execute("DELETE FROM note WHERE id = ?", (note_id,)).rowcount:
                raise InputError(f"note {note_id}: no such note")

    # -- report history ----------------------------------------------------------------------

    def record_report(
        self,
        today: dt.date,
        readiness: Decimal,
        evidence_ids: Iterable[int],
        format: str,
        path: str,
    ) -> ReportRecord:
        """Remember that a report was written (the baseline of "since the last report")."""
        record = ReportRecord(
            0, rows.now(), today, readiness, tuple(sorted(set(evidence_ids))), format, path
        )
        with self._write() as conn:
            new_id = rows.insert_report(conn, record, keep_id=False)
        return replace(record, id=new_id)

    def reports(self) -> list[ReportRecord]:
        """Every recorded report, oldest first."""
        with self._lock:
            return rows.fetch_reports(self._conn, "ORDER BY id")

    def last_report(self) -> ReportRecord | None:
        """The most recently recorded report, if any."""
        with self._lock:
            found = rows.fetch_reports(self._conn, "ORDER BY id DESC LIMIT 1")
        return found[0] if found else None

    # -- the whole portfolio (export / import) -----------------------------------------------

    def content(self) -> PortfolioContent:
        """The whole portfolio from one consistent snapshot, everything in id order."""
        with self._read() as conn:
            plan = rows.get_plan(conn)
            guideline = self.guideline() if plan is not None else None
            return PortfolioContent(
                plan=plan,
                guideline=guideline,
                evidence=tuple(rows.fetch_evidence(conn, tail="ORDER BY id")),
                ratings=tuple(rows.fetch_ratings(conn)),
                answers=self.answers(),
                notes=tuple(rows.fetch_notes(conn, order="id")),
                reports=tuple(rows.fetch_reports(conn, "ORDER BY id")),
            )

    def replace_content(self, content: PortfolioContent) -> None:
        """Replace everything in the portfolio with ``content``, in one transaction.

        ``content`` must already be validated (the importer does it); ids are kept.
        """
        guideline = content.guideline
        if content.plan is not None and (guideline is None or not guideline.source):
            raise ValueError("a plan needs its guideline, with the file text")
        with self._write() as conn:
            for table in ("link", "evidence", "rating", "answer", "note", "report", "plan"):
                conn.execute(f"DELETE FROM {table}")
            if content.plan is not None and guideline is not None:
                rows.put_plan(conn, content.plan, guideline)
            for item in content.evidence:
                rows.insert_evidence(conn, item, keep_id=True)
            rows.put_ratings(conn, content.ratings)
            conn.executemany(
                "INSERT INTO answer (key, text) VALUES (?, ?)", content.answers.items()
            )
            conn.executemany(
                "INSERT INTO note (id, date, text) VALUES (?, ?, ?)",
                [(n.id, n.date.isoformat(), n.text) for n in content.notes],
            )
            for report in content.reports:
                rows.insert_report(conn, report, keep_id=True)
            self._guideline_cache = None
