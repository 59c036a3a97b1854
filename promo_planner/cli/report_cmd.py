"""``promo-planner report``: the 1:1 gap report as Markdown, HTML or JSON.

On stdout it is a preview and changes nothing; written to a file with ``-o`` it is recorded as
the last report, the baseline the next report's "since the last report" is measured from.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from promo_planner.cli.context import Context
from promo_planner.cli.output import open_portfolio, safe_json

FORMATS = ("md", "html", "json")


def register(subparsers: Any) -> None:
    """Add the ``report`` command."""
    p = subparsers.add_parser(
        "report",
        help="the 1:1 gap report (stdout; -o FILE writes it and records it as the last report)",
        description="The 1:1 gap report: readiness and its change, gaps in path order, asks "
        "for your manager, the path, evidence, the health check and your open questions.",
    )
    p.add_argument("--format", choices=FORMATS, default="md", help="md (default), html or json")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically) and record it as the last report",
    )
    p.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print the report, or write it to ``-o FILE`` and record it."""
    from promo_planner.core.report import build_report, render, write_report

    with open_portfolio(ctx) as store:
        # Markdown and HTML show a few pieces of evidence per criterion: read only those in full.
        report = build_report(store, ctx.today, complete=args.format == "json")
        if args.output is None:
            text = render(report, args.format)
            sys.stdout.write(safe_json(text) if args.format == "json" else text)
            return 0
        record = write_report(store, report, args.format, args.output)
    change = ""
    if report.readiness_change is not None:
        from promo_planner.core.report.words import points

        change = f", {points(report.readiness_change)} since the last check-in"
    print(
        f"wrote {record.files[-1]} (readiness {report.readiness}%{change}; "
        f"{len(report.new_since_last)} new evidence)",
        file=sys.stderr,
    )
    return 0
