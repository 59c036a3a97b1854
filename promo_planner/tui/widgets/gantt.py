"""The plan from today as a text Gantt chart: a date axis and one row per gap, fitted to a width.

Each row is a label (⚑ for a gap that needs an opportunity, then its title), a bar from the
day the plan starts the gap to the day it finishes, the gap's latest start marked ``◆``, and
its slack in days. ``█`` marks the critical chain, ``▒`` the other gaps; a gap that starts
after its last safe moment is drawn in the warning colour (its ``◆`` sits before its bar, or
``◂`` just left of the chart when that moment is already behind us). ``│`` is today, ``┆`` the
deadline. Everything reads without colour too.

The rows are separate ``Content`` values so the path screen can put each in a list a person
can move through and open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content

from promo_planner.tui.widgets.cells import cut, plain

if TYPE_CHECKING:
    from promo_planner.core.planner import PathItem, PathPlan

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LEGEND = "█ critical chain  ▒ other gap  ◆ latest start  ⚑ needs opportunity  │ today  ┆ deadline"
SHORT_LEGEND = "█ critical chain ▒ other gap ◆ latest start ⚑ opportunity │ today ┆ deadline"
SLACK_WIDTH = 6
"""Cells for the slack at the end of each row: `` -283d``."""
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 600, 1200, 6000, 12000, 60000)
"""Months between axis labels: the first step that leaves each label room to breathe."""


@dataclass(frozen=True)
class Scale:
    """Where days fall on a chart ``cells`` wide, from ``first`` to ``last``."""

    first: dt.date
    last: dt.date
    cells: int
    label_width: int

    @classmethod
    def fit(cls, path: PathPlan, width: int) -> Scale:
        """The scale for ``path`` in ``width`` cells: today to the later of the target date
        and the last finish; the labels take a third of the width (12 to 36 cells)."""
        label_width = max(12, min(36, width // 3))
        cells = max(10, width - label_width - 1 - SLACK_WIDTH)
        last = max([path.target_date, *(it.finish for it in path.items)])
        return cls(path.today, max(last, path.today + dt.timedelta(days=1)), cells, label_width)

    def col(self, day: dt.date) -> int:
        """The cell of ``day`` (clamped to the chart)."""
        span = (self.last - self.first).days
        return min(self.cells - 1, max(0, (day - self.first).days * (self.cells - 1) // span))

    @property
    def pad(self) -> str:
        return " " * (self.label_width + 1)


def _months(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    """The first days of the months from ``first`` to ``last`` that a label every ``step``
    months falls on (steps divide a year or are whole years, so January always gets one)."""
    index = first.year * 12 + first.month - 1
    if first.day > 1:
        index += 1
    index += -index % step
    out = []
    while True:
        year, month = divmod(index, 12)
        if year > dt.MAXYEAR:
            break
        day = dt.date(year, month + 1, 1)
        if day > last:
            break
        out.append(day)
        index += step
    return out


def axis(path: PathPlan, scale: Scale) -> Content:
    """Two lines: month labels (the year at January) and ticks with today and the deadline."""
    cells = scale.cells
    labels = [" "] * cells
    ticks = ["─"] * cells
    step = MONTH_STEPS[-1]
    for candidate in MONTH_STEPS:
        days = 30.4 * candidate * (cells - 1) / max(1, (scale.last - scale.first).days)
        if days >= 5:  # "2027" and a space, at least
            step = candidate
            break
    for month in _months(scale.first, scale.last, step):
        c = scale.col(month)
        ticks[c] = "┬"
        name = str(month.year) if month.month == 1 or step >= 12 else MONTHS[month.month - 1]
        free = all(ch == " " for ch in labels[max(0, c - 1) : c + len(name) + 1])
        if free and c + len(name) <= cells:
            labels[c : c + len(name)] = name
    ticks[scale.col(path.today)] = "│"
    if path.deadline >= path.today:
        ticks[scale.col(path.deadline)] = "┆"
    return Content("\n").join(
        [
            Content.styled(scale.pad + "".join(labels), "dim"),
            Content.styled(scale.pad + "".join(ticks) + " slack", "dim"),
        ]
    )


def row(path: PathPlan, item: PathItem, scale: Scale) -> Content:
    """One gap: its label, its bar from start to finish, its latest start and its slack."""
    room = scale.label_width - 3
    label = f"{'⚑' if item.needs_opportunity else ' '} {cut(item.title, room):<{room}} "
    cells = [" "] * scale.cells
    cells[scale.col(path.today)] = "│"
    if path.deadline >= path.today:
        cells[scale.col(path.deadline)] = "┆"
    start, end = scale.col(item.start), scale.col(item.finish)
    end = max(start + 1, end)
    glyph = "█" if item.critical else "▒"
    for c in range(start, end):
        cells[c] = glyph
    # A latest start before today has no day on the chart: ◂ in the cell before it says so.
    before_today = item.latest_start < path.today
    latest = -1 if before_today else scale.col(item.latest_start)
    if latest >= 0:
        cells[latest] = "◆"
    late = item.slack_days < 0
    bar_style = "$warning" if late else "$accent" if item.critical else "$primary"
    marker_style = "bold $warning" if late else "bold $text"
    parts: list[tuple[str, str]] = [("◂", marker_style) if before_today else (" ", "")]
    for c, ch in enumerate(cells):
        style = "dim"
        if start <= c < end:
            style = bar_style
        if c == latest:
            style = marker_style
        if parts[-1][1] == style:
            parts[-1] = (parts[-1][0] + ch, style)
        else:
            parts.append((ch, style))
    slack = f"{item.slack_days:+,}d"
    slack = slack if len(slack) < SLACK_WIDTH else "late" if late else "ok"
    return Content.assemble(
        plain(label),
        *parts,
        (f"{slack:>{SLACK_WIDTH}}", "bold $warning" if late else "dim"),
    )


def legend(width: int) -> Content:
    """What the glyphs mean, cut to ``width``."""
    text = LEGEND if len(LEGEND) <= width else SHORT_LEGEND
    return Content.styled(cut(text, width), "dim")


def gantt_rows(path: PathPlan, width: int) -> tuple[Content, list[Content]]:
    """The axis and one row per gap of ``path`` (plan order), in at most ``width`` cells."""
    scale = Scale.fit(path, width)
    return axis(path, scale), [row(path, item, scale) for item in path.items]
