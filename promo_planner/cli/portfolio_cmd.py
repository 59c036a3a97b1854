"""The portfolio commands: ``init``, ``evidence ...``, ``rate``, ``gaps``, ``answer``,
``note ...``, ``export`` and ``import`` (SPEC section 7).

Arguments are checked before the portfolio is opened, so a bad date or level writes nothing
(not even an empty file). Every handler returns an exit code; ``InputError`` becomes one line
per problem on stderr and exit 2 in ``cli.main``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from promo_planner.core.ladder import Guideline
    from promo_planner.core.readiness import Assessment, CriterionProgress

_PLAN_FLAGS = {
    "current_level": "--current",
    "target_level": "--target",
    "capacity": "--capacity",
    "lead_weeks": "--lead-weeks",
    "nudge_weeks": "--nudge-weeks",
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
    p.add_argument(
        "--nudge-weeks",
        type=_count(1, 52),
        metavar="N",
        help="nudge when a gap on the path has had no new evidence for N weeks (default 4)",
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
    p.add_argument("key", metavar="QUESTION", help=f"one of: {keys}")
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
    from promo_planner.core.portfolio import require_snapshot
    from promo_planner.core.revision import (
        carried_links,
        describe,
        describe_links,
        ladder_changes,
    )

    target_date = parse_date(args.target_date, "--target-date") if args.target_date else None
    guideline = resolve_guideline(args.guideline)
    # An existing portfolio is opened once, here; a new one is created only once the plan is
    # known to be sound (a typo in a level writes nothing).
    store = open_portfolio(ctx, create=True) if ctx.data_path.exists() else None
    try:
        before = store.plan() if store is not None else None
        planned_on: Guideline | None = store.guideline() if store is not None and before else None
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
            nudge_weeks=args.nudge_weeks or (before.nudge_weeks if before else None),
        )
        problems = plan_field_problems(plan, guideline)
        if problems:
            raise InputError(f"{_PLAN_FLAGS.get(f, f)}: {message}" for f, message in problems)
        # A new revision of the same ladder: links follow their criteria's new ids (revision.py).
        same_ladder = planned_on is not None and planned_on.id == guideline.id
        if store is None:
            store = open_portfolio(ctx, create=True)
        plan = store.set_plan(plan, guideline)
        stored: list[tuple[int | None, str]] = [(e, c) for e, c, _ in store.links()]
        stored += [(None, r.criterion_id) for r in store.ratings()]
        carried = carried_links(planned_on if same_ladder else None, guideline, stored)
        store.rename_criteria(carried.renames)
        snapshot = require_snapshot(store, ctx.today)
    finally:
        if store is not None:
            store.close()
    found = snapshot.assessment
    version = f" {guideline.version}" if guideline.version else ""
    verb = "Re-planned" if before else "Planned"
    when = f", target date {plan.target_date.isoformat()}" if plan.target_date else ""
    print(f"{verb} {guideline.id}{version}: {plan.current_level} -> {plan.target_level}{when}.")
    if planned_on is not None and same_ladder and planned_on.source != guideline.source:
        print("\n".join(describe(ladder_changes(planned_on, guideline), planned_on, guideline)))
    if carried.renames:
        print(describe_links(replace(carried, lost=()))[0])
    if before:
        count = snapshot.evidence_count
        print(f"Kept {count} evidence item{'s' if count != 1 else ''}.")
        orphans = found.orphan_links
        if orphans:
            # Listed with the evidence holding them, so the engineer can relink them.
            by_criterion: dict[str, list[str]] = {}
            for evidence_id, criterion, _ in orphans:
                by_criterion.setdefault(criterion, []).append(str(evidence_id))
            ids = ", ".join(
                f"{c} (evidence {', '.join(by_criterion[c])})" for c in sorted(by_criterion)
            )
            print(
                f"{len(orphans)} link{'s' if len(orphans) != 1 else ''} point to criteria not in"
                f" {guideline.id} (kept, not counted): {ids}"
            )
    held = sum(1 for cp in found.criteria if cp.held)
    if held:
        print(
            f"{held} of {len(found.criteria)} required criteria carry over from"
            f" {plan.current_level}: they count as held (rate one --self down if you don't"
            " show it yet)."
        )
    print(readiness_line(found))
    return 0


def readiness_line(found: Assessment) -> str:
    """``Readiness 41.2% (you claim 55.0%) · threshold 90% · not ready``: the core number as
    every command prints it, with the claimed figure when the manager's view differs."""
    text = f"Readiness {found.readiness}%"
    if found.readiness_claimed != found.readiness:
        text += f" (you claim {found.readiness_claimed}%; your manager's ratings decide)"
    text += f" · threshold {decimal_text(found.threshold)}%"
    if found.area_floor:
        text += f", every area {decimal_text(found.area_floor)}%"
    if found.ready:
        return text + " · ready"
    below = found.areas_below_floor
    if found.readiness >= found.threshold and below:
        names = ", ".join(a.area.name for a in below)
        return text + f" · not ready: below the area floor in {names}"
    return text + " · not ready"


