"""Errors the user can fix: each carries one clear line per problem and maps to exit code 2."""

from __future__ import annotations

from collections.abc import Iterable


class InputError(Exception):
    """Bad input (a file, an argument, a value): one line per problem, nothing was written.

    ``lines`` are complete messages such as ``ladder.yaml:12:5: unknown level 'L9'`` or
    ``--date: '2026-02-30' is not a real date (YYYY-MM-DD)``.
    """

    def __init__(self, lines: str | Iterable[str]) -> None:
        self.lines: list[str] = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))
