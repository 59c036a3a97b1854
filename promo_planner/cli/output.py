"""What every command does to reach the portfolio and to print: one way to open it, one JSON
style, one table layout and one way to write a percentage, so the commands look alike."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from promo_planner.cli.context import Context

if TYPE_CHECKING:
    from promo_planner.core.store import Store


def open_portfolio(ctx: Context, *, create: bool = False) -> Store:
    """The portfolio of ``--data``; without ``create`` a missing file is "no plan yet", so a
    command that only reads never leaves an empty file behind."""
    from promo_planner.core.portfolio import open_store  # the store loads sqlite3

    return open_store(ctx.data_path, create=create)


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout, non-ASCII text kept as it is."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def table(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> str:
    """Rows as columns two spaces apart, left-aligned but for the column numbers in ``right``;
    one line each, no trailing blanks."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip() + "\n")
    return "".join(out)
