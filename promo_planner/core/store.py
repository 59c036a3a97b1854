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

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import cast

from promo_planner.core import inbox_rows, rows, schema
from promo_planner.core.errors import InputError
from promo_planner.core.inbox import Candidate, CandidateDraft, CandidateStatus
from promo_planner.core.ladder import Guideline
from promo_planner.core.records import (
    QUESTION_KEYS,
    RATING_VALUES,
    STRENGTHS,
    Checkin,
    CriterionLink,
    Evidence,
    EvidenceDraft,
    Note,
    Plan,
    Profile,
    Rating,
    RatingValue,
    Strength,
    Who,
    latest_ratings,
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


def _file_identity(path: Path) -> tuple[int, int] | None:
    """``(device, inode)`` of the file at ``path``, or None when there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _check_portfolio_file(file: Path, *, create: bool) -> None:
    """The portfolio path names a regular file (created owner-only when missing and
    ``create``); InputError otherwise. Never opens an existing file."""
    import stat

    try:
        info = os.stat(file)
    except FileNotFoundError:
        if not create:
            raise InputError(f"{NO_PLAN} (no portfolio at {file})") from None
        try:
            file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Created here, owner-only, before SQLite sees it: SQLite gives the -wal and -shm
            # files the permissions of the database file. O_EXCL: never an existing file.
            os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process created it a moment ago; identified below like any other
        except OSError as exc:
            raise InputError(f"{file}: cannot create the portfolio ({exc.strerror})") from None
        return
    except OSError as exc:
        raise InputError(f"{file}: cannot open the portfolio ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{file}: is a directory; give the portfolio's file name")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{file}: not a regular file (a pipe or a device); not a portfolio")


def _rollback(conn: sqlite3.Connection) -> None:
    """End the open transaction, if any, without raising (the original error matters more)."""
    with contextlib.suppress(sqlite3.Error):
        if conn.in_transaction:
            conn.execute("ROLLBACK")


@dataclass(frozen=True)
class PortfolioContent:
    """Everything in a portfolio at one moment: what export writes and import replaces."""

    plan: Plan | None
    guideline: Guideline | None
    evidence: Collection[Evidence]
    """A tuple, or (from a long import file) a ``Spool`` read back one item at a time."""
    ratings: tuple[Rating, ...]
    """The whole rating history, in the order it was entered."""
    answers: dict[str, str]
    """The engineer's answers to the 1:1 questions."""
    notes: tuple[Note, ...]
    checkins: tuple[Checkin, ...] = ()
    manager_answers: dict[str, str] = field(default_factory=dict)
    profile: Profile = field(default_factory=Profile)
    inbox: Collection[Candidate] = ()


class Store:
    """One open portfolio. Safe to share between threads; other processes may write too."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        """Wrap an open, migrated connection; use ``Store.open``."""
        self._conn = conn
        self._path = path
        self._lock = threading.RLock()
        self._local_writes = 0
        self._guideline_cache: tuple[str, Guideline] | None = None
        self._identity = _file_identity(path)

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, create: bool = False, read_only: bool = False
    ) -> Store:
        """Open and migrate the portfolio at ``path``.

        With ``create`` a missing file is created (owner-only, mode 0600) and an empty file
        becomes a portfolio; without it (every command but ``init``, ``import`` and the app)
        a missing or empty file is the "no plan yet" InputError and nothing is created. A file
        that is not a portfolio is refused before anything is written to it.

        A process keeps one Store per portfolio for its life: nothing here opens and closes
        another descriptor on an existing database file (that would drop the process's SQLite
        locks, SPEC 3); a new file is created before any connection to it exists.

        ``read_only`` (shell completion: a peek at the portfolio on every Tab) creates nothing,
        migrates nothing and refuses every write; a portfolio of an older schema is the
        InputError of ``schema.require_current``.
        """
        file = Path(path)
        if not str(path):
            raise InputError("--data: the portfolio path is empty")
        _check_portfolio_file(file, create=create and not read_only)
        conn = schema.connect(str(file), create=create and not read_only, read_only=read_only)
        try:
            if read_only:
                schema.require_current(conn, str(file))
            else:
                schema.migrate(conn, str(file))
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise InputError(f"{file}: {schema.problem_of(exc)}") from None
        except BaseException:
            conn.close()
            raise
        return cls(conn, file)

    @property
    def path(self) -> Path:
        """The portfolio file."""
        return self._path

    def file_problem(self) -> str | None:
        """Why the portfolio file is no longer the one this store opened (deleted, replaced),
        or None while it is. Cheap (one ``stat``): the app checks it as it polls."""
        now = _file_identity(self._path)
        if now is None:
            return f"{self._path}: the portfolio file was deleted while open"
        if now != self._identity:
            return f"{self._path}: the portfolio file was replaced while open"
        return None

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
        """One write transaction: all of it commits, or (on any exception) none of it.

        Refused when the file was deleted or replaced under the store (writing on would only
        reach an unlinked file); SQLite's own failures (read-only, disk full, damaged file)
        become one InputError line.
        """
        with self._lock:
            problem = self.file_problem()
            if problem:
                raise InputError(f"{problem}; nothing was saved")
            conn = self._conn
            try:
                schema.retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"))
            except sqlite3.DatabaseError as exc:
                raise InputError(f"{self._path}: {schema.problem_of(exc)}") from None
            try:
                yield conn
                schema.retry_busy(lambda: conn.execute("COMMIT"))
            except sqlite3.DatabaseError as exc:
                _rollback(conn)
                raise InputError(
                    f"{self._path}: {schema.problem_of(exc)}; nothing was saved"
                ) from None
            except BaseException:
                _rollback(conn)
                raise
            self._local_writes += 1

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several queries (WAL readers never wait for writers): everything
        read inside comes from the same moment of the portfolio."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN")
            except sqlite3.DatabaseError as exc:
                raise InputError(f"{self._path}: {schema.problem_of(exc)}") from None
            try:
                yield conn
            except sqlite3.DatabaseError as exc:
                raise InputError(f"{self._path}: {schema.problem_of(exc)}") from None
            finally:
                _rollback(conn)

    _read = reading

    def data_version(self) -> int:
        """A number that changes whenever this or any other process commits a change.

        Cheap enough to poll: ``PRAGMA data_version`` sees other connections' commits and a
        local counter sees this store's own.
        """
        with self._lock:
            others = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            return (others << 32) + self._local_writes

    @staticmethod
    def written_elsewhere(before: int, after: int) -> bool:
        """True when another process committed between two ``data_version`` readings (this
        store's own writes aside)."""
        return before >> 32 != after >> 32

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
    def _valid_draft(draft: EvidenceDraft, today: dt.date | None) -> EvidenceDraft:
        """The draft cleaned and checked; with ``today``, dated on or before it (SPEC 4)."""
        from promo_planner.core.input_rules import clean_draft, draft_problems

        draft = clean_draft(draft)
        problems = draft_problems(draft, today=today)
        if problems:
            raise InputError(f"evidence {field}: {message}" for field, message in problems)
        return draft

    def add_evidence(self, draft: EvidenceDraft, *, today: dt.date | None = None) -> Evidence:
        """Store new evidence with its criterion links; returns it with its id.

        ``today`` (the program's date, which ``--today`` may pretend; the real date when not
        given) refuses evidence dated after it (SPEC 4) and dates the links.
        """
        evidence = self._new_evidence(draft, today or dt.date.today())
        with self._write() as conn:
            new_id = rows.insert_evidence(conn, evidence, keep_id=False)
        return replace(evidence, id=new_id)

    def _new_evidence(self, draft: EvidenceDraft, today: dt.date | None) -> Evidence:
        """A checked draft as evidence about to be stored: its links dated now."""
        draft = self._valid_draft(draft, today)
        self._check_criteria(link.criterion_id for link in draft.criteria)
        moment = rows.moment()
        evidence = rows.evidence_from_draft(draft, 0, moment.replace(microsecond=0))
        return replace(
            evidence, criteria=rows.dated_links(draft.criteria, today or moment.date(), moment)
        )

    def update_evidence(
        self, evidence_id: int, draft: EvidenceDraft, *, today: dt.date | None = None
    ) -> Evidence:
        """Replace an evidence item's fields and links; returns the stored result.

        Links it already had keep the moment they were made (and may point at criteria the
        guideline no longer has); new links are dated now. ``today`` as for ``add_evidence``.
        """
        today = today or dt.date.today()
        draft = self._valid_draft(draft, today)
        before = self.evidence(evidence_id)
        self._check_criteria(
            (link.criterion_id for link in draft.criteria),
            allowed=(link.criterion_id for link in before.criteria),
        )
        kept = {link.criterion_id: link for link in before.criteria}
        moment = rows.moment()
        links = tuple(
            replace(kept[link.criterion_id], strength=link.strength)
            if link.criterion_id in kept
            else link
            for link in draft.criteria
        )
        updated = replace(
            rows.evidence_from_draft(draft, evidence_id, before.created_at),
            criteria=rows.dated_links(links, today or moment.date(), moment),
        )
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
        self._valid_draft(evidence, None)
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

    def evidence_ids(self, prefix: str = "", *, limit: int | None = None) -> list[int]:
        """Ids of the evidence, newest first, whose decimal id starts with ``prefix`` (at most
        ``limit``): what a shell offers as ``evidence show 12<Tab>``, without reading items."""
        if prefix and not prefix.isdecimal():
            return []
        with self._read() as conn:
            found = conn.execute(
                "SELECT id FROM evidence WHERE CAST(id AS TEXT) LIKE ? || '%'"
                " ORDER BY date DESC, id DESC LIMIT ?",
                (prefix, -1 if limit is None else limit),
            )
            return [int(row[0]) for row in found]

    def newest_linked(
        self, criterion_ids: Iterable[str], per_criterion: int, *, leave_out: int | None = None
    ) -> dict[str, list[int]]:
        """For each of ``criterion_ids`` with evidence linked, the ids of its newest
        ``per_criterion`` pieces (``leave_out`` aside), newest first: what a suggestion ranker
        learns from, found without reading the whole portfolio's index."""
        with self._read() as conn:
            return rows.fetch_newest_linked(conn, criterion_ids, per_criterion, leave_out)

    def evidence_words(
        self, ids: Iterable[int]
    ) -> dict[int, tuple[str, str, list[str], list[str]]]:
        """``(title, description, impact, tags)`` of the evidence with these ids, by id."""
        with self._read() as conn:
            return rows.fetch_evidence_words(conn, ids)

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

    def link(
        self,
        evidence_id: int,
        criterion_id: str,
        strength: Strength = "full",
        *,
        today: dt.date | None = None,
    ) -> CriterionLink | None:
        """Link evidence to a criterion of the plan's guideline (re-linking sets the strength
        and keeps the moment of the first link). Returns the link it replaced, if any, so the
        app can undo it."""
        if strength not in STRENGTHS:
            raise InputError(f"strength {strength!r}: must be full or partial")
        self._check_criteria([criterion_id])
        moment = rows.moment()
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM evidence WHERE id = ?", (evidence_id,)).fetchone():
                raise InputError(f"evidence {evidence_id}: no such evidence")
            before = conn.execute(
                "SELECT strength, linked_on, linked_at FROM link"
                " WHERE evidence_id = ? AND criterion_id = ?",
                (evidence_id, criterion_id),
            ).fetchone()
            conn.execute(
                "INSERT INTO link (evidence_id, criterion_id, strength, linked_on, linked_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (evidence_id, criterion_id)"
                " DO UPDATE SET strength = excluded.strength",
                (
                    evidence_id,
                    criterion_id,
                    strength,
                    (today or moment.date()).isoformat(),
                    moment.isoformat(),
                ),
            )
        if before is None:
            return None
        return CriterionLink(
            criterion_id,
            before[0],
            dt.date.fromisoformat(before[1]) if before[1] else None,
            dt.datetime.fromisoformat(before[2]) if before[2] else None,
        )

    def unlink(self, evidence_id: int, criterion_id: str) -> CriterionLink:
        """Remove one link (an orphan one too) and return it, dates included, so it can be put
        back (``relink``); InputError when it does not exist."""
        with self._write() as conn:
            found = conn.execute(
                "DELETE FROM link WHERE evidence_id = ? AND criterion_id = ?"
                " RETURNING strength, linked_on, linked_at",
                (evidence_id, criterion_id),
            ).fetchone()
            if found:
                return CriterionLink(
                    criterion_id,
                    found[0],
                    dt.date.fromisoformat(found[1]) if found[1] else None,
                    dt.datetime.fromisoformat(found[2]) if found[2] else None,
                )
            if not conn.execute("SELECT 1 FROM evidence WHERE id = ?", (evidence_id,)).fetchone():
                raise InputError(f"evidence {evidence_id}: no such evidence")
            raise InputError(f"evidence {evidence_id}: not linked to {criterion_id!r}")

    def relink(self, evidence_id: int, link: CriterionLink) -> None:
        """Put back a link exactly as it was (undo of unlink or of a re-link)."""
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM evidence WHERE id = ?", (evidence_id,)).fetchone():
                raise InputError(f"evidence {evidence_id}: no such evidence")
            conn.execute(
                "INSERT OR REPLACE INTO link (evidence_id, criterion_id, strength, linked_on,"
                " linked_at) VALUES (?, ?, ?, ?, ?)",
                rows.link_row(evidence_id, link),
            )

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

    def rename_criteria(self, renames: Mapping[str, str]) -> None:
        """Move links and ratings stored under an old criterion id to the new id
        (``revision.carried_links`` says which), in one transaction. Where the evidence is
        already linked (or the criterion rated) under the new id, the old row stays as it was
        (kept, not counted): nothing is merged away."""
        if not renames:
            return
        with self._write() as conn:
            for old, new in renames.items():
                for table in ("link", "rating_event"):
                    conn.execute(
                        f"UPDATE OR IGNORE {table} SET criterion_id = ? WHERE criterion_id = ?",
                        (new, old),
                    )

    # -- ratings, answers, notes, profile --------------------------------------------------

    def rate(
        self,
        criterion_id: str,
        who: Who,
        value: RatingValue | None,
        note: str = "",
        on: dt.date | None = None,
    ) -> Rating:
        """Record one side's 👍/👎 on a criterion, or ``clear`` (``None`` means clear too).

        Nothing is overwritten (SPEC 4): the rating joins the history, dated ``on`` (today
        by default), and the latest one counts. Returns the stored rating.
        """
        if who not in ("self", "manager"):
            raise InputError(f"rating: {who!r} must be self or manager")
        value = "clear" if value is None else value
        if value not in RATING_VALUES:
            raise InputError(f"rating: {value!r} must be up, down or clear")
        from promo_planner.core.input_rules import text_problems

        problems = text_problems(note, "rating note", required=False)
        if problems:
            raise InputError(f"{field}: {message}" for field, message in problems)
        if value != "clear":
            # Clearing needs no guideline check: a rating a re-plan orphaned can still go.
            self._check_criteria([criterion_id])
        note = note.strip()
        rating = Rating(criterion_id, who, value, note, on or dt.date.today(), rows.moment())
        with self._write() as conn:
            rows.insert_ratings(conn, [rating], keep_id=False)
            new_id = int(conn.execute("SELECT last_insert_rowid()").fetchone()[0])
        return replace(rating, id=new_id)

    def record_review(self, ratings: Iterable[Rating], answers: Mapping[str, str]) -> int:
        """The manager's side of a check-in (``checkin_form.Review``), in one transaction: their
        ratings join the history (a rating the same as their latest of that criterion, same
        day and note, is not added twice) and their answers replace the earlier ones. Returns
        how many ratings were added. Everything is checked first: all of it or none."""
        from promo_planner.core.input_rules import text_problems

        given = list(ratings)
        problems = [
            f"{field}: {message}"
            for r in given
            for field, message in text_problems(
                r.note, f"rating note on {r.criterion_id}", required=False
            )
        ]
        problems += [
            f"{field}: {message}"
            for key, text in answers.items()
            for field, message in text_problems(text, f"answer {key}")
        ]
        problems += [f"question {key!r}: unknown" for key in answers if key not in QUESTION_KEYS]
        if any(r.who != "manager" or r.value not in ("up", "down") for r in given):
            problems.append("review: only the manager's up or down ratings")
        if problems:
            raise InputError(problems)
        self._check_criteria([r.criterion_id for r in given])
        with self._write() as conn:
            latest = latest_ratings(rows.fetch_ratings(conn))
            new = []
            for r in given:
                before = latest.get((r.criterion_id, "manager"))
                same = before is not None and (before.value, before.note, before.rated_on) == (
                    r.value,
                    r.note,
                    r.rated_on,
                )
                if not same:
                    new.append(replace(r, recorded_at=rows.moment()))
            rows.insert_ratings(conn, new, keep_id=False)
            conn.executemany(
                "INSERT OR REPLACE INTO answer (key, who, text) VALUES (?, 'manager', ?)",
                list(answers.items()),
            )
        return len(new)

    def unrate(self, rating_id: int) -> None:
        """Take back one rating (undo of ``rate``); InputError when it is not there."""
        with self._write() as conn:
            if not conn.execute("DELETE FROM rating_event WHERE id = ?", (rating_id,)).rowcount:
                raise InputError(f"rating {rating_id}: no such rating")

    def ratings(self) -> list[Rating]:
        """Every rating ever given, in the order entered (``latest_ratings`` picks what
        counts)."""
        with self._lock:
            return rows.fetch_ratings(self._conn)

    def answers(self, who: Who = "self") -> dict[str, str]:
        """One side's answers to the 1:1 questions, in the questions' order."""
        with self._lock:
            return rows.answers_of(rows.fetch_answers(self._conn), who)

    def set_answer(self, key: str, text: str, who: Who = "self") -> str:
        """Answer one open question (``QUESTION_KEYS``); blank text clears the answer.
        Returns the answer it replaced ("" when none), so it can be undone."""
        if key not in QUESTION_KEYS:
            raise InputError(f"question {key!r}: unknown (questions: {', '.join(QUESTION_KEYS)})")
        if text.strip():
            from promo_planner.core.input_rules import text_problems

            problems = text_problems(text, f"answer {key}")
            if problems:
                raise InputError(f"{field}: {message}" for field, message in problems)
        with self._write() as conn:
            row = conn.execute(
                "SELECT text FROM answer WHERE key = ? AND who = ?", (key, who)
            ).fetchone()
            if text.strip():
                conn.execute(
                    "INSERT OR REPLACE INTO answer (key, who, text) VALUES (?, ?, ?)",
                    (key, who, text),
                )
            else:
                conn.execute("DELETE FROM answer WHERE key = ? AND who = ?", (key, who))
        return str(row[0]) if row else ""

    def notes(self) -> list[Note]:
        """The 1:1 notes, oldest first."""
        with self._lock:
            return rows.fetch_notes(self._conn)

    def add_note(self, text: str, on: dt.date, *, note_id: int | None = None) -> Note:
        """Add a dated 1:1 note (under ``note_id`` when putting a removed one back)."""
        from promo_planner.core.input_rules import text_problems

        problems = text_problems(text, "note")
        if problems:
            raise InputError(f"{field}: {message}" for field, message in problems)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO note (id, date, text) VALUES (?, ?, ?)",
                (note_id, on.isoformat(), text),
            )
        return Note(int(cast(int, cursor.lastrowid)), on, text)

    def remove_note(self, note_id: int) -> Note:
        """Delete a note and return it (for undo); InputError when there is none with that id."""
        with self._write() as conn:
            found = conn.execute(
                "DELETE FROM note WHERE id = ? RETURNING date, text", (note_id,)
            ).fetchone()
            if not found:
                raise InputError(f"note {note_id}: no such note")
        return Note(note_id, dt.date.fromisoformat(found[0]), found[1])

    def profile(self) -> Profile:
        """Who the reports are about."""
        with self._lock:
            return rows.fetch_profile(self._conn)

    def set_profile(self, profile: Profile) -> Profile:
        """Replace the profile (blank fields are cleared); returns it as stored."""
        from promo_planner.core.input_rules import character_problem

        cleaned = Profile(**{k: v.strip() for k, v in profile.fields().items()})
        problems = []
        for key, value in cleaned.fields().items():
            found = character_problem(value)
            if found:
                problems.append(f"profile {key}: {found}")
            elif len(value) > 200:
                problems.append(f"profile {key}: is longer than 200 characters")
        if problems:
            raise InputError(problems)
        with self._write() as conn:
            rows.put_profile(conn, cleaned)
        return cleaned

    # -- check-ins ---------------------------------------------------------------------------

    def record_checkin(self, checkin: Checkin) -> Checkin:
        """Record what a 1:1 was shown on ``checkin.date`` for its target level; a second
        one the same day for the same target replaces the first (its files are kept)."""
        with self._write() as conn:
            new_id = rows.put_checkin(conn, replace(checkin, created_at=rows.now()), keep_id=False)
            stored = next(c for c in rows.fetch_checkins(conn) if c.id == new_id)
        return stored

    def checkins(self) -> list[Checkin]:
        """Every check-in, oldest day first."""
        with self._lock:
            return rows.fetch_checkins(self._conn)

    # -- the inbox: work capture found, waiting for review (SQL in inbox_rows.py) -------------

    def add_candidates(self, drafts: Iterable[CandidateDraft]) -> list[Candidate]:
        """Put new candidates in the inbox; those whose fingerprint it already holds (pending,
        accepted or dismissed) are skipped. Returns the ones added, with their numbers."""
        with self._write() as conn:
            return inbox_rows.insert_new(conn, drafts, rows.now())

    def candidates(self, status: CandidateStatus | None = "pending") -> list[Candidate]:
        """Candidates with ``status`` (every one when None), newest date first."""
        where, params = ("WHERE status = ?", [status]) if status else ("", [])
        with self._read() as conn:
            return inbox_rows.fetch(conn, where, params, "ORDER BY date DESC, id DESC")

    def candidate(self, candidate_id: int) -> Candidate:
        """One candidate by its number; InputError when there is none."""
        with self._read() as conn:
            return inbox_rows.get(conn, candidate_id)

    def inbox_commits(self) -> frozenset[str]:
        """Every commit a stored candidate covers: capture never proposes them again."""
        with self._read() as conn:
            return inbox_rows.covered_commits(conn)

    def accept_candidate(
        self, candidate_id: int, draft: EvidenceDraft, *, today: dt.date | None = None
    ) -> Evidence:
        """Make a pending candidate evidence (``draft``: ``inbox.evidence_draft`` of it, maybe
        edited) in one transaction; InputError when it is not pending or the draft is bad.
        ``today`` refuses a draft dated after it and dates the links (as ``add_evidence``)."""
        evidence = self._new_evidence(draft, today)
        with self._write() as conn:
            new_id = rows.insert_evidence(conn, evidence, keep_id=False)
            inbox_rows.set_status(
                conn, candidate_id, "accepted", was="pending", at=rows.now(), evidence_id=new_id
            )
        return replace(evidence, id=new_id)

    def return_candidate(self, candidate_id: int) -> Candidate:
        """Undo of accept: the evidence accepting made is deleted, links and all, and the
        candidate waits in the inbox again; InputError when it is not accepted."""
        with self._write() as conn:
            made = inbox_rows.get(conn, candidate_id).evidence_id
            inbox_rows.set_status(conn, candidate_id, "pending", was="accepted", at=None)
            if made is not None:
                conn.execute("DELETE FROM evidence WHERE id = ?", (made,))
            return inbox_rows.get(conn, candidate_id)

    def dismiss_candidate(self, candidate_id: int) -> Candidate:
        """Dismiss a pending candidate; it stays in the inbox's memory, never proposed again."""
        with self._write() as conn:
            inbox_rows.set_status(conn, candidate_id, "dismissed", was="pending", at=rows.now())
            return inbox_rows.get(conn, candidate_id)

    def restore_candidate(self, candidate_id: int) -> Candidate:
        """Put a dismissed candidate back among the pending ones (undo of dismiss)."""
        with self._write() as conn:
            inbox_rows.set_status(conn, candidate_id, "pending", was="dismissed", at=None)
            return inbox_rows.get(conn, candidate_id)

    # -- the whole portfolio (export / import) -----------------------------------------------

    def content(self) -> PortfolioContent:
        """The whole portfolio from one consistent snapshot, everything in id order."""
        with self.reading() as conn:
            plan = rows.get_plan(conn)
            guideline = self.guideline() if plan is not None else None
            answers = rows.fetch_answers(conn)
            return PortfolioContent(
                plan=plan,
                guideline=guideline,
                evidence=tuple(rows.fetch_evidence(conn, tail="ORDER BY id")),
                ratings=tuple(rows.fetch_ratings(conn)),
                answers=rows.answers_of(answers, "self"),
                notes=tuple(rows.fetch_notes(conn, order="id")),
                checkins=tuple(rows.fetch_checkins(conn)),
                manager_answers=rows.answers_of(answers, "manager"),
                profile=rows.fetch_profile(conn),
                inbox=tuple(inbox_rows.fetch(conn, tail="ORDER BY id")),
            )

    def replace_content(self, content: PortfolioContent) -> None:
        """Replace everything in the portfolio with ``content``, in one transaction.

        ``content`` must already be validated (the importer does it); ids are kept.
        """
        guideline = content.guideline
        if content.plan is not None and (guideline is None or not guideline.source):
            raise ValueError("a plan needs its guideline, with the file text")
        with self._write() as conn:
            for table in (
                "link",
                "evidence",
                "rating_event",
                "answer",
                "note",
                "checkin",
                "profile",
                "plan",
                "candidate",
            ):
                conn.execute(f"DELETE FROM {table}")
            if content.plan is not None and guideline is not None:
                rows.put_plan(conn, content.plan, guideline)
            for item in content.evidence:
                rows.insert_evidence(conn, item, keep_id=True)
            rows.insert_ratings(conn, content.ratings, keep_id=True)
            conn.executemany(
                "INSERT INTO answer (key, who, text) VALUES (?, ?, ?)",
                [(k, "self", t) for k, t in content.answers.items()]
                + [(k, "manager", t) for k, t in content.manager_answers.items()],
            )
            conn.executemany(
                "INSERT INTO note (id, date, text) VALUES (?, ?, ?)",
                [(n.id, n.date.isoformat(), n.text) for n in content.notes],
            )
            for checkin in content.checkins:
                rows.put_checkin(conn, checkin, keep_id=True)
            rows.put_profile(conn, content.profile)
            for candidate in content.inbox:
                inbox_rows.insert(conn, candidate, keep_id=True)
            self._guideline_cache = None
