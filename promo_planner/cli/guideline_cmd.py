"""``promo-planner guideline ...``: list, show, check and describe role guidelines (ladders)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from promo_planner.cli import ArgumentParser
from promo_planner.cli.context import Context
from promo_planner.cli.output import plural, print_json, table
from promo_planner.core.errors import InputError
from promo_planner.core.records import json_number

if TYPE_CHECKING:
    from promo_planner.core.ladder import Criterion, Guideline


def register(subparsers: Any) -> None:
    """Add the ``guideline`` command group."""
    group = subparsers.add_parser(
        "guideline", help="role guidelines (career ladders): list, show, check, schema"
    )
    sub = group.add_subparsers(
        dest="guideline_command", metavar="SUBCOMMAND", parser_class=_LazyHelpParser
    )

    p = sub.add_parser("list", help="the bundled guidelines and those in $PROMO_PLANNER_GUIDELINES")
    p.set_defaults(handler=list_command)

    p = sub.add_parser("show", help="a ladder, or one level's required set")
    p.add_argument(
        "guideline",
        metavar="NAME_OR_PATH",
        nargs="?",
        help="a bundled id or a guideline file (default: the one your portfolio is planned on)",
    )
    p.add_argument("--level", metavar="L", help="show the criteria required at this level")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=show_command)

    p = sub.add_parser("check", help="validate guideline files")
    p.add_argument("paths", metavar="PATH", nargs="+", help="guideline files to check")
    p.set_defaults(handler=check_command)

    p = sub.add_parser("schema", help="the JSON Schema of the guideline format (for editors)")
    p.set_defaults(handler=schema_command)

    # `guideline import` (core/importers) registers itself here, beside the others.
    from promo_planner.cli.guideline_import_cmd import register_import

    register_import(sub)


# --------------------------------------------------------------------------- list


def list_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print the guidelines that can be planned on by id as a table: id, name, levels; and,
    when ``$PROMO_PLANNER_GUIDELINES`` names folders of your own, where each one comes from."""
    from promo_planner.core.loader import bundled_guidelines
    from promo_planner.core.paths import bundled_guidelines_dir, extra_guideline_dirs

    found = bundled_guidelines()
    if not found:
        print(f"no guidelines in {bundled_guidelines_dir()}")
        return 0
    bundled = bundled_guidelines_dir()
    rows: list[tuple[str, ...]] = [("ID", "NAME", "LEVELS")]
    rows += [(g.id, g.name, ", ".join(lv.id for lv in g.levels)) for _, g in found]
    if extra_guideline_dirs():
        where = ["FROM"] + ["bundled" if path.parent == bundled else str(path) for path, _ in found]
        rows = [(*row, source) for row, source in zip(rows, where, strict=True)]
    print(table(rows), end="")
    return 0


# --------------------------------------------------------------------------- show


