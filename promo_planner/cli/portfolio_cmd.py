"""The portfolio commands: ``init``, ``evidence ...``, ``rate``, ``gaps``, ``answer``,
``note ...``, ``export`` and ``import`` (SPEC section 7).

Arguments are checked before the portfolio is opened, so a bad date or level writes nothing
(not even an empty file). Every handler returns an exit code; ``InputError`` becomes one line
per problem on stderr and exit 2 in ``cli.main``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from promo_planner.cli.context import Context, parse_date
from promo_planner.cli.output import open_portfolio, print_json, table
from promo_planner.core.errors import InputError
from promo_planner.core.records import (
    QUESTION_KEYS,
    QUESTIONS,
    Plan,
    Who,
    decimal_text,
    json_number,
)

_PLAN_FLAGS = {
    "current_level": "--current",
    "target_level": "--target",
    "capacity": "--capacity",
    "lead_weeks": "--lead-weeks",
}


def register(subparsers: Any) -> None:
    """Add the portfolio commands."""
    p = subparsers.add_parser("init", help="create the plan, or re-plan (evidence is kept)")
    p.add_argument("--guideline", required=True, metavar="NAME_OR_PATH", help="bundled id or file")
    p.add_argument("--current", required=True, metavar="LEVEL", help="your level now")
    p.add_argument("--target", required=True, metavar="LEVEL", help="the level you aim for")
    p.add_argument("--target-date", metavar="DATE", help="promotion date (YYYY-MM-DD)")
    p.add_argument("--capacity", type=_count(1, 100), metavar="N", help="gaps worked on at once")
    p.add_argument(
        "--lead-weeks", type=_count(0, 520), metavar="N", help="packet due N weeks early"
    )
    p.set_defaults(handler=init_command)

    from promo_planner.cli import evidence_cmd

    evidence_cmd.register(subparsers)

    p = subparsers.add_parser(
        "rate", help="health check: 👍/👎 on a criterion, yours or your manager's"
    )
    p.add_argument("criterion", metavar="CRITERION")
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--self", dest="self_value", choices=("up", "down", "clear"))
    side.add_argument("--manager", dest="manager_value", choices=("up", "down", "clear"))
    p.add_argument("--note", default="", metavar="T", help="why (shown in the report)")
    p.set_defaults(handler=rate_command)

    p = subparsers.add_parser("gaps", help="the target level's criteria with status and readiness")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=gaps_command)

    keys = ", ".join(QUESTION_KEYS)
    p = subparsers.add_parser("answer", help=f"answer an open 1:1 question ({keys})")
    p.add_argument("key", metavar="KEY", help=f"one of: {keys}")
    # default "": the one positional that may be empty (it clears the answer)
    p.add_argument("text", metavar="TEXT", default="", help="your answer (empty clears it)")
    p.set_defaults(handler=answer_command)

    note = subparsers.add_parser("note", help="your 1:1 notes")
    note_sub = note.add_subparsers(dest="note_command", metavar="SUBCOMMAND")
    p = note_sub.add_parser("add", help="add a dated note")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--date", metavar="D", help="default: today")
    p.set_defaults(handler=note_add_command)
    p = note_sub.add_parser("list", help="the notes, oldest first")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=note_list_command)

    p = subparsers.add_parser("export", help="the whole portfolio as YAML")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    p.set_defaults(handler=export_command)

    p = subparsers.add_parser("import", help="replace the portfolio with an exported YAML file")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=import_command)


def _count(low: int, high: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} must be between {low} and {high}")
        return value

    return parse


# --------------------------------------------------------------------------- init


def init_command(args: argparse.Namespace, ctx: Context) -> int:
    """Create the plan, or re-plan keeping every evidence item and link."""
    from promo_planner.core.input_rules import plan_field_problems
    from promo_planner.core.loader import resolve_guideline
    from promo_planner.core.portfolio import assessment

    target_date = parse_date(args.target_date, "--target-date") if args.target_date else None
    guideline = resolve_guideline(args.guideline)
    before: Plan | None = None
    if ctx.data_path.exists():
        with open_portfolio(ctx) as store:
            before = store.plan()
    plan = Plan(
        guideline_id=guideline.id,
        guideline_version=guideline.version,
        current_level=args.current,
        target_level=args.target,
        # Re-planning keeps the choices not given again.
        target_date=target_date or (before.target_date if before else None),
        capacity=args.capacity or (before.capacity if before else 2),
        lead_weeks=args.lead_weeks
        if args.lead_weeks is not None
        else (before.lead_weeks if before else None),
        sustain_weeks=before.sustain_weeks if before else None,
        readiness_threshold=before.readiness_threshold if before else None,
    )
    # Checked before the portfolio is created or touched: a typo in a level writes nothing.
    problems = plan_field_problems(plan, guideline)
    if problems:
        raise InputError(f"{_PLAN_FLAGS.get(f, f)}: {message}" for f, message in problems)
    with open_portfolio(ctx, create=True) as store:
        plan = store.set_plan(plan, guideline)
        found = assessment(store)
        evidence_count = store.count_evidence()
    version = f" {guideline.version}" if guideline.version else ""
    verb = "Re-planned" if before else "Planned"
    when = f", target date {plan.target_date.isoformat()}" if plan.target_date else ""
    print(f"{verb} {guideline.id}{version}: {plan.current_level} -> {plan.target_level}{when}.")
    if before:
        print(f"Kept {evidence_count} evidence item{'s' if evidence_count != 1 else ''}.")
        orphans = found.orphan_links
        if orphans:
            ids = ", ".join(sorted({criterion for _, criterion, _ in orphans}))
            print(
                f"{len(orphans)} link{'s' if len(orphans) != 1 else ''} point to criteria not in"
                f" {guideline.id} (kept, not counted): {ids}"
            )
    print(f"Readiness {found.readiness}% (threshold {decimal_text(found.threshold)}%)")
    return 0


# --------------------------------------------------------------------------- rate, gaps


def rate_command(args: argparse.Namespace, ctx: Context) -> int:
    """Set or clear one side's rating of a criterion."""
    who: Who = "self" if args.self_value else "manager"
    choice = args.self_value or args.manager_value
    with open_portfolio(ctx) as store:
        store.require_plan()
        store.rate(args.criterion, who, None if choice == "clear" else choice, args.note, ctx.today)
    done = "cleared" if choice == "clear" else f"rated {choice}"
    print(f"{who}: {done} {args.criterion}")
    return 0


