"""The path: whether the date holds (and if not, how late and what would make it), what to do
now, the plan from today as a Gantt chart whose rows open their criterion, the milestones, and
the planner's own reasons."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from promo_planner.tui.screens.base import SectionScreen
from promo_planner.tui.widgets.cells import cut, plain
from promo_planner.tui.widgets.gantt import gantt_rows, legend

if TYPE_CHECKING:
    from promo_planner.core.planner import PathItem, PathPlan
    from promo_planner.core.snapshot import Snapshot


def summary(path: PathPlan, target_level: str) -> Content:
    """Two lines: where to and by when, whether it holds (if not: how late, what capacity
    would make it, the earliest date); then readiness now and after, and the deadline."""
    if path.feasible:
        spare = (path.target_date - path.earliest_promotion_date).days
        verdict = Content.assemble(("✓ feasible", "bold $success"), f", {spare:,} days to spare")
    elif path.beyond_calendar:
        verdict = Content.assemble(
            ("✗ not feasible", "bold $error"), ": the plan runs past 9999-12-31"
        )
    else:
        if path.capacity_needed is not None:
            fix = f" · {path.capacity_needed} at once would make it"
        elif path.items and path.days_left >= 0:
            fix = f" · the critical chain alone takes {path.critical_path_days:,} days"
        else:
            fix = ""
        verdict = Content.assemble(
            ("✗ not feasible", "bold $error"),
            f": {path.days_late:,} days late · earliest {path.earliest_promotion_date}{fix}",
        )
    deadline = (
        f"gaps closed by {path.deadline}"
        if path.days_left >= 0
        else f"deadline passed {-path.days_left:,} days ago"
    )
    return Content.assemble(
        (f"To {target_level} by {path.target_date} ", "bold"),
        verdict,
        f"\nreadiness {path.readiness_now}% → {path.readiness_after}% · "
        f"{len(path.items)} gaps · {path.capacity} at once · {deadline}",
    )


CHART_ROWS = 1000
"""Rows the chart shows before it scrolls by itself (its max-height in app.tcss)."""
SCROLLBAR = 2

NAMED = 3
"""Gaps the "Now" lines name before counting the rest (the chart below has them all)."""


def _titles(items: list[PathItem], extra: Callable[[PathItem], str]) -> str:
    named = [f"{cut(i.title, 32)}{extra(i)}" for i in items[:NAMED]]
    more = len(items) - NAMED
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def now_text(path: PathPlan) -> Content:
    """What to do now, in two lines at most: what to start this week, which opportunities to
    ask the manager for now (the verdict is in the summary; the sentences are under Why)."""
    from promo_planner.core.planner import asks_now, start_this_week

    if not path.items or path.beyond_calendar:
        return Content("")
    today = path.today

    def when(item: PathItem) -> str:
        return "" if item.start == today else f" (in {(item.start - today).days} d)"

    def safe(item: PathItem) -> str:
        behind = (today - item.latest_start).days
        return f" ({behind} d overdue)" if behind > 0 else ""

    lines = [Content.assemble(("Start now ", "bold"), _titles(start_this_week(path), when))]
    asks = asks_now(path)
    if asks:
        lines.append(Content.assemble(("Ask manager now ", "bold $warning"), _titles(asks, safe)))
    return Content("\n").join(lines)


def milestones(path: PathPlan) -> Content:
    """The milestones, one line each, with the gaps closed by then."""
    titles = {i.criterion_id: i.title for i in path.items}
    lines = [Content.styled("Milestones", "bold")]
    for m in path.milestones:
        closes = ", ".join(titles.get(cid, cid) for cid in m.criteria)
        lines.append(
            Content.assemble(
                (f"{m.date} ", "$accent"),
                plain(m.title),
                plain(f": {closes}" if closes else "", "dim"),
            )
        )
    return Content("\n").join(lines)


def explanation(path: PathPlan) -> Content:
    """The planner's sentences, as a list: what to do now, then why."""
    from promo_planner.core.planner import explain, next_steps

    lines = [Content.styled("What to do and why", "bold")]
    lines += [plain(f"• {sentence}") for sentence in [*next_steps(path), *explain(path)]]
    return Content("\n").join(lines)


