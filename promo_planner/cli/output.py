"""What every command does to reach the portfolio and to print: one way to open it, one JSON
style, one table layout and one way to write a percentage, so the commands look alike."""

from __future__ import annotations

import json
import sys
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


def table(
    rows: Sequence[Sequence[str]],
    right: Collection[int] = (),
    *,
    fit: int | None = None,
    width: int | None = None,
) -> str:
    """Rows as columns two spaces apart, left-aligned but for the column numbers in ``right``;
    one line each, no trailing blanks.

    ``fit`` names the column (a title) that gives way when the table is wider than ``width``
    (default: the terminal's, when writing to one): its cells are cut at their end with "…".
    No other column is ever cut, so ids stay whole; piped output is never cut.
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    width = width if width is not None else terminal_width()
    if fit is not None and width is not None:
        over = sum(widths) + 2 * (len(widths) - 1) - width
        if over > 0:
            room = max(widths[fit] - over, MIN_FIT)
            if room < widths[fit]:
                rows = [
                    [_cut(cell, room) if i == fit else cell for i, cell in enumerate(row)]
                    for row in rows
                ]
                widths[fit] = room
    out = []
    for row in rows:
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip() + "\n")
    return "".join(out)


MIN_FIT = 16
"""A cut column keeps at least this many characters: a title of fewer says nothing."""


def terminal_width() -> int | None:
    """The terminal's width when stdout is one (or ``COLUMNS`` says it), else None."""
    import os
    import shutil

    if not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        return None
    return shutil.get_terminal_size().columns


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def plural(n: int, word: str) -> str:
    """``1 criterion``, ``2 criteria``, ``3 levels``."""
    if n == 1:
        return f"1 {word}"
    return f"{n} {'criteria' if word == 'criterion' else word + 's'}"
