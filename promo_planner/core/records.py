"""The portfolio's records: plain immutable values passed between the store, the arithmetic,
the planner, the report and the UI. The store (``store.py``) reads and writes them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Strength = Literal["full", "partial"]
Who = Literal["self", "manager"]
Thumb = Literal["up", "down"]
STRENGTHS: tuple[Strength, ...] = ("full", "partial")

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


@dataclass(frozen=True)
class CriterionLink:
    """Evidence → criterion, fully or partly demonstrated."""

    criterion_id: str
    strength: Strength = "full"


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


@dataclass(frozen=True)
class Rating:
    """One side's 👍/👎 on one criterion for the health check."""

    criterion_id: str
    who: Who
    value: Thumb
    note: str = ""
    rated_on: dt.date | None = None


@dataclass(frozen=True)
class Note:
    """A 1:1 note of the engineer's, dated."""

    id: int
    date: dt.date
    text: str


@dataclass(frozen=True)
class ReportRecord:
    """A report written to a file: what "since the last report" is measured against."""

    id: int
    created_at: dt.datetime
    today: dt.date
    readiness: Decimal
    evidence_ids: tuple[int, ...]
    format: str
    path: str
