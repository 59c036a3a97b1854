"""``promo-planner guideline import``: convert a published ladder or a sheet into a guideline.

The converters live in core/importers; this parses the command line, reads the file through
``files.read_text``, and writes the result atomically (nothing is written when anything is
wrong).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from promo_planner.cli.context import Context
from promo_planner.cli.output import plural
from promo_planner.core.errors import InputError

if TYPE_CHECKING:
    from promo_planner.core.importers import Importer


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


def register_import(group_subparsers: Any) -> None:
    """Add ``guideline import --from FORMAT FILE -o OUT`` (converters in core/importers)."""
    p = group_subparsers.add_parser(
        "import",
        help="convert a published ladder (FT, Monzo) or a spreadsheet (CSV) into a guideline file",
        description=_import_description,
    )
    p.add_argument(
        "--from",
        dest="source_format",
        required=True,
        choices=_ImportFormats(),
        metavar="FORMAT",
    )
    p.add_argument("file", metavar="FILE", help="the published ladder or the CSV sheet")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="guideline file to write")
    p.add_argument(
        "--levels",
        metavar="L1,L2,...",
        help="csv: the levels, lowest first (default: in the order the sheet first names them)",
    )
    p.add_argument(
        "--previous",
        metavar="OLD.yaml",
        help="an earlier import of the same ladder: competencies keep the ids they had there",
    )
    p.set_defaults(handler=import_command)


def import_command(args: argparse.Namespace, ctx: Context) -> int:
    """Convert FILE and write OUT atomically; nothing is written when anything is wrong."""
    from pathlib import Path

    from promo_planner.core.files import read_text
    from promo_planner.core.importers import MAX_SOURCE_BYTES, write_atomic
    from promo_planner.core.ladder_import import import_guideline

    source, out = Path(args.file), Path(args.output)
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise InputError(f"-o: {args.output} is the input file; write the guideline elsewhere")
    levels = None
    if args.levels is not None:
        levels = [name.strip() for name in args.levels.split(",") if name.strip()]
        if not levels:
            raise InputError("--levels: give the levels, lowest first: --levels L3,L4,L5")
    previous = None
    if args.previous is not None:
        from promo_planner.core.loader import load_guideline

        previous = load_guideline(args.previous)
    text = read_text(source, shown=args.file, limit=MAX_SOURCE_BYTES)
    yaml_text, guideline = import_guideline(
        args.source_format, text, args.file, levels=levels, previous=previous
    )
    write_atomic(out, yaml_text, shown=args.output, protect=[ctx.data_path])
    print(
        f"{args.output}: {guideline.id}: {plural(len(guideline.levels), 'level')}, "
        f"{plural(len(guideline.areas), 'area')}, "
        f"{plural(len(guideline.criteria), 'criterion')}"
    )
    if previous is not None:
        kept = {c.id for c in previous.criteria} & {c.id for c in guideline.criteria}
        print(
            f"{len(kept)} of {len(guideline.criteria)} criteria kept their ids from {args.previous}"
        )
    return 0
