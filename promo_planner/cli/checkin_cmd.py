"""``promo-planner checkin``: the manager's side of the 1:1 (SPEC 6) and the check-ins so far.

``checkin export`` writes the YAML form the manager fills in; ``checkin import FILE`` records
their ratings (dated the form's date) and answers, or refuses the whole form with
``FILE:LINE:COL`` lines and writes nothing; ``checkin list`` shows the check-ins recorded.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from promo_planner.cli.context import Context
from promo_planner.cli.output import open_portfolio, print_json, table


def register(subparsers: Any) -> None:
    """Add the ``checkin`` commands."""
    checkin = subparsers.add_parser(
        "checkin", help="the manager's check-in form (export, import) and the check-ins so far"
    )
    sub = checkin.add_subparsers(dest="checkin_command", metavar="SUBCOMMAND")
    p = sub.add_parser(
        "export", help="write the form your manager fills in (every criterion, the questions)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    p.set_defaults(handler=export_command)
    p = sub.add_parser("import", help="record your manager's ratings and answers from a form")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=import_command)
    p = sub.add_parser("list", help="the check-ins recorded (one per day and target level)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=list_command)


def export_command(args: argparse.Namespace, ctx: Context) -> int:
    """Write the check-in form to stdout or, atomically, to ``-o FILE``."""
    from promo_planner.core.checkin_form import form_yaml
    from promo_planner.core.portfolio import require_snapshot

    with open_portfolio(ctx) as store:
        # The index, and in full only the items the form names: not every item's text.
        text = form_yaml(require_snapshot(store, ctx.today), store.evidence_items)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from promo_planner.core.files import write_atomically

    write_atomically(args.output, text, shown=args.output, new_mode=0o600, protect=[ctx.data_path])
    print(
        f"wrote {args.output}: send it to your manager; bring it back with"
        f" promo-planner checkin import {args.output}",
        file=sys.stderr,
    )
    return 0


def import_command(args: argparse.Namespace, ctx: Context) -> int:
    """Record the manager's ratings and answers of a filled-in form (all or nothing)."""
    from promo_planner.core.checkin_form import parse_form
    from promo_planner.core.files import read_text
    from promo_planner.core.portfolio import require_snapshot

    text = read_text(args.file)  # a regular file only, bounded: never a FIFO or /dev/zero
    with open_portfolio(ctx) as store:
        before = require_snapshot(store, ctx.today)
        review = parse_form(
            text,
            args.file,
            guideline=before.guideline,
            target_level=before.plan.target_level,
            today=ctx.today,
        )
        added = store.record_review(review.as_ratings(), review.answers)
        after = require_snapshot(store, ctx.today).assessment
    given = len(review.ratings)
    up = sum(1 for _, thumb, _ in review.ratings if thumb == "up")
    if added:
        said = f"{added} rating{'s' if added != 1 else ''} from your manager dated {review.date}"
        said += f" ({up} 👍 up, {given - up} 👎 down"
        said += f"; {given - added} already recorded)" if added < given else ")"
    elif given:
        said = f"no new ratings (the {given} in the form were already recorded)"
    else:
        said = "no ratings"
    answers = len(review.answers)
    said += f", {answers} answer{'s' if answers != 1 else ''}"
    readiness = f"readiness {after.readiness}%"
    if after.readiness != before.assessment.readiness:
        readiness += f" (was {before.assessment.readiness}%)"
    print(f"imported {args.file}: {said}; {readiness}")
    return 0


def list_command(args: argparse.Namespace, ctx: Context) -> int:
    """The check-ins, oldest first."""
    with open_portfolio(ctx) as store:
        plan = store.require_plan()
        checkins = store.checkins()
    if args.json:
        print_json(
            [
                {
                    "date": c.date.isoformat(),
                    "target_level": c.target_level,
                    "readiness": float(c.readiness),
                    "readiness_claimed": float(c.readiness_claimed),
                    "evidence": len(c.evidence_ids),
                    "files": list(c.files),
                }
                for c in checkins
            ]
        )
        return 0
    if not checkins:
        print("no check-ins yet: promo-planner report -o FILE records one")
        return 0
    rows = [("DATE", "TARGET", "READINESS", "EVIDENCE", "FILES")]
    for c in checkins:
        mark = "" if c.target_level == plan.target_level else " (another target)"
        rows.append(
            (
                c.date.isoformat(),
                c.target_level + mark,
                f"{c.readiness}%",
                str(len(c.evidence_ids)),
                ", ".join(c.files),
            )
        )
    print(table(rows, fit=4), end="")
    return 0
