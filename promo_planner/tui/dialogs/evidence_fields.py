"""The evidence form's fields: how each is laid out, read and turned into a draft.

Kept apart from the form's behaviour (``evidence_form.py``) so that the layout and the parsing
of what was typed can be read, and tested, on their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from promo_planner.core.records import CriterionLink, read_date

KINDS: tuple[str, ...] = (
    "project",
    "incident",
    "review",
    "mentoring",
    "design",
    "talk",
    "hiring",
    "other",
)
FIELDS: tuple[str, ...] = ("title", "date", "kind", "description", "impact", "links", "tags")
"""Every field a problem can be shown under, in the order the form lays them out."""


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """``(date, None)`` for a real YYYY-MM-DD date, else ``(None, message)``."""
    text = text.strip()
    if not text:
        return None, "a date is needed (YYYY-MM-DD)"
    value, problem = read_date(text)
    return (value, None) if value is not None else (None, problem)


def split_lines(text: str) -> tuple[str, ...]:
    """Non-blank lines, stripped: one data point or link per line."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def split_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, stripped, blanks and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for tag in text.split(","):
        if tag.strip():
            seen.setdefault(tag.strip(), None)
    return tuple(seen)


@dataclass(frozen=True)
class Typed:
    """What the form's fields hold, as typed (to tell whether anything changed)."""

    title: str
    date: str
    kind: str
    description: str
    impact: str
    links: str
    tags: str
    criteria: tuple[CriterionLink, ...]


def error_line(field: str) -> Static:
    """Where a field's problem is said (hidden until there is one)."""
    return Static("", id=f"error-{field}", classes="field-error", markup=False)


def field_row(label: str, row: str, *widgets: Widget, fields: tuple[str, ...] = ()) -> Horizontal:
    """A label, then the row's widgets with, under them, one error line per field."""
    column = [*widgets, *(error_line(field) for field in fields or (row,))]
    return Horizontal(
        Label(label, classes="field-label"),
        Vertical(*column, classes="field-column"),
        id=f"row-{row}",
        classes="field-row",
    )


def line_input(field: str, value: str, placeholder: str) -> Input:
    """A one-line text field."""
    return Input(value, placeholder=placeholder, id=f"ev-{field}", compact=True)


def text_area(field: str, value: str, placeholder: str) -> TextArea:
    """A multi-line text field (soft-wrapped; tab moves on)."""
    return TextArea(
        value,
        id=f"ev-{field}",
        placeholder=placeholder,
        compact=True,
        soft_wrap=True,
        tab_behavior="focus",
    )


def text_row(field: str, value: str, placeholder: str) -> Horizontal:
    """A multi-line text field, labelled with its name."""
    return field_row(field.capitalize(), field, text_area(field, value, placeholder))


def inline_label(text: str) -> Label:
    """A label inside a row, before the field it names (Kind, Tags beside the date)."""
    return Label(text, classes="inline-label")
