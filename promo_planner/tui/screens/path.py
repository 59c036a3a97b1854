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
from promo_planner.tui.widgets.hanging import HangingText

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


def _titles(items: list[PathItem], extra: Callable[[PathItem], str], room: int) -> str:
    """The first ``NAMED`` titles with their notes, whole when ``room`` cells hold them, else
    each cut to its share of the room (never below ``SHORTEST``), then "and N more"."""
    named = items[:NAMED]
    more = len(items) - NAMED
    tail = f" and {more} more" if more > 0 else ""

    def joined(width: int | None) -> str:
        parts = [f"{i.title if width is None else cut(i.title, width)}{extra(i)}" for i in named]
        return ", ".join(parts) + tail

    whole = joined(None)
    if len(whole) <= room or not named:
        return whole
    # What is not a title: each one's note, the separators and the tail.
    overhead = sum(len(extra(i)) for i in named) + 2 * (len(named) - 1) + len(tail)
    return joined(max(SHORTEST, (room - overhead) // len(named)))


SHORTEST = 16
"""Cells a title keeps at least when "Start now" must cut it."""


def now_text(path: PathPlan, width: int = 80) -> Content:
    """What to do now, in two lines at most of ``width`` cells: what to start this week, which
    opportunities to ask the manager for now (the verdict is in the summary; the sentences are
    under Why)."""
    from promo_planner.core.planner import asks_now, start_this_week

    if not path.items or path.beyond_calendar:
        return Content("")
    today = path.today

    def when(item: PathItem) -> str:
        return "" if item.start == today else f" (in {(item.start - today).days} d)"

    def safe(item: PathItem) -> str:
        behind = (today - item.latest_start).days
        return f" ({behind} d overdue)" if behind > 0 else ""

    start = "Start now "
    lines = [
        Content.assemble(
            (start, "bold"), plain(_titles(start_this_week(path), when, width - len(start)))
        )
    ]
    asks = asks_now(path)
    if asks:
        ask = "Ask manager now "
        lines.append(
            Content.assemble(
                (ask, "bold $warning"), plain(_titles(asks, safe, 2 * width - len(ask)))
            )
        )
    return Content("\n").join(lines)


def milestone_options(path: PathPlan) -> list[Option]:
    """The milestones, each a heading with the gaps it closes under it; a gap is an option
    that opens its criterion (enter, or a click), like a row of the chart."""
    titles = {i.criterion_id: i.title for i in path.items}
    options = []
    for m in path.milestones:
        heading = Content.assemble((f"{m.date} ", "$accent"), plain(m.title, "bold"))
        options.append(Option(heading, disabled=True))
        options += [Option(plain(f"  {titles.get(cid, cid)}"), id=cid) for cid in m.criteria]
    return options


def explanation(path: PathPlan) -> list[Content]:
    """The planner's sentences, as a list: what to do now, then why."""
    from promo_planner.core.planner import explain, next_steps

    lines = [Content.styled("What to do and why", "bold")]
    lines += [plain(f"• {sentence}") for sentence in [*next_steps(path), *explain(path)]]
    return lines


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
            yield Static(Content.styled("Milestones", "bold"), id="path-milestones-title")
            yield OptionList(id="path-milestones", compact=True, markup=False)
            yield HangingText(id="path-explain")

    def show_state(self, state: Snapshot) -> None:
        self._state = state
        path = state.path
        self.query_one("#path-summary", Static).update(summary(path, state.plan.target_level))
        self._show_now(path)
        self._draw_chart(state)
        listed = self.query_one("#path-milestones", OptionList)
        highlighted = listed.highlighted
        options = milestone_options(path)
        listed.set_options(options)
        gaps = [i for i, option in enumerate(options) if not option.disabled]
        listed.can_focus = bool(gaps)
        if gaps:
            # Where it was, else on the first gap (headings cannot be selected).
            listed.highlighted = highlighted if highlighted in gaps else gaps[0]
        self.query_one("#path-explain", HangingText).update(explanation(path))

    def _show_now(self, path: PathPlan) -> None:
        # The section's width less its padding and scrollbar (the region may not be laid out
        # yet when the first snapshot arrives).
        now = now_text(path, self.size.width - 2 - SCROLLBAR)
        self.query_one("#path-now", Static).update(now)
        self.query_one("#path-now", Static).display = bool(now.plain)

    def on_resize(self) -> None:
        if self._state is not None:
            self._show_now(self._state.path)
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

    @on(OptionList.OptionHighlighted, "#path-gantt, #path-milestones")
    def _follow(self, event: OptionList.OptionHighlighted) -> None:
        # The lists show every row and the section scrolls: keep the row the person moves to
        # in view (after the layout, which a new snapshot may just have changed).
        if event.option_list.has_focus:
            self.call_after_refresh(self._show_row, event.option_list, event.option_index)

    def _show_row(self, listed: OptionList, index: int) -> None:
        row = index - listed.scroll_offset.y
        if 0 <= row < listed.size.height:
            top = listed.virtual_region.y + row
            self.query_one("#path-scroll", VerticalScroll).scroll_to_region(
                Region(0, top, 1, 1), animate=False
            )

    @on(OptionList.OptionSelected, "#path-gantt, #path-milestones")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_criterion(event.option.id)

    def action_open_criterion(self) -> None:
        """Show the highlighted gap (of the chart, or of the milestones when they have the
        focus) on the Criteria screen."""
        listed = self.query_one("#path-gantt", OptionList)
        if self.focused is self.query_one("#path-milestones"):
            listed = self.query_one("#path-milestones", OptionList)
        option = listed.highlighted_option
        if option is not None and option.id is not None:
            self.open_criterion(option.id)

    def open_criterion(self, criterion_id: str) -> None:
        """Switch to the Criteria section with ``criterion_id`` under the cursor."""
        from promo_planner.tui.screens.criteria import CriteriaScreen

        self.app.switch_mode("criteria")
        screen = self.app.screen
        if isinstance(screen, CriteriaScreen):
            screen.select_criterion(criterion_id)
