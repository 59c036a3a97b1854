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
    guideline_copy: Text


class LinkDoc(_Doc):
    """One criterion link of an evidence item."""

    id: Text
    strength: Literal["full", "partial"] = "full"


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
    """One ``ratings:`` item."""

    criterion: Text
    who: Literal["self", "manager"]
    value: Literal["up", "down"]
    note: Text = ""
    rated_on: Date | None = None


class NoteDoc(_Doc):
    """One ``notes:`` item."""

    id: Id
    date: Date
    text: Text


class ReportDoc(_Doc):
    """One ``reports:`` item."""

    id: Id
    created_at: DateTime
    today: Date
    readiness: Number
    evidence_ids: list[Id] = Field(default_factory=list)
    format: Text
    path: Text


class PortfolioDoc(_Doc):
    """A whole export file."""

    schema_: Literal["promo-planner/portfolio/v1"] = Field(alias="schema")
    plan: PlanDoc | None = None
    evidence: list[EvidenceDoc] = Field(default_factory=list)
    ratings: list[RatingDoc] = Field(default_factory=list)
    answers: dict[Text, Text] = Field(default_factory=dict)
    notes: list[NoteDoc] = Field(default_factory=list)
    reports: list[ReportDoc] = Field(default_factory=list)
