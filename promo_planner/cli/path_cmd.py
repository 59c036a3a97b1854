"""``promo-planner path [--json]``: the plan of SPEC section 5, worked back from the target date.

The default output is for reading: a header (readiness now → after, the deadline, whether the
date holds), the gaps in path order, the milestones, then the explanation. ``--json`` prints
``PathPlan.to_json()`` (SPEC section 7).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from promo_planner.cli.context import Context
from promo_planner.cli.output import open_portfolio, print_json, table
from promo_planner.core.records import decimal_text

if TYPE_CHECKING:
    from promo_planner.core.planner import PathPlan


def register(subparsers: Any) -> None:
    """Add the ``path`` command."""
    p = subparsers.add_parser(
        "path", help="which gaps to close, by when, worked back from the target date"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=path_command)


def path_command(args: argparse.Namespace, ctx: Context) -> int:
    """Build the path from the portfolio and print it."""
    from promo_planner.core.portfolio import require_snapshot

    with open_portfolio(ctx) as store:
        snapshot = require_snapshot(store, ctx.today)
    path = snapshot.path
    if args.json:
        print_json(path.to_json())
    else:
        print(render(path, snapshot.plan.target_level), end="")
    return 0


def render(path: PathPlan, target_level: str) -> str:
    """The readable ``path`` output."""
    from promo_planner.core.planner import explain

    lines = [f"Path to {target_level}"]
    if path.items:
        lines.append(
            f"Readiness {path.readiness_now}% now -> {path.readiness_after}% after closing "
            f"{len(path.items)} gap{'s' if len(path.items) != 1 else ''} "
            f"(threshold {decimal_text(path.threshold)}%)"
        )
    else:
        lines.append(
            f"Readiness {path.readiness_now}% (threshold {decimal_text(path.threshold)}%): "
            "nothing needs closing"
        )
    assumed = " (assumed: no target date set)" if path.target_date_assumed else ""
    lines.append(
        f"Target date {path.target_date.isoformat()}{assumed}; gaps closed by "
        f"{path.deadline.isoformat()}; {path.capacity} at once"
    )
    if path.feasible:
        lines.append(
            f"Feasible: earliest promotion date {path.earliest_promotion_date.isoformat()}"
        )
    else:
        lines.append(
            f"NOT feasible: earliest promotion date {path.earliest_promotion_date.isoformat()}"
        )
    if path.items:
        rows = [("", "CRITERION", "START BY", "DUE", "DAYS", "SLACK", "TITLE")]
        for it in path.items:
            flags = ("!" if it.needs_opportunity else " ") + ("*" if it.critical else " ")
            rows.append(
                (
                    flags,
                    it.criterion_id,
                    it.start_by.isoformat(),
                    it.due.isoformat(),
                    str(it.effort_days),
                    str(it.slack_days),
                    it.title,
                )
            )
        lines.append("")
        lines.append(table(rows, right={4, 5}).removesuffix("\n"))
        lines.append("(! needs an opportunity someone must grant; * on the critical chain)")
    lines.append("")
    lines.append("Milestones")
    for m in path.milestones:
        held = f": {', '.join(m.criteria)}" if m.criteria else ""
        lines.append(f"  {m.date.isoformat()}  {m.title}{held}")
    lines.append("")
    lines.append("Why")
    lines.extend(f"  - {sentence}" for sentence in explain(path))
    return "\n".join(lines) + "\n"