# --------------------------------------------------------------------------- rate, gaps


def rate_command(args: argparse.Namespace, ctx: Context) -> int:
    """Record one side's rating of a criterion (the history is kept; the latest counts)."""
    who: Who = "self" if args.self_value else "manager"
    choice = args.self_value or args.manager_value
    from promo_planner.cli.criteria import criterion_named, shown, stored_name

    with open_portfolio(ctx) as store:
        plan = store.require_plan()
        guideline = store.guideline()
        if choice == "clear":
            # A rating a re-plan orphaned can still be cleared by the id it is stored under.
            rated = [r.criterion_id for r in store.ratings() if r.who == who]
            name = stored_name(guideline, rated, args.criterion, ctx)
            store.rate(name, who, None, args.note, ctx.today)
            side = "your" if who == "self" else "your manager's"
            print(f"{name}: {side} rating cleared on {ctx.today.isoformat()}")
            return 0
        criterion = criterion_named(guideline, args.criterion, ctx, plan.target_level)
        store.rate(criterion.id, who, choice, args.note, ctx.today)
    side = "your" if who == "self" else "your manager's"
    print(
        f"{shown(criterion, args.criterion)}: {side} rating {THUMB_WORDS[choice]}"
        f" on {ctx.today.isoformat()}"
    )
    return 0


THUMB_WORDS = {"up": "👍 up", "down": "👎 down"}


def gaps_command(args: argparse.Namespace, ctx: Context) -> int:
    """The target's required set with status and progress, and the readiness line."""
    from promo_planner.core.portfolio import require_snapshot

    with open_portfolio(ctx) as store:
        found = require_snapshot(store, ctx.today).assessment
    if args.json:
        print_json(gaps_json(found))
        return 0
    areas = found.guideline.area_by_id
    full, empty = _bar_glyphs()
    rows = [("AREA", "CRITERION", "STATUS", "PROGRESS", "WEIGHT", "TITLE", "NOTE")]
    # A ladder file is usually ordered by level, so its areas interleave; a person reads the
    # table by area. Ladder order is kept within an area (the sort is stable).
    area_order = {area_id: i for i, area_id in enumerate(areas)}
    for cp in sorted(found.criteria, key=lambda cp: area_order.get(cp.criterion.area, len(areas))):
        filled = int(cp.progress * 10)
        bar = full * filled + empty * (10 - filled) + f" {int(cp.progress * 100):3d}%"
        area = areas[cp.criterion.area].name if cp.criterion.area in areas else cp.criterion.area
        c = cp.criterion
        rows.append((area, c.id, cp.status, bar, decimal_text(c.weight), c.title, _gap_note(cp)))
    # The title is what people read; on a narrow terminal it gives way, never the id.
    print(table(rows, fit=5), end="")
    if found.orphan_links:
        print(f"({len(found.orphan_links)} links to criteria not in this guideline: not counted)")
    print(readiness_line(found))
    return 0


