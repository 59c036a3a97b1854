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

TITLE_MAX = 500
TEXT_MAX = 100_000
LINK_MAX = 4_096
SEARCH_WORDS_MAX = 50
SEARCH_WORD_MAX = 200


def link_problem(url: str) -> str | None:
    """Why ``url`` cannot be an evidence link, with the likely fix; None when it can.

    The one link rule of the command line, the app's form, the portfolio import and the
    report: a web page (``http`` or ``https`` with a host) or a mail address (``mailto:``
    with an ``@``, for the thread where a decision was made). Nothing else: ``file:`` points
    into one machine, ``javascript:`` and ``data:`` run or carry code where a report is
    opened, and the help promises web and mail links only.
    """
    if not url:
        return "a link must not be empty"
    problem = character_problem(url)
    if problem is not None:
        return problem
    if len(url) > LINK_MAX:
        return f"is longer than {LINK_MAX} characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return f"{url!r} is not a well-formed link"
    scheme = parts.scheme.lower()
    if not scheme:
        first = url.split("/")[0]
        if "." in first and not any(ch.isspace() for ch in url):
            return f"{url!r}: add https:// in front"
        return f"{url!r} is not a URL (https://host/path or mailto:a@b.org)"
    if scheme not in ("http", "https", "mailto"):
        return f"{url!r} is not an http(s) or mailto link"
    if any(ch.isspace() for ch in url):
        return f"{url!r} has spaces (one link each; write a space inside a link as %20)"
    if scheme == "mailto":
        user, at, domain = parts.path.partition("@")
        return None if user and at and domain else f"{url!r} needs an address (mailto:a@b.org)"
    return None if host else f"{url!r} has no host (https://host/path)"


def search_problem(search: str | None) -> str | None:
    """Why ``search`` cannot be searched for, or None. Every word of a search must occur, and
    each is one condition of one query: a pasted page of 60,000 words would exceed what SQLite
    evaluates, so a search is at most ``SEARCH_WORDS_MAX`` distinct words of at most
    ``SEARCH_WORD_MAX`` characters (far beyond anything typed)."""
    words = set((search or "").casefold().split())
    if len(words) > SEARCH_WORDS_MAX:
        return f"{len(words):,} different words; a search takes at most {SEARCH_WORDS_MAX}"
    longest = max(words, key=len, default="")
    if len(longest) > SEARCH_WORD_MAX:
        return f"a word of {len(longest):,} characters; at most {SEARCH_WORD_MAX} are searched"
    return None


# Characters that reorder how text is displayed ("Trojan Source"): a title can look like
# something it is not. Embeddings, overrides and isolates; the plain LRM/RLM marks are harmless.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85")
# Every character the loop below may refuse: controls (category Cc, which holds the tab, the
# line feed, the carriage return and NEL), the other line breaks, the bidirectional controls
# and surrogates (Cs). Text without any (nearly all of it) is clean after one regex scan.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def character_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` holds a character that has no business in it, or None when it is clean.

    The one rule for every text a user or a ladder gives (command-line arguments, the app's
    forms, imported files, guidelines): no control characters (escape sequences would reach
    the terminal), no bidirectional overrides, no unpaired surrogates (bytes that were not
    UTF-8). ``multiline`` text may hold line breaks and tabs.
    """
    if _SUSPECT.search(text) is None:
        return None
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


def date_problem(value: object, *, today: dt.date | None = None) -> str | None:
    """Why ``value`` cannot be the date of evidence, or None: a date (not a date and time)
    within ``EARLIEST_DATE`` to ``LATEST_DATE`` and, when ``today`` is given, not after it
    (SPEC 4: evidence records what was done; a plan looks ahead, evidence does not)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return f"{value!r} is not a date (YYYY-MM-DD)"
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        return f"{value} is out of range ({EARLIEST_DATE} to {LATEST_DATE})"
    if today is not None and value > today:
        return f"{value} is after today ({today}); evidence records what you have done"
    return None


def draft_problems(draft: EvidenceDraft, *, today: dt.date | None = None) -> list[Problem]:
    """Everything wrong with a cleaned draft, as ``(field, message)``; empty when it is fine.

    With ``today``, a date after it is wrong too (the store passes the day it was told is
    today; the import passes its own). Every text obeys ``character_problem``, links
    ``link_problem``.
    """
    problems: list[Problem] = []
    if not draft.title:
        problems.append(("title", "must not be empty"))
    elif len(draft.title) > TITLE_MAX:
        problems.append(("title", f"is longer than {TITLE_MAX} characters"))
    one_line = [("title", draft.title), ("kind", draft.kind)]
    one_line += [(f"impact[{i}]", item) for i, item in enumerate(draft.impact)]
    one_line += [(f"tags[{i}]", tag) for i, tag in enumerate(draft.tags)]
    one_line += [(f"criteria[{i}]", c.criterion_id) for i, c in enumerate(draft.criteria)]
    texts = [*one_line, ("description", draft.description)]
    for field, text in texts:
        if not isinstance(text, str):
            problems.append((field, f"{text!r} is not text"))
            continue
        problem = character_problem(text, multiline=field == "description")
        if problem is not None:
            problems.append((field, problem))
    said = {field for field, _ in problems}
    date = date_problem(draft.date, today=today)
    if date is not None:
        problems.append(("date", date))
    if len(draft.description) > TEXT_MAX:
        problems.append(("description", f"is longer than {TEXT_MAX} characters"))
    for i, item in enumerate(draft.impact):
        if not item:
            problems.append((f"impact[{i}]", "an impact data point must not be empty"))
        elif len(item) > TITLE_MAX:
            problems.append((f"impact[{i}]", f"is longer than {TITLE_MAX} characters"))
    for i, url in enumerate(draft.links):
        problem = link_problem(url)
        if problem is not None:
            problems.append((f"links[{i}]", problem))
    for i, tag in enumerate(draft.tags):
        if not tag:
            problems.append((f"tags[{i}]", "a tag must not be empty"))
        elif len(tag) > TITLE_MAX:
            problems.append((f"tags[{i}]", f"is longer than {TITLE_MAX} characters"))
    seen: set[str] = set()
    for i, link in enumerate(draft.criteria):
        if link.strength not in STRENGTHS:
            problems.append(
                (f"criteria[{i}].strength", f"{link.strength!r} is not full or partial")
            )
        if not link.criterion_id and f"criteria[{i}]" not in said:
            problems.append((f"criteria[{i}]", "a criterion id must not be empty"))
        if link.criterion_id in seen:
            problems.append((f"criteria[{i}]", f"criterion {link.criterion_id!r} linked twice"))
        seen.add(link.criterion_id)
    return problems


def text_problems(text: str, what: str, *, required: bool = True) -> list[Problem]:
    """A note, an answer or a rating's note: not blank (unless not ``required``), not
    absurdly long, and only characters that belong in text (``character_problem``; line
    breaks and tabs are fine)."""
    if not text.strip():
        return [(what, "must not be empty")] if required else []
    problem = character_problem(text, multiline=True)
    if problem is not None:
        return [(what, problem)]
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
