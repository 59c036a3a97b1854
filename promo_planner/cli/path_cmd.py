"""``promo-planner path [--json]``: the plan of SPEC section 5, from today to the target date.

The default output is for reading: a header (readiness now → after, the deadline, whether the
date holds and, if not, how late and what would make it), what to do now, the gaps in plan
order with their last safe start, the milestones, then the reasons. ``--json`` prints
``path_document`` (SPEC section 7). No date shown is ever before today.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from promo_planner.cli.context import Context
from promo_planner.cli.output import open_portfolio, print_json, table
from promo_planner.core.records import decimal_text

if TYPE_CHECKING:
    from promo_planner.core.planner import PathPlan


def register(subparsers: Any) -> None:
    """Add the ``path`` command."""
    p = subparsers.add_parser(
        "path", help="which gaps to close, what to start now, and whether the date holds"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=path_command)


def path_command(args: argparse.Namespace, ctx: Context) -> int:
    """Build the path from the portfolio and print it."""
    from promo_planner.core.planner import path_document
    from promo_planner.core.portfolio import require_snapshot

    with open_portfolio(ctx) as store:
        snapshot = require_snapshot(store, ctx.today)
    path = snapshot.path
    if args.json:
        print_json(path_document(path))
    else:
        print(render(path, snapshot.plan.target_level), end="")
    return 0


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _day(path: PathPlan, day: dt.date) -> str:
    """An ISO date from today on; ``passed`` before today, ``beyond`` past the calendar."""
    if day < path.today:
        return "passed"
    if day == dt.date.max and path.beyond_calendar:
        return "beyond"
    return day.isoformat()


def _verdict(path: PathPlan) -> str:
    earliest = path.earliest_promotion_date.isoformat()
    if path.feasible:
        spare = (path.target_date - path.earliest_promotion_date).days
        return f"Feasible: earliest promotion date {earliest} ({_plural(spare, 'day')} to spare)"
    if path.beyond_calendar:
        return "NOT feasible: the plan runs past 9999-12-31, the end of the calendar"
    line = (
        f"NOT feasible: {_plural(path.days_late, 'day')} late; earliest promotion date {earliest}"
    )
    if path.capacity_needed is not None:
        return line + f"; {path.capacity_needed} at once would make the date"
    if path.items and path.days_left >= 0:
        return line + (
            f"; no number at once would (the critical chain alone takes "
            f"{_plural(path.critical_path_days, 'day')})"
        )
    return line


def render(path: PathPlan, target_level: str) -> str:
    """The readable ``path`` output."""
    from promo_planner.core.planner import explain, next_steps

    lines = [f"Path to {target_level}"]
    if path.items:
        lines.append(
            f"Readiness {path.readiness_now}% now -> {path.readiness_after}% after closing "
            f"{_plural(len(path.items), 'gap')} (threshold {decimal_text(path.threshold)}%)"
        )
    else:
        lines.append(
            f"Readiness {path.readiness_now}% (threshold {decimal_text(path.threshold)}%): "
            "nothing needs closing"
        )
    assumed = " (assumed: no target date set)" if path.target_date_assumed else ""
    target = path.target_date.isoformat() if path.target_date >= path.today else "passed"
    closed = (
        f"gaps closed by {path.deadline.isoformat()}"
        if path.days_left >= 0
        else f"the deadline to close gaps passed {_plural(-path.days_left, 'day')} ago"
    )
    lines.append(f"Target date {target}{assumed}; {closed}; {path.capacity} at once")
    lines.append(_verdict(path))
    lines.append("")
    lines.append("Now")
    lines.extend(f"  - {sentence}" for sentence in next_steps(path))
    if path.items:
        rows = [("", "CRITERION", "START", "FINISH", "LATEST START", "DAYS", "SLACK", "TITLE")]
        for it in path.items:
            flags = ("!" if it.needs_opportunity else " ") + ("*" if it.critical else " ")
            rows.append(
                (
                    flags,
                    it.criterion_id,
                    _day(path, it.start),
                    _day(path, it.finish),
                    _day(path, it.latest_start),
                    f"{it.effort_days:,}",
                    f"{it.slack_days:,}",
                    it.title,
                )
            )
        lines.append("")
        lines.append(table(rows, right={5, 6}).removesuffix("\n"))
        lines.append(
            "(! needs an opportunity someone must grant; * on the critical chain; LATEST START: "
            "the last safe day to start it; SLACK: days its start can slip, below 0 already late)"
        )
    lines.append("")
    lines.append("Milestones")
    for m in path.milestones:
        held = f": {', '.join(m.criteria)}" if m.criteria else ""
        lines.append(f"  {_day(path, m.date)}  {m.title}{held}")
    lines.append("")
    lines.append("Why")
    lines.extend(f"  - {sentence}" for sentence in explain(path))
    return "\n".join(lines) + "\n"
