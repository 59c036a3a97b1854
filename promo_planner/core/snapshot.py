"""The portfolio at one moment: everything a screen, ``gaps``, ``path`` or a report needs,
read in one read transaction, then measured.

``read_snapshot`` is the one way the program reads a portfolio to show it: the app, the
command line and the report all start from a ``Snapshot``, so every surface shows the same
numbers for the same moment. The readiness (``assessment``) and the plan (``path``) are
computed from it on first use and kept.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, overload

from promo_planner.core.records import (
    Checkin,
    CriterionLink,
    Evidence,
    Note,
    Plan,
    Profile,
    Rating,
    Who,
    latest_ratings,
)

if TYPE_CHECKING:
    from promo_planner.core.ladder import Guideline
    from promo_planner.core.planner import PathPlan
    from promo_planner.core.readiness import Assessment, LinkFact, Tallies
    from promo_planner.core.rows import IndexRows
    from promo_planner.core.store import Store

RECENT_EVIDENCE = 20
"""How many of the newest evidence items a snapshot holds in full by default."""

IndexEntry = tuple[int, dt.date, tuple[CriterionLink, ...]]
"""What a snapshot knows of every piece of evidence: ``(id, date, links)``."""


class LazyIndex(Sequence[IndexEntry]):
    """A snapshot's index, made from the rows read in the snapshot's transaction the first
    time it is looked at. Readiness is measured from the rows themselves (``tallies``), so
    the app's first frame and ``gaps`` or ``path`` never make 20,000 link objects they do not
    show; the app makes them off the main thread (``build``). Equal to the tuple it stands for.

    The rows may come later too: ``read`` may be a function that gives them (the app's first
    reading, done in another process, hands them over packed), with ``count`` the number of
    items meanwhile.
    """

    __slots__ = ("_built", "_count", "_lock", "_read")

    def __init__(self, read: IndexRows | Callable[[], IndexRows], count: int = 0) -> None:
        self._read: IndexRows | Callable[[], IndexRows] | None = read
        self._count = count if callable(read) else len(read[0])
        self._built: tuple[IndexEntry, ...] | None = None
        self._lock = threading.Lock()

    @property
    def rows(self) -> IndexRows | None:
        """The rows, until the index is made from them."""
        read = self._read
        if callable(read):
            with self._lock:
                if callable(self._read):
                    self._read = self._read()
                read = self._read
        return read

    def build(self) -> tuple[IndexEntry, ...]:
        """The index, made once (any thread)."""
        built = self._built
        if built is None:
            from promo_planner.core.rows import build_index

            rows = self.rows
            with self._lock:
                if self._built is None and rows is not None:
                    self._built = tuple(build_index(rows))
                    self._read = None
                built = self._built
        assert built is not None
        return built

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, at: int) -> IndexEntry: ...
    @overload
    def __getitem__(self, at: slice) -> tuple[IndexEntry, ...]: ...
    def __getitem__(self, at: int | slice) -> IndexEntry | tuple[IndexEntry, ...]:
        return self.build()[at]

    def __iter__(self) -> Iterator[IndexEntry]:
        return iter(self.build())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyIndex):
            other = other.build()
        return isinstance(other, tuple) and self.build() == other

    def __hash__(self) -> int:
        return hash(self.build())

    def __repr__(self) -> str:
        return f"LazyIndex({len(self)} evidence)"


@dataclass(frozen=True, repr=False)
class Snapshot:
    """Everything in a portfolio at one moment, as of ``today`` (which ``--today`` may
    pretend). ``index`` holds every piece of evidence (id, date, links), newest first;
    ``recent`` the newest few in full, and ``evidence`` all of them in full when asked for."""

    today: dt.date
    plan: Plan
    guideline: Guideline
    index: tuple[IndexEntry, ...] | LazyIndex
    ratings: tuple[Rating, ...]
    """The whole rating history, in the order entered."""
    answers: dict[str, str] = field(hash=False)
    manager_answers: dict[str, str] = field(hash=False)
    notes: tuple[Note, ...]
    checkins: tuple[Checkin, ...]
    profile: Profile
    recent: tuple[Evidence, ...]
    evidence: tuple[Evidence, ...] | None
    data_version: int
    recent_limit: int = RECENT_EVIDENCE
    """How many of the newest items ``recent`` holds when there are that many."""

    def __repr__(self) -> str:
        # Short: a snapshot is shown in logs and worker descriptions, and the whole of a
        # 10,000-item portfolio spelled out took a tenth of a second.
        plan = self.plan
        return (
            f"Snapshot({plan.current_level} → {plan.target_level}, {len(self.index)} evidence,"
            f" {len(self.ratings)} ratings, as of {self.today}, data version {self.data_version})"
        )

    # -- measured -------------------------------------------------------------------------

    @cached_property
    def tallies(self) -> Tallies:
        """Every criterion's counted evidence: the links read once (see ``readiness.tally``)."""
        from promo_planner.core.readiness import tally, tally_rows

        # Straight from the rows as read while the index is not made (the usual case).
        rows = self.index.rows if isinstance(self.index, LazyIndex) else None
        if rows is not None:
            return tally_rows(self.guideline, rows, self.today)
        return tally(self.guideline, self.link_facts(), self.today)

    @cached_property
    def assessment(self) -> Assessment:
        """Readiness of the target level (SPEC 4), from this moment's evidence and ratings."""
        from promo_planner.core.readiness import assess

        plan = self.plan
        return assess(
            self.guideline,
            plan.current_level,
            plan.target_level,
            self.tallies,
            plan.readiness_threshold,
            ratings=self.ratings,
            today=self.today,
        )

    @cached_property
    def path(self) -> PathPlan:
        """The plan of SPEC 5 from this moment's assessment."""
        from promo_planner.core.planner import build_path

        return build_path(self.assessment, self.plan, self.today)

    @property
    def path_ready(self) -> bool:
        """True once ``path`` has been computed (the app plans it off the main thread)."""
        return "path" in self.__dict__

    def link_facts(self) -> Iterator[LinkFact]:
        """Every link as readiness reads it, in evidence-id order, then the order linked."""
        for evidence_id, day, links in sorted(self.index):
            yield from _facts(evidence_id, day, links)

    # -- the same moment, after one change made here ---------------------------------------
    #
    # The app knows exactly what its own write changed. Instead of reading the whole portfolio
    # again, it asks the snapshot it already has for the next one: only what the change touched
    # is worked out again (a rating re-measures without reading a link; an item re-tallies its
    # own criteria). The result equals a fresh ``read_snapshot`` (a test holds them equal).

    def _next(self, **changes: object) -> Snapshot:
        """A snapshot with ``changes``, keeping the tallies unless told otherwise."""
        tallies = changes.pop("tallies", self.__dict__.get("tallies"))
        following = replace(self, **changes)  # type: ignore[arg-type]
        if tallies is not None:
            following.__dict__["tallies"] = tallies
        return following

    def with_rating(self, rating: Rating) -> Snapshot:
        """After ``store.rate``: the rating joins the history."""
        return self._next(ratings=(*self.ratings, rating))

    def without_rating(self, rating_id: int) -> Snapshot:
        """After ``store.unrate``."""
        return self._next(ratings=tuple(r for r in self.ratings if r.id != rating_id))

    def with_evidence(self, item: Evidence) -> Snapshot:
        """After ``add_evidence``, ``update_evidence`` or ``restore_evidence``: ``item`` is
        stored whole, links included (it replaces the item with its id, if any)."""
        return self._with_item(item.id, (item.id, item.date, item.criteria), item)

    def without_evidence(self, evidence_id: int) -> Snapshot:
        """After ``remove_evidence``."""
        return self._with_item(evidence_id, None, None)

    def with_links(self, evidence_id: int, links: tuple[CriterionLink, ...]) -> Snapshot:
        """After ``link``, ``unlink`` or ``relink``: the item's links as they now are."""
        old = next((e for e in self.index if e[0] == evidence_id), None)
        if old is None:
            return self

        def relinked(items: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
            return tuple(replace(e, criteria=links) if e.id == evidence_id else e for e in items)

        return self._with_item(evidence_id, (evidence_id, old[1], links), None, relinked)

    def _with_item(
        self,
        evidence_id: int,
        entry: IndexEntry | None,
        item: Evidence | None,
        update: Callable[[tuple[Evidence, ...]], tuple[Evidence, ...]] | None = None,
    ) -> Snapshot:
        """The snapshot with one item's index entry (and full text) replaced, added or gone.
        ``update`` changes the full items in place instead (the item's links only)."""
        old = next((e for e in self.index if e[0] == evidence_id), None)
        index = [e for e in self.index if e[0] != evidence_id]
        if entry is not None:
            index.append(entry)
        index.sort(key=lambda e: (e[1], e[0]), reverse=True)
        changes: dict[str, object] = {"index": tuple(index)}
        if "tallies" in self.__dict__:
            before = _facts(evidence_id, old[1], old[2]) if old is not None else ()
            after = _facts(*entry) if entry is not None else ()
            changes["tallies"] = self.tallies.changed(
                self.guideline, evidence_id, tuple(before), tuple(after)
            )
        if update is not None:
            changes["recent"] = update(self.recent)
            if self.evidence is not None:
                changes["evidence"] = update(self.evidence)
        else:
            changes["recent"] = _newest(self.recent, evidence_id, item, self.recent_limit)
            if self.evidence is not None:
                changes["evidence"] = _newest(self.evidence, evidence_id, item, len(index))
        return self._next(**changes)

    def with_note(self, note: Note) -> Snapshot:
        """After ``add_note``."""
        notes = sorted((*(n for n in self.notes if n.id != note.id), note), key=_note_order)
        return self._next(notes=tuple(notes))

    def without_note(self, note_id: int) -> Snapshot:
        """After ``remove_note``."""
        return self._next(notes=tuple(n for n in self.notes if n.id != note_id))

    def with_answer(self, key: str, text: str, who: Who = "self") -> Snapshot:
        """After ``set_answer`` (blank text clears it)."""
        from promo_planner.core.records import QUESTION_KEYS

        field = "answers" if who == "self" else "manager_answers"
        given = {**getattr(self, field)}
        if text.strip():
            given[key] = text
        else:
            given.pop(key, None)
        ordered = {k: given[k] for k in QUESTION_KEYS if k in given}
        return self._next(**{field: ordered})

    # -- looked up --------------------------------------------------------------------------

    @property
    def evidence_count(self) -> int:
        """How many pieces of evidence the portfolio holds."""
        return len(self.index)

    @cached_property
    def evidence_dates(self) -> dict[int, dt.date]:
        """Every piece of evidence's date, by id: from the rows as read while the index is not
        made (making it builds an object per link, which a date does not need)."""
        index = self.index
        rows = index.rows if isinstance(index, LazyIndex) else None
        if rows is None:
            return {i: day for i, day, _ in index}
        parse, days = dt.date.fromisoformat, dict[str, dt.date]()
        return {i: days.get(text) or days.setdefault(text, parse(text)) for i, text in rows[0]}

    @cached_property
    def latest_ratings(self) -> dict[tuple[str, Who], Rating]:
        """The rating that counts for each ``(criterion, side)``."""
        return latest_ratings(self.ratings)

    def ratings_of(self, criterion_id: str) -> dict[Who, Rating]:
        """This criterion's current ratings keyed by who gave them."""
        latest = self.latest_ratings
        return {
            who: latest[criterion_id, who]
            for who in ("self", "manager")
            if (criterion_id, who) in latest
        }

    def history_of(self, criterion_id: str) -> list[Rating]:
        """Every rating ever given on this criterion, oldest first."""
        return sorted(
            (r for r in self.ratings if r.criterion_id == criterion_id), key=lambda r: r.when
        )

    @property
    def target_checkins(self) -> list[Checkin]:
        """The check-ins of the plan's target level, oldest first."""
        return [c for c in self.checkins if c.target_level == self.plan.target_level]

    def last_checkin(self, since: dt.date | None = None) -> Checkin | None:
        """What "since the last check-in" compares with (SPEC 6): the latest check-in of the
        same target on a day before today; with ``since``, the latest one on or before it."""
        limit = since if since is not None else self.today - dt.timedelta(days=1)
        earlier = [c for c in self.target_checkins if c.date <= limit]
        return earlier[-1] if earlier else None


def _facts(evidence_id: int, day: dt.date, links: tuple[CriterionLink, ...]) -> Iterator[LinkFact]:
    for link in links:
        yield (evidence_id, link.criterion_id, link.strength, day, link.when)


def _newest(
    items: tuple[Evidence, ...], evidence_id: int, item: Evidence | None, keep: int
) -> tuple[Evidence, ...]:
    """``items`` (newest first) with ``evidence_id`` replaced by ``item`` (or gone), at most
    ``keep`` long. An item older than all of a full list stays out, as a fresh read leaves it."""
    others = [e for e in items if e.id != evidence_id]
    if item is not None:
        others.append(item)
    others.sort(key=lambda e: (e.date, e.id), reverse=True)
    return tuple(others[:keep])


def _note_order(note: Note) -> tuple[dt.date, int]:
    return (note.date, note.id)


def read_snapshot(
    store: Store,
    today: dt.date,
    *,
    recent: int = RECENT_EVIDENCE,
    full_evidence: bool = False,
) -> Snapshot | None:
    """Read the portfolio in one read transaction; None when there is no plan yet.

    ``full_evidence`` also reads every piece of evidence in full (the JSON report needs it);
    otherwise only the ``recent`` newest are read in full and the rest as the index.
    """
    from promo_planner.core import rows

    with store.reading() as conn:
        version = store.data_version()
        plan = rows.get_plan(conn)
        if plan is None:
            return None
        guideline = store.guideline()
        answers = rows.fetch_answers(conn)
        evidence = (
            tuple(rows.fetch_evidence(conn, tail="ORDER BY date DESC, id DESC"))
            if full_evidence
            else None
        )
        index: tuple[IndexEntry, ...] | LazyIndex
        if evidence is not None:
            index = tuple((e.id, e.date, e.criteria) for e in evidence)
            newest = evidence[:recent]
        else:
            index = LazyIndex(rows.fetch_index_rows(conn))
            newest = (
                tuple(
                    rows.fetch_evidence(
                        conn, tail="ORDER BY date DESC, id DESC LIMIT ?", params=(recent,)
                    )
                )
                if recent
                else ()
            )
        return Snapshot(
            today=today,
            plan=plan,
            guideline=guideline,
            index=index,
            ratings=tuple(rows.fetch_ratings(conn)),
            answers=rows.answers_of(answers, "self"),
            manager_answers=rows.answers_of(answers, "manager"),
            notes=tuple(rows.fetch_notes(conn)),
            checkins=tuple(rows.fetch_checkins(conn)),
            profile=rows.fetch_profile(conn),
            recent=tuple(newest),
            evidence=evidence,
            data_version=version,
            recent_limit=recent,
        )
