"""The dashboard: readiness against the threshold and its trend, areas, what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.renderables.digits import Digits as DigitsFont
from textual.widget import Widget
from textual.widgets import Static

from promo_planner.core.records import decimal_text
from promo_planner.tui.screens.base import SectionScreen
from promo_planner.tui.state import PortfolioReading, PortfolioState
from promo_planner.tui.widgets.cells import cut, plain
from promo_planner.tui.widgets.meter import meter, sparkline

if TYPE_CHECKING:
    from promo_planner.core.readiness import AreaProgress

RECENT_LINES = 20  # as many as the box has room for; the rest is clipped
PLANNING = Content.styled("Planning the path…", "dim")


def trend_line(state: PortfolioReading) -> Content:
    """``▲ +4.5 since last report`` and, below, its date and a sparkline of the reports."""
    readiness = state.assessment.readiness
    last = state.last_report
    if last is None:
        return Content.styled("No report exported yet: the trend starts with the first.", "dim")
    change = readiness - last.readiness
    arrow, style = ("▲", "$success") if change > 0 else ("▼", "$error") if change < 0 else ("=", "")
    history = [r.readiness for r in state.reports[-12:]] + [readiness]
    return Content.assemble(
        (f"{arrow} {change:+.1f}", f"bold {style}".strip()),
        " since last report\n",
        (f"on {last.today.isoformat()} · trend ", "dim"),
        (sparkline(history), "$accent"),
    )


def areas_text(areas: list[AreaProgress], width: int) -> Content:
    """One line per area: name, bar, percent, met/total, fitted to ``width`` cells."""
    suffix = 13  # " 100.0% 10/10"
    longest = max((len(a.area.name) for a in areas), default=4)
    name_width = max(8, min(22, longest, width - suffix - 1 - 6))
    bar_width = max(3, width - name_width - 1 - suffix)
    lines = []
    for area in areas:
        lines.append(
            Content.assemble(
                plain(f"{cut(area.area.name, name_width):<{name_width}} "),
                (meter(area.readiness / 100, bar_width), "$accent"),
                f" {area.readiness:>5}% {area.met:>2}/{area.total:<2}"[:suffix],
            )
        )
    return Content("\n").join(lines) if lines else Content("Nothing is required at the target.")


START_SHOWN = 3
"""How many of this week's starts the dashboard names."""


def next_text(state: PortfolioState) -> Content:
    """The next milestone, what to start this week, and whether the date holds."""
    from promo_planner.core.planner import start_this_week

    path = state.path
    upcoming = [m for m in path.milestones if m.date >= state.today]
    lines: list[Content] = []
    if upcoming:
        m = upcoming[0]
        count = f" ({len(m.criteria)} gaps)" if m.criteria else ""
        lines.append(
            Content.assemble(("Next milestone  ", "bold"), plain(f"{m.date} {m.title}{count}"))
        )
    starts = start_this_week(path)
    if starts:
        # The few most urgent only: an infeasible plan can have dozens overdue, and the
        # feasibility line below must stay on screen at 80x24. The Path section has them all.
        shown = starts[:START_SHOWN]
        names = ", ".join(
            f"{i.title} ({'late' if i.start_by < state.today else 'due ' + str(i.due)})"
            for i in shown
        )
        more = len(starts) - len(shown)
        lines.append(
            Content.assemble(
                ("Start this week ", "bold"),
                plain(names),
                (f" and {more} more (4 Path)", "dim") if more else "",
            )
        )
    elif path.items:
        first = min(path.items, key=lambda i: i.start_by)
        lines.append(
            Content.assemble(
                ("Start this week ", "bold"),
                plain(f"nothing; next: {first.title} by {first.start_by}"),
            )
        )
    else:
        lines.append(Content.assemble(("Start this week ", "bold"), "nothing left to close"))
    if path.target_date_assumed:
        lines.append(
            Content.assemble(
                ("Target date     ", "bold"), f"not set; assuming {path.target_date} (ctrl+r)"
            )
        )
    elif path.feasible:
        lines.append(
            Content.assemble(
                ("Target date     ", "bold"),
                f"{path.target_date} ",
                ("✓ feasible", "$success"),
                f" (earliest {path.earliest_promotion_date})",
            )
        )
    else:
        lines.append(
            Content.assemble(
                ("Target date     ", "bold"),
                f"{path.target_date} ",
                ("✗ not feasible", "bold $error"),
                f": earliest {path.earliest_promotion_date}",
            )
        )
    return Content("\n").join(lines)


