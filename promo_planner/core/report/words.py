"""Words and numbers shared by the report's renderers, so every format says the same thing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from promo_planner.core.input_rules import link_problem
from promo_planner.core.records import Thumb, decimal_text

THUMBS: dict[str | None, str] = {"up": "👍", "down": "👎", None: "—"}
AGREEMENT_WORDS = {
    "disagree": "disagree",
    "agree": "agree",
    "self-only": "only I rated",
    "manager-only": "only my manager rated",
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
    """👍, 👎 or a dash for "not rated"."""
    return THUMBS[value]


def iso(day: dt.date | None) -> str:
    """An ISO date, or a dash when there is none."""
    return day.isoformat() if day is not None else "—"


def slack(days: int | None) -> str:
    """Days between today and a gap's start-by date, in words."""
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
