"""The portfolio's records: plain immutable values passed between the store, the arithmetic,
the planner, the report and the UI. The store (``store.py``) reads and writes them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Strength = Literal["full", "partial"]
Who = Literal["self", "manager"]
Thumb = Literal["up", "down"]
RatingValue = Literal["up", "down", "clear"]
"""A rating as recorded: ``clear`` withdraws the earlier ones from that point on (SPEC 4)."""
STRENGTHS: tuple[Strength, ...] = ("full", "partial")
RATING_VALUES: tuple[RatingValue, ...] = ("up", "down", "clear")

# The open questions for the 1:1 (SPEC section 6), in the order the report asks them.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("lack", "What do I lack for the next level?"),
    ("revisit", "Which decisions should we revisit with my growth in mind?"),
    ("unclear", "Where is the expected outcome of my work unclear?"),
    ("risks", "What risks the timeline?"),
)
QUESTION_KEYS: tuple[str, ...] = tuple(key for key, _ in QUESTIONS)

# The dates a plan may use. Planning adds and subtracts years of weeks to them, which near the
# ends of the calendar (year 1 or 9999) would overflow; no career plan needs those years.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
# Ids are SQLite integers: 64-bit and signed. An id the store could never hold is refused as
# input (a command-line argument, an imported file) instead of failing inside SQLite.
MAX_ID = 2**63 - 1
# fromisoformat alone also takes 20261121 and 2026-W47-6: not the documented format.
_YYYY_MM_DD = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def read_date(text: str) -> tuple[dt.date | None, str]:
    """A typed ``YYYY-MM-DD`` date within the supported range, or ``(None, what is wrong)``.

    The one date rule of the command line and the app's forms alike.
    """
    try:
        if not _YYYY_MM_DD.fullmatch(text):
            raise ValueError(text)
        value = dt.date.fromisoformat(text)
    except ValueError:
        return None, f"{text!r} is not a real date (YYYY-MM-DD)"
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        return None, f"{text} is out of range ({EARLIEST_DATE} to {LATEST_DATE})"
    return value, ""


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number, whole values as integers (a threshold of 90 prints as 90),
    so every command's JSON writes the same value the same way."""
    return int(value) if value == value.to_integral_value() else float(value)


def decimal_text(value: Decimal) -> str:
    """A ladder's number as it was written, without a pointless ``.0``: ``90``, ``80.5``."""
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class Plan:
    """Where the engineer stands and wants to go. ``None`` values fall back to the guideline."""

    guideline_id: str
    guideline_version: str | None
    current_level: str
    target_level: str
    target_date: dt.date | None = None
    capacity: int = 2
    lead_weeks: int | None = None
    sustain_weeks: int | None = None
    readiness_threshold: Decimal | None = None
    nudge_weeks: int | None = None
    """A chosen gap with no new evidence for this many weeks earns a nudge (None: the default,
    ``nudges.DEFAULT_NUDGE_WEEKS``)."""


@dataclass(frozen=True)
class CriterionLink:
    """Evidence → criterion, fully or partly demonstrated.

    ``linked_on`` (the day, as the program's "today" saw it) and ``linked_at`` (the moment,
    UTC) say when the link was made: evidence linked after the manager's latest rating asks the
    manager to look again (``rerate``, SPEC 4). A draft's links have neither until stored.
    """

    criterion_id: str
    strength: Strength = "full"
    linked_on: dt.date | None = field(default=None, compare=False)
    linked_at: dt.datetime | None = field(default=None, compare=False)

    @property
    def when(self) -> tuple[dt.date, dt.datetime]:
        """The order key of the moment the link was made (day first, then the clock)."""
        return (self.linked_on or EARLIEST_DATE, self.linked_at or EPOCH)


@dataclass(frozen=True)
class EvidenceDraft:
    """Evidence as typed by the user, before it has an id."""

    title: str
    date: dt.date
    description: str = ""
    impact: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kind: str = ""
    criteria: tuple[CriterionLink, ...] = ()


@dataclass(frozen=True)
class Evidence(EvidenceDraft):
    """A stored piece of evidence."""

    id: int = 0
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime(1970, 1, 1))

    def to_json(self, *, with_kind: bool = False) -> dict[str, Any]:
        """The JSON shape of ``evidence list --json`` (SPEC 7); ``with_kind`` adds ``kind``
        before ``criteria``, as the report's JSON has it."""
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat(),
            "description": self.description,
            "impact": list(self.impact),
            "links": list(self.links),
            "tags": list(self.tags),
        }
        if with_kind:
            out["kind"] = self.kind
        out["criteria"] = [{"id": c.criterion_id, "strength": c.strength} for c in self.criteria]
        return out


EPOCH = dt.datetime(1970, 1, 1)


@dataclass(frozen=True)
class Rating:
    """One side's 👍/👎 (or ``clear``) on one criterion, as given on ``rated_on``.

    Ratings are never overwritten (SPEC 4): each is kept, and the latest one of each side
    counts. "Latest" is by ``rated_on``, then by ``recorded_at`` (when it was entered), then id.
    """

    criterion_id: str
    who: Who
    value: RatingValue
    note: str = ""
    rated_on: dt.date = EARLIEST_DATE
    recorded_at: dt.datetime = EPOCH
    id: int = 0

    @property
    def thumb(self) -> Thumb | None:
        """``up`` / ``down``, or None for a ``clear``."""
        return None if self.value == "clear" else self.value

    @property
    def when(self) -> tuple[dt.date, dt.datetime, int]:
        """The order key of ratings: the later, the larger."""
        return (self.rated_on, self.recorded_at, self.id)


def latest_ratings(ratings: Iterable[Rating]) -> dict[tuple[str, Who], Rating]:
    """The rating that counts for each ``(criterion, side)``: the latest one, unless it is a
    ``clear`` (then that side has no rating)."""
    latest: dict[tuple[str, Who], Rating] = {}
    for rating in ratings:
        key = (rating.criterion_id, rating.who)
        seen = latest.get(key)
        if seen is None or rating.when > seen.when:
            latest[key] = rating
    return {key: r for key, r in latest.items() if r.value != "clear"}


@dataclass(frozen=True)
class Note:
    """A 1:1 note of the engineer's, dated."""

    id: int
    date: dt.date
    text: str


@dataclass(frozen=True)
class Profile:
    """Who the reports are about (SPEC 6); every field optional."""

    name: str = ""
    role: str = ""
    manager: str = ""

    def fields(self) -> dict[str, str]:
        """The fields by name, in the order they are shown."""
        return {"name": self.name, "role": self.role, "manager": self.manager}


@dataclass(frozen=True)
class Checkin:
    """What a 1:1 was shown: recorded when a report is written to a file (SPEC 6).

    One per day and target level (several exports on one day are one check-in); "since the
    last check-in" compares with the latest one of the same target on an earlier day.
    ``statuses`` maps each required criterion to its status then, ``ratings`` to its
    ``(self, manager)`` thumbs then; ``files`` are the reports written that day.
    """

    id: int
    date: dt.date
    target_level: str
    readiness: Decimal
    readiness_claimed: Decimal
    evidence_ids: tuple[int, ...]
    statuses: dict[str, str] = field(default_factory=dict, compare=False)
    ratings: dict[str, tuple[Thumb | None, Thumb | None]] = field(
        default_factory=dict, compare=False
    )
    files: tuple[str, ...] = ()
    created_at: dt.datetime = EPOCH
