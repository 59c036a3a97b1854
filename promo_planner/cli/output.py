"""What every command does to reach the portfolio and to print: one way to open it, one JSON
style, one table layout and one way to write a percentage, so the commands look alike.

Everything a command prints passes ``SafeStream``: ``cli.main`` puts one around stdout and one
around stderr, so no printer can send a control character from stored text (an escape sequence
in an old description, a ladder's title) raw to the terminal, and a failing stdout (a full disk,
a closed pipe) is one ``OutputError`` instead of a traceback.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from promo_planner.cli.context import Context
from promo_planner.core.errors import InputError
from promo_planner.core.visible import terminal_safe

if TYPE_CHECKING:
    from promo_planner.core.store import Store


def open_portfolio(ctx: Context, *, create: bool = False) -> Store:
    """The portfolio of ``--data``; without ``create`` a missing file is "no plan yet", so a
    command that only reads never leaves an empty file behind."""
    from promo_planner.core.portfolio import open_store  # the store loads sqlite3

    check_data_path(ctx)
    return open_store(ctx.data_path, create=create)


def check_data_path(ctx: Context) -> None:
    """InputError when ``--data`` names something that cannot be a portfolio file: a folder,
    a pipe, a device or a socket (SQLite would block on a FIFO or fail with a disk I/O
    error). A missing file is the store's to judge."""
    import stat

    path = ctx.data_path
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"--data {path}: cannot use it ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"--data {path}: is a directory; give the portfolio file")
    if not stat.S_ISREG(mode):
        raise InputError(
            f"--data {path}: not a regular file (a pipe, a device or a socket);"
            " give the portfolio file"
        )


# JSON escapes C0 controls itself; these it would leave raw (DEL, C1 controls, lone surrogates).
_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff]")


def json_text(data: Any) -> str:
    """``data`` as indented JSON, non-ASCII text kept as it is (see ``safe_json``)."""
    return safe_json(json.dumps(data, ensure_ascii=False, indent=2))


def safe_json(text: str) -> str:
    """JSON text with the characters a terminal could act on (DEL, C1 controls, lone
    surrogates) written as ``\\uXXXX`` escapes: the same JSON value, safe to print. (They can
    only stand inside strings, where an escape means the same character.)"""
    if _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(data: Any) -> None:
    """``data`` as indented JSON on stdout (see ``json_text``)."""
    print(json_text(data))


class OutputError(Exception):
    """Writing to ``stream`` failed (``errno`` says why: ``EPIPE`` for a closed pipe)."""

    def __init__(self, error: OSError, stream: TextIO) -> None:
        super().__init__(error.strerror or str(error))
        self.errno = error.errno
        self.stream = stream


class SafeStream:
    """A text stream that shows control characters as ``\\xNN`` (``core.visible``) and turns a
    failed write into ``OutputError``; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.wrapped = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters made visible."""
        try:
            return self.wrapped.write(terminal_safe(text))
        except OSError as exc:
            raise OutputError(exc, self.wrapped) from None

    def flush(self) -> None:
        """Flush the wrapped stream."""
        try:
            self.wrapped.flush()
        except OSError as exc:
            raise OutputError(exc, self.wrapped) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


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


@contextmanager
def raw_streams() -> Iterator[None]:
    """The streams as they were before ``SafeStream`` (for the app, which draws the terminal
    itself and escapes what it draws), put back afterwards."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = out.wrapped if isinstance(out, SafeStream) else out
    sys.stderr = err.wrapped if isinstance(err, SafeStream) else err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
