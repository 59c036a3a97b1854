"""Words and numbers shared by the report's renderers, so every format says the same thing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from promo_planner.core.input_rules import link_problem
from promo_planner.core.records import Thumb, decimal_text

if TYPE_CHECKING:
    from promo_planner.core.report.facts import Ask, PlanSummary

THUMBS: dict[str, str] = {"up": "👍", "down": "👎"}
AGREEMENT_WORDS = {
    "disagree": "disagree",
    "agree": "agree",
    "self-only": "only I rated",
    "manager-only": "only my manager rated",
    "unrated": "not rated yet",
}


def percent(value: Decimal) -> str:
    """A readiness percentage as reported: one decimal (``62.5%``)."""
    return f"{value:.1f}%"


def threshold(value: Decimal) -> str:
    """A threshold as the ladder wrote it, without a pointless ``.0`` (``100%``, ``80.5%``)."""
    return f"{decimal_text(value)}%"


def points(change: Decimal | None) -> str:
    """A readiness change in percentage points, signed (``+12.5 points``)."""
    if change is None:
        return "first report"
    if change == 0:
        return "no change"
    sign = "+" if change > 0 else "−"
    word = "point" if abs(change) == 1 else "points"
    return f"{sign}{abs(change):.1f} {word}"


def thumb(value: Thumb | None) -> str:
    """``👍 up``, ``👎 down`` or a dash for "not rated": the word beside the picture, so it
    reads where no emoji font is."""
    if value is None:
        return "—"
    return f"{THUMBS[value]} {value}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 gap``, ``3 gaps``, ``2 pieces of evidence`` (with ``many``)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def iso(day: dt.date | None) -> str:
    """An ISO date, or a dash when there is none."""
    return day.isoformat() if day is not None else "—"


def day_from(day: dt.date | None, today: dt.date) -> str:
    """A plan's date as the report shows it: ISO, ``passed`` when it is behind us (a late
    plan's last safe start), a dash when there is none."""
    if day is None:
        return "—"
    return "passed" if day < today else day.isoformat()


def fit(plan: PlanSummary) -> str:
    """Whether the path fits the target date, in the words of the plan summary: ``fits;
    earliest promotion date …`` or ``does not fit: 40 days late; …; 3 at once would make it``."""
    earliest = iso(plan.earliest_promotion_date)
    if plan.feasible:
        return f"fits; earliest promotion date {earliest}"
    text = f"does not fit: {plan.days_late:,} days late; earliest promotion date {earliest}"
    if plan.capacity_needed is not None:
        text += f"; working on {plan.capacity_needed} gaps at once would make the date"
    return text


def ask_when(ask: Ask, today: dt.date) -> str:
    """When an opportunity is needed, never as a date behind us: ``the plan starts the work
    today; its last safe start passed 12 days ago``."""
    if ask.start is None:
        return "not on the path"
    start = (
        "the plan starts the work today"
        if ask.start == today
        else f"the plan starts the work on {ask.start.isoformat()}"
    )
    if ask.latest_start is None:
        return start
    behind = (today - ask.latest_start).days
    if behind > 0:
        return f"{start}; its last safe start passed {behind:,} days ago, so ask now"
    late = (ask.start - ask.latest_start).days
    if late > 0:
        return (
            f"{start}, {late:,} days after its last safe start "
            f"{ask.latest_start.isoformat()}: ask early"
        )
    return f"{start}; the last safe start is {ask.latest_start.isoformat()}"


def slack(days: int | None) -> str:
    """How many days a gap's start can slip (its latest start minus its planned start), in
    words: ``12 d``, or ``5 d late`` when it starts after its last safe start."""
    if days is None:
        return "—"
    if days < 0:
        return f"{-days} d late"
    return f"{days} d"


def safe_link(url: str) -> str | None:
    """The URL when it may become a clickable link: when it passes the one link rule
    (``input_rules.link_problem``: http or https with a host, or mailto with an address).

    Everything else (``javascript:``, ``data:``, relative paths, anything with whitespace or
    control characters) is shown as text only: a report that a manager opens must not run or
    fetch anything the portfolio's author did not mean as a web or mail address.
    """
    text = url.strip()
    return text if link_problem(text) is None else None


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, marked with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def more_evidence(hidden: int) -> str:
    """What a capped evidence list leaves out: ``… and 37 more pieces of evidence (see the JSON
    report)``."""
    noun = "piece" if hidden == 1 else "pieces"
    return f"… and {hidden:,} more {noun} of evidence (see the JSON report)"


def credit(full: int, partial: int, required: int) -> str:
    """Evidence counted against what is required: ``1.5 of 2 pieces of evidence``, or
    ``3 pieces of evidence (2 needed)`` once there is more than enough."""
    total = full + Fraction(partial, 2)
    shown = str(total.numerator) if total.denominator == 1 else f"{float(total):g}"
    if total > required:
        return f"{shown} pieces of evidence ({required} needed)"
    noun = "piece" if required == 1 else "pieces"
    return f"{shown} of {required} {noun} of evidence"
