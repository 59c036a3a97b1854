"""A DataTable refilled from each snapshot that redraws only the rows that changed.

Textual's ``DataTable.update_cell`` counts an update for the whole table: every cached cell is
thrown away and every visible cell drawn again (on a 400-row ladder, most of the time a rating
took). ``RowTable.show_rows`` compares the rows with the ones it shows: when the columns and
the rows' order are the same, only the changed rows are forgotten and redrawn; else the table
is rebuilt. The cache surgery reads DataTable internals (textual is pinned; a test holds it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.cache import LRUCache
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


@dataclass(frozen=True)
class Column:
    """One column: its key, its heading and its width in cells."""

    key: str
    label: str
    width: int


Row = tuple[str, Sequence[object]]
"""A row's key and its cells, one per column."""


class RowTable(DataTable[object]):
    """A table shown whole from ``show_rows`` (see the module)."""

    def __init__(self, *, id: str | None = None, zebra_stripes: bool = True) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=zebra_stripes)
        self._shown: tuple[tuple[Column, ...], list[tuple[str, tuple[object, ...]]]] | None = None

    def show_rows(self, columns: Sequence[Column], rows: Sequence[Row]) -> None:
        """Show ``rows`` under ``columns``; the cursor stays on its row index."""
        columns = tuple(columns)
        wanted = [(key, tuple(cells)) for key, cells in rows]
        shown = self._shown
        if (
            shown is not None
            and shown[0] == columns
            and [key for key, _ in shown[1]] == [key for key, _ in wanted]
        ):
            for (key, before), (_, after) in zip(shown[1], wanted, strict=True):
                if before != after:
                    self._replace_row(key, columns, after)
        else:
            self.clear(columns=True)
            for column in columns:
                self.add_column(column.label, key=column.key, width=column.width)
            for key, cells in wanted:
                self.add_row(*cells, key=key)
        self._shown = (columns, wanted)

    def _replace_row(
        self, key: str, columns: tuple[Column, ...], cells: tuple[object, ...]
    ) -> None:
        """Put ``cells`` in row ``key`` and forget what was drawn of that row only."""
        row_key = RowKey(key)
        data = self._data[row_key]
        for column, cell in zip(columns, cells, strict=True):
            data[ColumnKey(column.key)] = cell
        index = self._row_locations.get(row_key)
        _forget(self._cell_render_cache, lambda k: k[0] == row_key)
        _forget(self._row_render_cache, lambda k: k[0] == row_key)
        _forget(self._row_renderable_cache, lambda k: k[1] == index)
        # Lines are cached by screen position; rebuilding them from the cached rows is cheap.
        self._line_cache.clear()
        if index is not None:
            self.refresh_row(index)

    def clear(self, columns: bool = False) -> RowTable:
        self._shown = None
        super().clear(columns=columns)
        return self


def _forget(cache: LRUCache[Any, Any], drop: Callable[[Any], bool]) -> None:
    """Discard the entries of ``cache`` whose keys ``drop`` says."""
    # An LRUCache is not iterable itself.
    for key in [k for k in cache.keys() if drop(k)]:  # noqa: SIM118
        cache.discard(key)
