"""The export file's format (``schema: promo-planner/portfolio/v1``) as strict pydantic models.

Unknown keys are errors and values are not coerced (a quoted number is not an id), so a
hand-edited export is checked as closely as the store checks typed input. Dates may be written
plain (``2026-03-01``, read as a date) or quoted.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt

from promo_planner.core.records import MAX_ID

SCHEMA_ID = "promo-planner/portfolio/v1"


def _date(value: Any) -> Any:
    # The reader turns unquoted dates into dates; a quoted one is accepted too.
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError("expected a date (YYYY-MM-DD)")


def _datetime(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time (YYYY-MM-DD HH:MM:SS)") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    raise ValueError("expected a date and time (YYYY-MM-DD HH:MM:SS)")


def _decimal(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("expected a number")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return number


Date = Annotated[dt.date, BeforeValidator(_date)]
DateTime = Annotated[dt.datetime, BeforeValidator(_datetime)]
Number = Annotated[Decimal, BeforeValidator(_decimal)]
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, Field(strict=True)]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PlanDoc(_Doc):
    """``plan:`` of an export."""

    guideline: Text
    guideline_version: Text | None = None
    current_level: Text
    target_level: Text
    target_date: Date | None = None
    capacity: StrictInt = 2
    lead_weeks: StrictInt | None = None
    sustain_weeks: StrictInt | None = None
    readiness_threshold: Number | None = None
    nudge_weeks: StrictInt | None = None
    guideline_copy: Text


class LinkDoc(_Doc):
    """One criterion link of an evidence item (and when it was made)."""

    id: Text
    strength: Literal["full", "partial"] = "full"
    linked_on: Date | None = None
    linked_at: DateTime | None = None


class EvidenceDoc(_Doc):
    """One ``evidence:`` item."""

    id: Id
    date: Date
    title: Text
    kind: Text = ""
    description: Text = ""
    impact: list[Text] = Field(default_factory=list)
    links: list[Text] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    criteria: list[LinkDoc] = Field(default_factory=list)
    created_at: DateTime


class RatingDoc(_Doc):
    """One ``ratings:`` item: one entry of the rating history (exports written before the
    history was kept have no ``id`` or ``recorded_at``)."""

    id: Id | None = None
    criterion: Text
    who: Literal["self", "manager"]
    value: Literal["up", "down", "clear"]
    note: Text = ""
    rated_on: Date | None = None
    recorded_at: DateTime | None = None


class NoteDoc(_Doc):
    """One ``notes:`` item."""

    id: Id
    date: Date
    text: Text


class CheckinDoc(_Doc):
    """One ``checkins:`` item."""

    id: Id
    date: Date
    target_level: Text
    readiness: Number
    readiness_claimed: Number
    evidence_ids: list[Id] = Field(default_factory=list)
    statuses: dict[Text, Text] = Field(default_factory=dict)
    ratings: dict[Text, list[Literal["up", "down"] | None]] = Field(default_factory=dict)
    files: list[Text] = Field(default_factory=list)
    created_at: DateTime


class ProfileDoc(_Doc):
    """``profile:`` of an export."""

    name: Text = ""
    role: Text = ""
    manager: Text = ""


class ReportDoc(_Doc):
    """One ``reports:`` item of an export written before check-ins (read, never written)."""

    id: Id
    created_at: DateTime
    today: Date
    readiness: Number
    evidence_ids: list[Id] = Field(default_factory=list)
    format: Text
    path: Text


class CandidateDoc(_Doc):
    """One ``inbox:`` item: work capture found, with its review status."""

    id: Id
    fingerprint: Text
    source: Text
    kind: Text
    title: Text
    date: Date
    description: Text = ""
    commits: list[Text] = Field(default_factory=list)
    lines_added: Annotated[StrictInt, Field(ge=0)] = 0
    lines_removed: Annotated[StrictInt, Field(ge=0)] = 0
    file_count: Annotated[StrictInt, Field(ge=0)] = 0
    files: list[Text] = Field(default_factory=list)
    areas: list[Text] = Field(default_factory=list)
    links: list[Text] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    status: Literal["pending", "accepted", "dismissed"] = "pending"
    found_at: DateTime
    closed_at: DateTime | None = None
    evidence_id: Id | None = None


class PortfolioDoc(_Doc):
    """A whole export file."""

    schema_: Literal["promo-planner/portfolio/v1"] = Field(alias="schema")
    plan: PlanDoc | None = None
    evidence: list[EvidenceDoc] = Field(default_factory=list)
    ratings: list[RatingDoc] = Field(default_factory=list)
    answers: dict[Text, Text] = Field(default_factory=dict)
    manager_answers: dict[Text, Text] = Field(default_factory=dict)
    notes: list[NoteDoc] = Field(default_factory=list)
    checkins: list[CheckinDoc] = Field(default_factory=list)
    profile: ProfileDoc = Field(default_factory=ProfileDoc)
    reports: list[ReportDoc] = Field(default_factory=list)
    inbox: list[CandidateDoc] = Field(default_factory=list)