def gaps_command(args: argparse.Namespace, ctx: Context) -> int:
    """The target's required set with status and progress, and the readiness line."""
    from promo_planner.core.portfolio import assessment

    with open_portfolio(ctx) as store:
        found = assessment(store)
    if args.json:
        guideline = found.guideline
        print_json(
            {
                "guideline": guideline.id,
                "guideline_version": guideline.version,
                "current_level": found.current_level,
                "target_level": found.target_level,
                "readiness": float(found.readiness),
                "threshold": json_number(found.threshold),
                "ready": found.ready,
                "criteria": [
                    {
                        "id": cp.criterion.id,
                        "area": cp.criterion.area,
                        "level": cp.criterion.level,
                        "title": cp.criterion.title,
                        "status": cp.status,
                        "progress": round(float(cp.progress), 4),
                        "weight": json_number(cp.criterion.weight),
                        "evidence_required": cp.criterion.evidence_required,
                        "evidence": list(cp.evidence_ids),
                        "new_at_target": cp.new_at_target,
                        "needs_opportunity": cp.criterion.needs_opportunity,
                    }
                    for cp in found.criteria
                ],
            }
        )
        return 0
    areas = found.guideline.area_by_id
    full, empty = _bar_glyphs()
    rows = [("AREA", "CRITERION", "STATUS", "PROGRESS", "WEIGHT")]
    # A ladder file is usually ordered by level, so its areas interleave; a person reads the
    # table by area. Ladder order is kept within an area (the sort is stable).
    area_order = {area_id: i for i, area_id in enumerate(areas)}
    for cp in sorted(found.criteria, key=lambda cp: area_order.get(cp.criterion.area, len(areas))):
        filled = int(cp.progress * 10)
        bar = full * filled + empty * (10 - filled) + f" {int(cp.progress * 100):3d}%"
        area = areas[cp.criterion.area].name if cp.criterion.area in areas else cp.criterion.area
        rows.append((area, cp.criterion.id, cp.status, bar, decimal_text(cp.criterion.weight)))
    print(table(rows), end="")
    if found.orphan_links:
        print(f"({len(found.orphan_links)} links to criteria not in this guideline: not counted)")
    print(f"Readiness {found.readiness}% (threshold {decimal_text(found.threshold)}%)")
    return 0