def show_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print a ladder (a level tree), or the required set of ``--level``.

    Without NAME_OR_PATH, or with the id of the ladder the portfolio is planned on (an
    imported one is neither bundled nor, necessarily, still a file), the portfolio's copy.
    """
    from promo_planner.core.loader import resolve_guideline

    if args.guideline is None:
        guideline = _planned_guideline(ctx)
    else:
        try:
            guideline = resolve_guideline(args.guideline)
        except InputError:
            planned = _planned_guideline(ctx, only_id=args.guideline)
            if planned is None:
                raise
            guideline = planned
    if args.level is not None:
        if args.level not in guideline.level_by_id:
            known = ", ".join(lv.id for lv in guideline.levels)
            raise InputError(
                f"--level: unknown level {args.level!r} in {guideline.id} (levels: {known})"
            )
        if args.json:
            print_json({"level": args.level, "required": guideline.required_ids(args.level)})
        else:
            print(_required_text(guideline, args.level), end="")
        return 0
    if args.json:
        print_json(ladder_json(guideline))
    else:
        print(ladder_text(guideline), end="")
    return 0


def _planned_guideline(ctx: Context, only_id: str | None = None) -> Any:
    """The ladder the portfolio is planned on; with ``only_id``, that ladder when it has this
    id and the name is no file, else None."""
    from pathlib import Path

    from promo_planner.cli.output import open_portfolio

    if only_id is not None:
        if Path(only_id).exists() or not ctx.data_path.is_file():
            return None
        with open_portfolio(ctx) as store:
            plan = store.plan()
            return store.guideline() if plan is not None and plan.guideline_id == only_id else None
    with open_portfolio(ctx) as store:
        store.require_plan()
        return store.guideline()


def new_at_level(guideline: Guideline, level_id: str) -> list[Criterion]:
    """What a level asks for beyond its predecessor (everything, for a root level)."""
    parent = guideline.level(level_id).parent
    if parent is None:
        return guideline.required(level_id)
    return guideline.new_at_target(parent, level_id)


_MAX_INDENT = 38


def ladder_text(guideline: Guideline) -> str:
    """The ladder for people: header, areas, and the levels as a tree with counts."""
    p = guideline.promotion
    version = f" version {guideline.version}" if guideline.version else ""
    lines = [f"{guideline.name} ({guideline.id}){version}"]
    if guideline.description:
        import textwrap

        lines.append(textwrap.fill(" ".join(guideline.description.split()), width=100))
    floor = (
        f", every area at least {json_number(p.area_floor)}%" if p.area_floor else ", no area floor"
    )
    window = (
        f"evidence from the last {plural(p.evidence_window_months, 'month')} counts"
        if p.evidence_window_months
        else "all evidence counts, however old"
    )
    lines.append(
        f"Promotion: ready at {json_number(p.readiness_threshold)}% readiness{floor}; {window}; "
        f"packet due {p.lead_weeks} weeks before the date; gaps closed {p.sustain_weeks} weeks "
        "before that"
    )
    lines.append("")
    lines.append("Areas:")
    width = max(len(a.id) for a in guideline.areas)
    for area in guideline.areas:
        count = sum(1 for c in guideline.criteria if c.area == area.id)
        lines.append(f"  {area.id:<{width}}  {area.name} ({plural(count, 'criterion')})")
    lines.append("")
    lines.append("Levels (new / required criteria):")

    # Depth first with an explicit stack: a ladder may be thousands of levels deep. Past a
    # dozen levels the indentation stops growing, so a deep ladder stays readable.
    required_ids: dict[str, list[str]] = {}
    stack: list[tuple[str, str, str]] = [
        (root, "  ", "") for root in reversed(guideline.children(None))
    ]
    while stack:
        level_id, prefix, branch = stack.pop()
        level = guideline.level(level_id)
        track = f" [{level.track}]" if level.track else ""
        # R(L) once per level: R(parent) was computed just before, on the way down.
        required_here = required_ids.setdefault(level_id, guideline.required_ids(level_id))
        parent = level.parent
        above = set(required_ids.get(parent) or guideline.required_ids(parent)) if parent else set()
        new = [guideline.criterion_by_id[c] for c in required_here if c not in above]
        by_area: dict[str, int] = {}
        for c in new:
            by_area[c.area] = by_area.get(c.area, 0) + 1
        areas = ", ".join(f"{area} {n}" for area, n in by_area.items())
        required = len(required_here)
        lines.append(
            f"{prefix}{branch}{level.id}  {level.title}{track}  {len(new)} new / {required}"
            + (f"  ({areas})" if areas else "")
        )
        kids = guideline.children(level_id)
        inner = prefix + ("" if not branch else ("   " if branch == "└─ " else "│  "))
        inner = inner[:_MAX_INDENT]
        for i in reversed(range(len(kids))):
            stack.append((kids[i], inner, "└─ " if i == len(kids) - 1 else "├─ "))

    return "\n".join(lines) + "\n"


def _required_text(guideline: Guideline, level_id: str) -> str:
    level = guideline.level(level_id)
    required = guideline.required(level_id)
    new = {c.id for c in new_at_level(guideline, level_id)}
    lines = [
        f"{guideline.name}: {level.id} {level.title}: {plural(len(required), 'criterion')} "
        f"required, {len(new)} new at this level (*)"
    ]
    rows = [("", "ID", "AREA", "LEVEL", "TITLE")]
    rows += [("*" if c.id in new else "", c.id, c.area, c.level, c.title) for c in required]
    return "\n".join(lines) + "\n" + table(rows, fit=4)


def ladder_json(guideline: Guideline) -> dict[str, Any]:
    """The whole ladder as JSON-ready values, defaults applied, keys as in the file format."""
    p = guideline.promotion
    return {
        "id": guideline.id,
        "name": guideline.name,
        "version": guideline.version,
        "description": guideline.description,
        "promotion": {
            "readiness_threshold": json_number(p.readiness_threshold),
            "area_floor": json_number(p.area_floor),
            "evidence_window_months": p.evidence_window_months,
            "lead_weeks": p.lead_weeks,
            "sustain_weeks": p.sustain_weeks,
        },
        "levels": [
            {
                "id": lv.id,
                "title": lv.title,
                "summary": lv.summary,
                "after": lv.parent,
                "track": lv.track,
                "required": guideline.required_ids(lv.id),
            }
            for lv in guideline.levels
        ],
        "areas": [
            {"id": a.id, "name": a.name, "description": a.description} for a in guideline.areas
        ],
        "criteria": [
            {
                "id": c.id,
                "area": c.area,
                "level": c.level,
                "title": c.title,
                "description": c.description,
                "examples": list(c.examples),
                "evidence_required": c.evidence_required,
                "effort_weeks": json_number(c.effort_weeks),
                "weight": json_number(c.weight),
                "requires": list(c.requires),
                "supersedes": list(c.supersedes),
                "needs_opportunity": c.needs_opportunity,
                "aliases": list(c.aliases),
            }
            for c in guideline.criteria
        ],
    }


# --------------------------------------------------------------------------- check, schema


def check_command(args: argparse.Namespace, ctx: Context) -> int:
    """Validate every file given; ``PATH: ok`` each, or every problem of every file."""
    from promo_planner.core.loader import load_guideline

    problems: list[str] = []
    for path in args.paths:
        try:
            load_guideline(path)
        except InputError as exc:
            problems.extend(exc.lines)
        else:
            print(f"{path}: ok")
    if problems:
        raise InputError(problems)
    return 0


def schema_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print the JSON Schema of the guideline file format."""
    from promo_planner.core.guideline import json_schema

    print_json(json_schema())
    return 0


# --------------------------------------------------------------------------- import


class _LazyHelpParser(ArgumentParser):
    """A parser whose description may be a function, called only when its help is shown.

    ``guideline import`` lists the importers' formats in its help; reading them loads
    core/importers (PyYAML and the loader, ~0.2 s), which every other command would pay for
    at start-up if the text were built when the parser is.
    """

    def format_help(self) -> str:
        if callable(self.description):
            self.description = self.description()
        return super().format_help()
