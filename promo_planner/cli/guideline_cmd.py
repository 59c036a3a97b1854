"""``promo-planner guideline ...``: list, show, check and describe role guidelines (ladders)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from promo_planner.cli import ArgumentParser
from promo_planner.cli.context import Context
from promo_planner.cli.output import print_json, table
from promo_planner.core.errors import InputError
from promo_planner.core.records import json_number

if TYPE_CHECKING:
    from promo_planner.core.importers import Importer
    from promo_planner.core.ladder import Criterion, Guideline


def register(subparsers: Any) -> None:
    """Add the ``guideline`` command group."""
    group = subparsers.add_parser(
        "guideline", help="role guidelines (career ladders): list, show, check, schema"
    )
    sub = group.add_subparsers(
        dest="guideline_command", metavar="SUBCOMMAND", parser_class=_LazyHelpParser
    )

    p = sub.add_parser("list", help="the bundled guidelines (id, name, levels)")
    p.set_defaults(handler=list_command)

    p = sub.add_parser("show", help="a ladder, or one level's required set")
    p.add_argument("guideline", metavar="NAME_OR_PATH", help="a bundled id or a guideline file")
    p.add_argument("--level", metavar="L", help="show the criteria required at this level")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=show_command)

    p = sub.add_parser("check", help="validate guideline files")
    p.add_argument("paths", metavar="PATH", nargs="+", help="guideline files to check")
    p.set_defaults(handler=check_command)

    p = sub.add_parser("schema", help="the JSON Schema of the guideline format (for editors)")
    p.set_defaults(handler=schema_command)

    # `guideline import` (core/importers) registers itself here, beside the others.
    _register_import(sub)


# --------------------------------------------------------------------------- list


def list_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print the bundled guidelines as a table: id, name, levels."""
    from promo_planner.core.loader import bundled_guidelines

    found = bundled_guidelines()
    if not found:
        from promo_planner.core.paths import guidelines_dir

        print(f"no bundled guidelines in {guidelines_dir()}")
        return 0
    rows = [("ID", "NAME", "LEVELS")]
    rows += [(g.id, g.name, ", ".join(lv.id for lv in g.levels)) for _, g in found]
    print(table(rows), end="")
    return 0


# --------------------------------------------------------------------------- show


def show_command(args: argparse.Namespace, ctx: Context) -> int:
    """Print a ladder (a level tree), or the required set of ``--level``."""
    from promo_planner.core.loader import resolve_guideline

    guideline = resolve_guideline(args.guideline)
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


def new_at_level(guideline: Guideline, level_id: str) -> list[Criterion]:
    """What a level asks for beyond its predecessor (everything, for a root level)."""
    parent = guideline.level(level_id).parent
    if parent is None:
        return guideline.required(level_id)
    return guideline.new_at_target(parent, level_id)


def ladder_text(guideline: Guideline) -> str:
    """The ladder for people: header, areas, and the levels as a tree with counts."""
    p = guideline.promotion
    version = f" version {guideline.version}" if guideline.version else ""
    lines = [f"{guideline.name} ({guideline.id}){version}"]
    if guideline.description:
        import textwrap

        lines.append(textwrap.fill(" ".join(guideline.description.split()), width=100))
    lines.append(
        f"Promotion: ready at {json_number(p.readiness_threshold)}% readiness; packet due "
        f"{p.lead_weeks} weeks before the date; gaps closed {p.sustain_weeks} weeks before that"
    )
    lines.append("")
    lines.append("Areas:")
    width = max(len(a.id) for a in guideline.areas)
    for area in guideline.areas:
        count = sum(1 for c in guideline.criteria if c.area == area.id)
        lines.append(f"  {area.id:<{width}}  {area.name} ({_plural(count, 'criterion')})")
    lines.append("")
    lines.append("Levels (new / required criteria):")

    def walk(level_id: str, prefix: str, branch: str) -> None:
        level = guideline.level(level_id)
        track = f" [{level.track}]" if level.track else ""
        new = new_at_level(guideline, level_id)
        by_area: dict[str, int] = {}
        for c in new:
            by_area[c.area] = by_area.get(c.area, 0) + 1
        areas = ", ".join(f"{area} {n}" for area, n in by_area.items())
        required = len(guideline.required(level_id))
        lines.append(
            f"{prefix}{branch}{level.id}  {level.title}{track}  {len(new)} new / {required}"
            + (f"  ({areas})" if areas else "")
        )
        kids = guideline.children(level_id)
        inner = prefix + ("" if not branch else ("   " if branch == "└─ " else "│  "))
        for i, kid in enumerate(kids):
            walk(kid, inner, "└─ " if i == len(kids) - 1 else "├─ ")

    for root in guideline.children(None):
        walk(root, "  ", "")
    return "\n".join(lines) + "\n"


def _required_text(guideline: Guideline, level_id: str) -> str:
    level = guideline.level(level_id)
    required = guideline.required(level_id)
    new = {c.id for c in new_at_level(guideline, level_id)}
    lines = [
        f"{guideline.name}: {level.id} {level.title}: {_plural(len(required), 'criterion')} "
        f"required, {len(new)} new at this level (*)"
    ]
    rows = [("", "ID", "AREA", "LEVEL", "TITLE")]
    rows += [("*" if c.id in new else "", c.id, c.area, c.level, c.title) for c in required]
    return "\n".join(lines) + "\n" + table(rows)


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


class _ImportFormats:
    """The ``--from`` choices, read from core/importers the first time argparse needs them
    (checking a parsed ``guideline import`` or showing its help), not at registration."""

    def __contains__(self, name: object) -> bool:
        return name in _importers()

    def __iter__(self) -> Iterator[str]:
        return iter(_importers())


def _importers() -> dict[str, Importer]:
    from promo_planner.core.importers import IMPORTERS

    return IMPORTERS


def _import_description() -> str:
    formats = ", ".join(f"{i.name} ({i.label})" for i in _importers().values())
    return f"Convert a published career ladder into guideline YAML. Formats: {formats}."


def _register_import(group_subparsers: Any) -> None:
    """Add ``guideline import --from FORMAT FILE -o OUT`` (converters in core/importers)."""
    p = group_subparsers.add_parser(
        "import",
        help="convert a published ladder (FT, Monzo) into a guideline file",
        description=_import_description,
    )
    p.add_argument(
        "--from",
        dest="source_format",
        required=True,
        choices=_ImportFormats(),
        metavar="FORMAT",
    )
    p.add_argument("file", metavar="FILE", help="the published ladder file")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="guideline file to write")
    p.set_defaults(handler=import_command)


def import_command(args: argparse.Namespace, ctx: Context) -> int:
    """Convert FILE and write OUT atomically; nothing is written when anything is wrong."""
    from pathlib import Path

    from promo_planner.core.importers import import_guideline, read_source, write_atomic

    source, out = Path(args.file), Path(args.output)
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise InputError(f"-o: {args.output} is the input file; write the guideline elsewhere")
    text = read_source(source, shown=args.file)
    yaml_text, guideline = import_guideline(args.source_format, text, args.file)
    write_atomic(out, yaml_text, shown=args.output, protect=[ctx.data_path])
    print(
        f"{args.output}: {guideline.id}: {_plural(len(guideline.levels), 'level')}, "
        f"{_plural(len(guideline.areas), 'area')}, "
        f"{_plural(len(guideline.criteria), 'criterion')}"
    )
    return 0


# --------------------------------------------------------------------------- helpers


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {'criteria' if word == 'criterion' else word + 's'}"