def _gap_note(cp: CriterionProgress) -> str:
    """What a person should know beside the status: whose word decided, what to ask."""
    notes = []
    if cp.disputed:
        notes.append("manager disagrees")
    elif cp.manager_thumb == "up" and cp.evidence_progress < 1 and not cp.held:
        notes.append("manager agrees")
    if cp.rerate:
        notes.append("new evidence since the manager's rating: ask again")
    if cp.carried_over and not cp.held:
        notes.append("carried over, but you rated it 👎")
    if cp.uncounted_ids:
        notes.append(f"{len(cp.uncounted_ids)} outside the evidence window")
    return "; ".join(notes)


def gaps_json(found: Assessment) -> dict[str, object]:
    """The ``gaps --json`` document (SPEC 7)."""
    guideline = found.guideline
    return {
        "guideline": guideline.id,
        "guideline_version": guideline.version,
        "current_level": found.current_level,
        "target_level": found.target_level,
        "readiness": float(found.readiness),
        "readiness_claimed": float(found.readiness_claimed),
        "threshold": json_number(found.threshold),
        "area_floor": json_number(found.area_floor),
        "ready": found.ready,
        "areas": [
            {"id": a.area.id, "name": a.area.name, "readiness": float(a.readiness)}
            for a in found.areas()
        ],
        "criteria": [
            {
                "id": cp.criterion.id,
                "area": cp.criterion.area,
                "level": cp.criterion.level,
                "title": cp.criterion.title,
                "status": cp.status,
                "progress": round(float(cp.progress), 4),
                "claimed_progress": round(float(cp.claimed), 4),
                "held": cp.held,
                "disputed": cp.disputed,
                "rerate": cp.rerate,
                "weight": json_number(cp.criterion.weight),
                "evidence_required": cp.criterion.evidence_required,
                "evidence": list(cp.evidence_ids),
                "new_at_target": cp.new_at_target,
                "needs_opportunity": cp.criterion.needs_opportunity,
            }
            for cp in found.criteria
        ],
    }


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
            f"QUESTION: {args.key!r} is not one of the questions ({', '.join(QUESTION_KEYS)})"
        )
    with open_portfolio(ctx) as store:
        store.set_answer(args.key, args.text)
    question = dict(QUESTIONS)[args.key]
    print(f"{'answered' if args.text.strip() else 'cleared'}: {question}")
    return 0


def note_add_command(args: argparse.Namespace, ctx: Context) -> int:
    """Add a dated 1:1 note; says which note was added, with its number and date."""
    on = parse_date(args.date, "--date") if args.date else ctx.today
    with open_portfolio(ctx) as store:
        note = store.add_note(args.text, on)
    first_line = note.text.splitlines()[0]
    shown = first_line if len(first_line) <= NOTE_SHOWN else first_line[: NOTE_SHOWN - 1] + "…"
    print(f"added note #{note.id} of {note.date.isoformat()}: {shown}")
    return 0


NOTE_SHOWN = 60
"""Characters of a note that ``note add`` repeats back."""


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
    from promo_planner.core.files import MAX_EXPORT_BYTES, read_text
    from promo_planner.core.inbox import Candidate
    from promo_planner.core.records import Evidence
    from promo_planner.core.spool import Spool

    # A regular file only, bounded: never a FIFO or /dev/zero.
    text = read_text(args.file, limit=MAX_EXPORT_BYTES)
    # Checked evidence and inbox items wait in temporary files, not in memory: an import's
    # peak stays a small multiple of the file's size however many items it holds.
    evidence: Spool[Evidence] = Spool()
    inbox: Spool[Candidate] = Spool()
    try:
        # Before opening: a refused file creates nothing.
        content = parse_export(text, args.file, ctx.today, evidence, inbox)
        del text
        with open_portfolio(ctx, create=True) as store:
            store.replace_content(content)
    finally:
        evidence.close()
        inbox.close()
    print(
        f"imported {args.file}: {len(content.evidence)} evidence, {len(content.ratings)}"
        f" ratings, {len(content.notes)} notes, {len(content.checkins)} check-ins"
    )
    return 0