class PathScreen(SectionScreen):
    """The plan of SPEC section 5, drawn; enter on a gap shows it on the Criteria screen."""

    SECTION = "path"
    AUTO_FOCUS = None  # the chart takes the focus once it has rows (see _draw_chart)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open_criterion",
            "Open criterion",
            id="path.open",
            tooltip="Show the selected gap on the Criteria screen",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._state: Snapshot | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="path-scroll", classes="section-body"):
            yield Static(id="path-summary")
            yield Static(id="path-now")
            yield Static(id="path-axis")
            yield OptionList(id="path-gantt", compact=True, markup=False)
            yield Static(id="path-legend")
            yield Static(id="path-milestones")
            yield Static(id="path-explain")

    def show_state(self, state: Snapshot) -> None:
        self._state = state
        path = state.path
        self.query_one("#path-summary", Static).update(summary(path, state.plan.target_level))
        now = now_text(path)
        self.query_one("#path-now", Static).update(now)
        self.query_one("#path-now", Static).display = bool(now.plain)
        self._draw_chart(state)
        self.query_one("#path-milestones", Static).update(milestones(path))
        self.query_one("#path-explain", Static).update(explanation(path))

    def on_resize(self) -> None:
        if self._state is not None:
            self._draw_chart(self._state)

    def _draw_chart(self, state: Snapshot) -> None:
        path = state.path
        scroll = self.query_one("#path-scroll")
        width = scroll.scrollable_content_region.width or self.size.width - 3
        if not scroll.show_vertical_scrollbar:
            # The section scrolls once the chart is in: keep the room its scrollbar will take,
            # or every row would wrap when it appears.
            width -= SCROLLBAR
        chart = self.query_one("#path-gantt", OptionList)
        if not path.items:
            self.query_one("#path-axis", Static).update("Nothing left to close: no bars to draw.")
            chart.display = False
            self.query_one("#path-legend", Static).update("")
            return
        if len(path.items) > CHART_ROWS:
            width -= SCROLLBAR  # the chart's own scrollbar takes its share of each row
        axis, rows = gantt_rows(path, width)
        self.query_one("#path-axis", Static).update(axis)
        highlighted = chart.highlighted
        chart.set_options(
            Option(line, id=item.criterion_id) for line, item in zip(rows, path.items, strict=True)
        )
        chart.display = True
        chart.highlighted = (
            highlighted if highlighted is not None and highlighted < len(rows) else 0
        )
        if self.focused is not chart:
            # Arrows move through the gaps; the section stays scrolled where it is.
            chart.focus(scroll_visible=False)
        self.query_one("#path-legend", Static).update(legend(width))

    @on(OptionList.OptionHighlighted, "#path-gantt")
    def _follow(self, event: OptionList.OptionHighlighted) -> None:
        # The chart shows every row and the section scrolls: keep the row the person moves to
        # in view (after the layout, which a new snapshot may just have changed).
        if event.option_list.has_focus:
            self.call_after_refresh(self._show_row, event.option_index)

    def _show_row(self, index: int) -> None:
        chart = self.query_one("#path-gantt", OptionList)
        row = index - chart.scroll_offset.y
        if 0 <= row < chart.size.height:
            top = chart.virtual_region.y + row
            self.query_one("#path-scroll", VerticalScroll).scroll_to_region(
                Region(0, top, 1, 1), animate=False
            )

    @on(OptionList.OptionSelected, "#path-gantt")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_criterion(event.option.id)

    def action_open_criterion(self) -> None:
        """Show the highlighted gap on the Criteria screen."""
        option = self.query_one("#path-gantt", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.open_criterion(option.id)

    def open_criterion(self, criterion_id: str) -> None:
        """Switch to the Criteria section with ``criterion_id`` under the cursor."""
        from promo_planner.tui.screens.criteria import CriteriaScreen

        self.app.switch_mode("criteria")
        screen = self.app.screen
        if isinstance(screen, CriteriaScreen):
            screen.select_criterion(criterion_id)
