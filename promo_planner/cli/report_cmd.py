"""``promo-planner report``: the 1:1 report or the promotion packet, as Markdown, HTML or JSON.

On stdout it is a preview and changes nothing; the 1:1 report written to a file with ``-o`` is
recorded as today's check-in, which the next report's "since the last check-in" compares with.
The format follows ``--format``, else the file's extension (``-o r.html``), else Markdown.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from promo_planner.cli.context import Context, parse_date
from promo_planner.cli.output import open_portfolio, safe_json

FORMATS = ("md", "html", "json")
KINDS = ("gap", "packet")


def register(subparsers: Any) -> None:
    """Add the ``report`` command."""
    p = subparsers.add_parser(
        "report",
        help="the 1:1 report or the promotion packet (stdout; -o FILE writes it and, for the "
        "1:1 report, records today's check-in)",
        description="The 1:1 report: who and when, the brief (readiness and its change, the "
        "asks for your manager, what changed, the next steps), then the details. With --kind "
        "packet, the case for the promotion committee.",
    )
    p.add_argument(
        "--kind",
        choices=KINDS,
        default="gap",
        help="gap: the 1:1 report (default); packet: the promotion packet",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="md, html or json (default: from the -o file's extension, else md)",
    )
    p.add_argument(
        "--since",
        metavar="DATE",
        help="compare with the latest check-in on or before DATE (default: the last one "
        "before today)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically); the 1:1 report is recorded as today's check-in",
    )
    p.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print the report, or write it to ``-o FILE`` (and record the check-in)."""
    from promo_planner.core.report import build_report, format_for, render, write_report

    since = parse_date(args.since, "--since") if args.since else None
    if since is not None and since > ctx.today:
        from promo_planner.core.errors import InputError

        raise InputError(f"--since: {since} is after today ({ctx.today})")
    fmt = format_for(args.output, args.format)
    with open_portfolio(ctx) as store:
        # Markdown and HTML show a few pieces of evidence: read only those in full.
        report = build_report(store, ctx.today, kind=args.kind, complete=fmt == "json", since=since)
        if args.output is None:
            text = render(report, fmt)
            sys.stdout.write(safe_json(text) if fmt == "json" else text)
            return 0
        record = write_report(store, report, fmt, args.output)
    where = record.files[-1]
    if report.kind == "packet":
        print(f"wrote {where} (the promotion packet, {fmt})", file=sys.stderr)
    else:
        from promo_planner.core.report.words import points

        change = ""
        if report.readiness_change is not None:
            change = f", {points(report.readiness_change)} since the last check-in"
        new = len(report.new_since_last)
        print(
            f"wrote {where} ({fmt}; readiness {report.readiness}%{change}; {new} new evidence);"
            f" recorded as the check-in of {record.date}",
            file=sys.stderr,
        )
    if not report.facts.profile.name:
        print(
            'tip: the report does not say whose it is: promo-planner profile set --name "..."',
            file=sys.stderr,
        )
    return 0