def recent_text(state: PortfolioReading) -> Content:
    """The newest evidence, one line each."""
    if not state.recent:
        return Content.styled("No evidence yet: press a to add some.", "dim")
    lines = []
    for ev in state.recent[:RECENT_LINES]:
        links = len(ev.criteria)
        linked = f"  {links} link{'s' if links != 1 else ''}" if links else "  unlinked"
        lines.append(Content.assemble((f"{ev.date} ", "dim"), plain(ev.title), (linked, "dim")))
    return Content("\n").join(lines)


def readiness_text(state: PortfolioReading) -> Content:
    """The readiness box: the figure in large digits, the verdict against the threshold, the
    ladder and levels, and the trend."""
    a = state.assessment
    top, middle, bottom = big_digits(f"{a.readiness}")
    verdict = (
        Content.styled("ready", "bold $success")
        if a.ready
        else Content.styled("not ready", "bold $warning")
    )
    return Content("\n").join(
        [
            Content.styled("Readiness", "bold"),
            Content.styled(top, "$accent"),
            Content.assemble((middle, "$accent"), ("%", "bold")),
            Content.styled(bottom, "$accent"),
            Content.assemble(f"{a.readiness}% of {decimal_text(a.threshold)}% needed · ", verdict),
            f"{a.guideline.name}: {a.current_level} → {a.target_level}",
            trend_line(state),
        ]
    )


def big_digits(text: str) -> tuple[str, str, str]:
    """``text`` in Textual's three-line digit font (the one the ``Digits`` widget draws)."""
    drawn = DigitsFont(text).render(Style())
    lines = [s.text for s in drawn if isinstance(s, Segment) and s.text != "\n"]
    return lines[0], lines[1], lines[2]


class ReadinessPanel(Widget):
    """The readiness box as one widget: drawn as one piece of text, it costs the first frame
    far less than the label, digits, percent sign, verdict and trend as seven widgets did."""

    def __init__(self, *, id: str, classes: str) -> None:
        super().__init__(id=id, classes=classes)
        self.reading: PortfolioReading | None = None

    def show(self, reading: PortfolioReading) -> None:
        """Draw this reading."""
        self.reading = reading
        self.refresh(layout=True)

    def render(self) -> Content:
        if self.reading is None:
            return Content.styled("Readiness", "bold")
        return readiness_text(self.reading)


class AreaBars(Widget):
    """The per-area bars, drawn at whatever width the layout gives them."""

    def __init__(self, *, id: str, classes: str) -> None:
        super().__init__(id=id, classes=classes)
        self.areas: list[AreaProgress] = []

    def show(self, areas: list[AreaProgress]) -> None:
        """Draw these areas."""
        self.areas = areas
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.areas))

    def render(self) -> Content:
        return areas_text(self.areas, self.content_size.width)


class DashboardScreen(SectionScreen):
    """Readiness first; everything else says what to do about it."""

    SECTION = "dashboard"

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="section-body"):
            with Horizontal(id="dash-top"):
                yield ReadinessPanel(id="readiness-box", classes="box")
                yield AreaBars(id="areas", classes="box")
            yield Static(PLANNING, id="next", classes="box")
            yield Static(id="recent", classes="box")

    def on_mount(self) -> None:
        self.query_one("#areas").border_title = "Areas"
        self.query_one("#next").border_title = "Next"
        self.query_one("#recent").border_title = "Recent evidence"
        super().on_mount()

    def _state_changed(self, state: PortfolioState | None) -> None:
        # Until the path is planned, the reading taken at start shows everything but "Next".
        reading = self.planner.reading
        if state is None and reading is not None:
            self.set_class(False, "-empty")
            self.show_state(reading)
        else:
            super()._state_changed(state)

    def show_state(self, state: PortfolioReading) -> None:
        self.query_one(ReadinessPanel).show(state)
        self.query_one(AreaBars).show(state.assessment.areas())
        if isinstance(state, PortfolioState):
            self.query_one("#next", Static).update(next_text(state))
        self.query_one("#recent", Static).border_title = f"Recent evidence ({state.evidence_count})"
        self.query_one("#recent", Static).update(recent_text(state))
