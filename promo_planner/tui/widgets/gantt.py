"""The path as a text Gantt chart: one row per gap on a shared date axis, fitted to a width.

Everything is drawn with characters that read without colour: ``█`` marks the critical chain,
``▒`` the other gaps, ``⚑`` a gap that needs an opportunity, ``│`` today and ``┆`` the deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.content import Content

from promo_planner.tui.widgets.cells import cut, plain

if TYPE_CHECKING:
    from promo_planner.core.planner import PathItem, PathPlan

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LEGEND = "█ critical chain  ▒ other gap  ⚑ needs opportunity  │ today  ┆ deadline"


def _axis(path: PathPlan) -> tuple[dt.date, dt.date]:
    starts = [i.start_by for i in path.items]
    dues = [i.due for i in path.items]
    first = min([path.today, *starts])
    last = max([path.target_date, *dues])
    return first, last


def gantt(path: PathPlan, width: int) -> Content:
    """The chart for ``path`` in at most ``width`` cells per line."""
    if not path.items:
        return Content("Nothing left to close: no bars to draw.")
    label_width = max(12, min(30, width // 3))
    chart = max(10, width - label_width - 1)
    first, last = _axis(path)
    span = max(1, (last - first).days)

    def col(day: dt.date) -> int:
        return min(chart - 1, max(0, (day - first).days * (chart - 1) // span))

    today_col, deadline_col = col(path.today), col(path.deadline)

    # Month labels and ticks.
    labels = [" "] * chart
    ticks = ["─"] * chart
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            c = col(month)
            ticks[c] = "┬"
            name = MONTHS[month.month - 1] if month.month != 1 else str(month.year)
            if all(ch == " " for ch in labels[c : c + len(name) + 1]) and c + len(name) <= chart:
                labels[c : c + len(name)] = name
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    ticks[today_col] = "│"
    ticks[deadline_col] = "┆"
    pad = " " * (label_width + 1)
    lines = [
        Content.styled(pad + "".join(labels), "dim"),
        Content.styled(pad + "".join(ticks), "dim"),
    ]
    for item in sorted(path.items, key=lambda i: (i.start_by, i.due, i.criterion_id)):
        lines.append(_row(item, label_width, chart, col, today_col, deadline_col))
    lines.append(Content.styled(LEGEND if len(LEGEND) <= width else LEGEND[:width], "dim"))
    return Content("\n").join(lines)


def _row(
    item: PathItem,
    label_width: int,
    chart: int,
    col: Callable[[dt.date], int],
    today_col: int,
    deadline_col: int,
) -> Content:
    marks = ("◆" if item.critical else " ") + ("⚑" if item.needs_opportunity else " ")
    room = label_width - 3
    label = f"{marks} {cut(item.title, room):<{room}}"
    cells = [" "] * chart
    cells[today_col] = "│"
    cells[deadline_col] = "┆"
    start, end = col(item.start_by), col(item.due)
    glyph = "█" if item.critical else "▒"
    for c in range(start, max(start + 1, end)):
        cells[c] = glyph
    style = "$error" if item.slack_days < 0 else "$accent" if item.critical else "$primary"
    before, bar, after = (
        "".join(cells[:start]),
        "".join(cells[start : max(start + 1, end)]),
        "".join(cells[max(start + 1, end) :]),
    )
    return Content.assemble(plain(label), " ", (before, "dim"), (bar, style), (after, "dim"))
