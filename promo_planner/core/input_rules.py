"""What makes a plan, evidence, a note or an answer acceptable, in one place.

The store applies these rules before it writes anything, and the YAML import applies the same
rules so a hand-edited export is held to the same standard. Each check returns problems as
``(field, message)`` pairs so callers can say *where* (an option name, a file position).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace
from decimal import Decimal
from typing import TypeVar
from urllib.parse import urlsplit

from promo_planner.core.ladder import Guideline
from promo_planner.core.records import EARLIEST_DATE, LATEST_DATE, STRENGTHS, EvidenceDraft, Plan

Problem = tuple[str, str]
D = TypeVar("D", bound=EvidenceDraft)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
TITLE_MAX = 500
TEXT_MAX = 100_000


def is_url(text: str) -> bool:
    """A URL with a scheme: ``https://host/...`` (a host is required for web links),
    ``mailto:someone@example.com``, ``file:///...`` and the like. No whitespace."""
    if not text or any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if not parts.scheme or not _SCHEME.match(parts.scheme):
        return False
    if parts.scheme.lower() in ("http", "https"):
        return bool(parts.netloc)
    return len(text) > len(parts.scheme) + 1


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


# Characters that reorder how text is displayed ("Trojan Source"): a title can look like
# something it is not. Embeddings, overrides and isolates; the plain LRM/RLM marks are harmless.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85")


def character_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` holds a character that has no business in it, or None when it is clean.

    The one rule for every text a user or a ladder gives (command-line arguments, the app's
    forms, imported files, guidelines): no control characters (escape sequences would reach
    the terminal), no bidirectional overrides, no unpaired surrogates (bytes that were not
    UTF-8). ``multiline`` text may hold line breaks and tabs.
    """
    for ch in text:
        if multiline and ch in "\n\t\r":
            continue
        category = unicodedata.category(ch)
        if ch in _LINE_BREAKS or ch == "\t":
            return "must be one line of text (no line breaks or tabs)"
        if category == "Cc":
            return f"must not contain control characters (found U+{ord(ch):04X})"
        if ch in BIDI_CONTROLS:
            return f"must not contain bidirectional override characters (found U+{ord(ch):04X})"
        if category == "Cs":
            return "is not valid text (bytes that are not UTF-8)"
    return None


def clean_draft(draft: D) -> D:
    """The draft with surrounding whitespace removed from title, kind, tags, data points and
    links. Idempotent, so what is stored, exported and imported again stays the same."""
    return replace(
        draft,
        title=draft.title.strip(),
        kind=draft.kind.strip(),
        impact=tuple(item.strip() for item in draft.impact),
        links=tuple(url.strip() for url in draft.links),
        tags=tuple(tag.strip() for tag in draft.tags),
    )


def draft_problems(draft: EvidenceDraft) -> list[Problem]:
    """Everything wrong with a cleaned draft, as ``(field, message)``; empty when it is fine."""
    problems: list[Problem] = []
    if not draft.title:
        problems.append(("title", "must not be empty"))
    elif len(draft.title) > TITLE_MAX:
        problems.append(("title", f"is longer than {TITLE_MAX} characters"))
    one_line = [("title", draft.title), ("kind", draft.kind)]
    one_line += [(f"impact[{i}]", item) for i, item in enumerate(draft.impact)]
    one_line += [(f"tags[{i}]", tag) for i, tag in enumerate(draft.tags)]
    for field, text in one_line:
        if _has_control(text):
            problems.append((field, "must be one line of text (no control characters)"))
    if "\x00" in draft.description:
        problems.append(("description", "must not contain NUL characters"))
    if not isinstance(draft.date, dt.date) or isinstance(draft.date, dt.datetime):
        problems.append(("date", f"{draft.date!r} is not a date (YYYY-MM-DD)"))
    if len(draft.description) > TEXT_MAX:
        problems.append(("description", f"is longer than {TEXT_MAX} characters"))
    for i, item in enumerate(draft.impact):
        if not item:
            problems.append((f"impact[{i}]", "an impact data point must not be empty"))
    for i, url in enumerate(draft.links):
        if not is_url(url):
            problems.append((f"links[{i}]", f"{url!r} is not a URL (e.g. https://example.com/doc)"))
    for i, tag in enumerate(draft.tags):
        if not tag:
            problems.append((f"tags[{i}]", "a tag must not be empty"))
    seen: set[str] = set()
    for i, link in enumerate(draft.criteria):
        if link.strength not in STRENGTHS:
            problems.append(
                (f"criteria[{i}].strength", f"{link.strength!r} is not full or partial")
            )
        if link.criterion_id in seen:
            problems.append((f"criteria[{i}]", f"criterion {link.criterion_id!r} linked twice"))
        seen.add(link.criterion_id)
    return problems


def text_problems(text: str, what: str) -> list[Problem]:
    """A note or answer: not blank, not absurdly long."""
    if not text.strip():
        return [(what, "must not be empty")]
    if "\x00" in text:
        return [(what, "must not contain NUL characters")]
    if len(text) > TEXT_MAX:
        return [(what, f"is longer than {TEXT_MAX} characters")]
    return []


def plan_field_problems(plan: Plan, guideline: Guideline) -> list[Problem]:
    """Why ``plan`` cannot stand against ``guideline``: unknown levels, a target that is not a
    promotion from the current level, numbers out of range. Fields are ``Plan`` attributes."""
    problems: list[Problem] = []
    known = guideline.level_by_id
    names = ", ".join(lv.id for lv in guideline.levels)
    for field, level in (
        ("current_level", plan.current_level),
        ("target_level", plan.target_level),
    ):
        if level not in known:
            problems.append((field, f"unknown level {level!r} in {guideline.id} (levels: {names})"))
    # SPEC 2: the target is a strict descendant of the current level.
    if not problems and (
        plan.target_level == plan.current_level
        or not guideline.is_descendant(plan.target_level, plan.current_level)
    ):
        above = guideline.descendants(plan.current_level)[1:]
        reachable = ", ".join(above) if above else "none: it is the top of its track"
        said = (
            "is your current level: the target is a level above it"
            if plan.target_level == plan.current_level
            else f"is not a promotion from {plan.current_level!r}"
        )
        problems.append(("target_level", f"{plan.target_level!r} {said} (reachable: {reachable})"))
    if plan.target_date is not None and not EARLIEST_DATE <= plan.target_date <= LATEST_DATE:
        problems.append(
            (
                "target_date",
                f"{plan.target_date} is out of range ({EARLIEST_DATE} to {LATEST_DATE})",
            )
        )
    if not 1 <= plan.capacity <= 100:
        problems.append(("capacity", f"{plan.capacity} must be between 1 and 100"))
    for field, weeks in (("lead_weeks", plan.lead_weeks), ("sustain_weeks", plan.sustain_weeks)):
        if weeks is not None and not 0 <= weeks <= 520:
            problems.append((field, f"{weeks} must be between 0 and 520 weeks"))
    if plan.nudge_weeks is not None and not 1 <= plan.nudge_weeks <= 52:
        problems.append(("nudge_weeks", f"{plan.nudge_weeks} must be between 1 and 52 weeks"))
    threshold = plan.readiness_threshold
    if threshold is not None and not Decimal(0) < threshold <= Decimal(100):
        problems.append(("readiness_threshold", f"{threshold} must be above 0 and at most 100"))
    return problems