def _bar_glyphs() -> tuple[str, str]:
    try:
        "█░".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return "#", "."
    return "█", "░"


# --------------------------------------------------------------------------- answers and notes


def answer_command(args: argparse.Namespace, ctx: Context) -> int:
    """Record (or, with empty text, clear) an answer to an open 1:1 question."""
    if args.key not in QUESTION_KEYS:
        raise InputError(
            f"KEY: unknown question {args.key!r} (questions: {', '.join(QUESTION_KEYS)})"
        )
    with open_portfolio(ctx, create=True) as store:
        store.set_answer(args.key, args.text)
    question = dict(QUESTIONS)[args.key]
    print(f"{'answered' if args.text.strip() else 'cleared'}: {question}")
    return 0


def note_add_command(args: argparse.Namespace, ctx: Context) -> int:
    """Add a dated 1:1 note; prints its id."""
    on = parse_date(args.date, "--date") if args.date else ctx.today
    with open_portfolio(ctx, create=True) as store:
        note = store.add_note(args.text, on)
    print(note.id)
    return 0


def note_list_command(args: argparse.Namespace, ctx: Context) -> int:
    """The 1:1 notes, oldest first."""
    if not ctx.data_path.exists():
        notes = []
    else:
        with open_portfolio(ctx) as store:
            notes = store.notes()
    if args.json:
        print_json([{"id": n.id, "date": n.date.isoformat(), "text": n.text} for n in notes])
        return 0
    if not notes:
        print('no notes yet: promo-planner note add "TEXT"')
    for n in notes:
        print(f"#{n.id}  {n.date.isoformat()}  {n.text}")
    return 0


# --------------------------------------------------------------------------- export / import


def export_command(args: argparse.Namespace, ctx: Context) -> int:
    """Write the whole portfolio as YAML to stdout or, atomically, to ``-o FILE``."""
    from promo_planner.core.exchange import export_yaml

    with open_portfolio(ctx) as store:
        text = export_yaml(store)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from promo_planner.core.files import write_atomically

    # The export is the whole private portfolio: a new file is as private as the database.
    write_atomically(args.output, text, shown=args.output, new_mode=0o600, protect=[ctx.data_path])
    print(f"exported to {args.output}")
    return 0


def import_command(args: argparse.Namespace, ctx: Context) -> int:
    """Replace the portfolio with an export file (validated completely first)."""
    from promo_planner.core.exchange import parse_export
    from promo_planner.core.files import read_text

    text = read_text(args.file)  # a regular file only, bounded: never a FIFO or /dev/zero
    content = parse_export(text, args.file, ctx.today)  # before opening: creates nothing
    with open_portfolio(ctx, create=True) as store:
        store.replace_content(content)
    print(
        f"imported {args.file}: {len(content.evidence)} evidence, {len(content.ratings)}"
        f" ratings, {len(content.notes)} notes, {len(content.reports)} reports"
    )
    return 0
