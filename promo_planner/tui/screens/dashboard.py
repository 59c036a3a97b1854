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
from promo_planner.core.snapshot import Snapshot
from promo_planner.tui.screens.base import SectionScreen
from promo_planner.tui.screens.dashboard_next import next_text
from promo_planner.tui.widgets.cells import cut, plain
from promo_planner.tui.widgets.meter import meter, sparkline

if TYPE_CHECKING:
    from promo_planner.core.readiness import AreaProgress

RECENT_LINES = 20  # as many as the box has room for; the rest is clipped
PLANNING = Content.styled("Planning the path…", "dim")


def trend_line(state: Snapshot) -> Content:
    """``▲ +4.5 since last check-in`` and, below, its date and a sparkline with one point per
    check-in of this target (SPEC 6), today's figure last."""
    readiness = state.assessment.readiness
    last = state.last_checkin()
    if last is None:
        today = [c for c in state.target_checkins if c.date == state.today]
        if today:
            # The change is measured against a check-in of an earlier day (SPEC 6).
            return Content.styled(
                f"Checked in today at {today[-1].readiness}%:\nthe change shows from tomorrow.",
                "dim",
            )
        # Two short lines, as a check-in's own are: the panel is 36 cells wide.
        return Content.styled(
            "No check-in yet: exporting the 1:1\nreport (5, ctrl+e) records one.", "dim"
        )
    change = readiness - last.readiness
    arrow, style = ("▲", "$success") if change > 0 else ("▼", "$error") if change < 0 else ("=", "")
    earlier = [c.readiness for c in state.target_checkins if c.date < state.today]
    history = [*earlier[-12:], readiness]
    return Content.assemble(
        (f"{arrow} {change:+.1f}", f"bold {style}".strip()),
        " since last check-in\n",
        (f"on {last.date.isoformat()} · trend ", "dim"),
        (sparkline(history), "$accent"),
    )


def standing_line(state: Snapshot, width: int = 80) -> Content:
    """How the number is made up, in the words a manager would use: what is held from the
    current level, what the manager disputes, and what to ask them to look at again; in
    shorter words when ``width`` cells cannot hold the long ones."""
    a = state.assessment
    held = sum(1 for cp in a.criteria if cp.status == "held")
    disputed = sum(1 for cp in a.criteria if cp.disputed)
    rerate = sum(1 for cp in a.criteria if cp.rerate)
    for held_words, rerate_words in (
        (f"held from {a.current_level}", "to re-rate"),
        ("held", "re-rate"),
    ):
        parts: list[Content | str | tuple[str, str]] = []
        if held:
            parts.append(f"{held} {held_words}")
        if disputed:
            parts.append((f"{disputed} disputed", "$warning"))
        if rerate:
            parts.append((f"{rerate} {rerate_words}", "$accent"))
        line = Content(" · ").join(Content.assemble(part) for part in parts)
        if line.cell_length <= width:
            break
    return line


def areas_text(areas: list[AreaProgress], width: int) -> Content:
    """One line per area: name, bar, percent, met/total, fitted to ``width`` cells: names
    whole where the width allows (the bar takes what they leave, at least ``MIN_BAR``)."""
    suffix = 13  # " 100.0% 10/10"
    longest = max((len(a.area.name) for a in areas), default=4)
    name_width = max(8, min(longest, width - suffix - 1 - MIN_BAR))
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


MIN_BAR = 6
"""The narrowest bar an area gets: a name is cut before its bar shrinks below this."""


def recent_text(state: Snapshot) -> Content:
    """The newest evidence, one line each."""
    if not state.recent:
        return Content.styled("No evidence yet: press a to add some.", "dim")
    lines = []
    for ev in state.recent[:RECENT_LINES]:
        # What it shows, not how it is stored: "2 criteria" (a link is to one criterion).
        count = len(ev.criteria)
        linked = f"  {count} criteri{'a' if count != 1 else 'on'}" if count else "  unlinked"
        lines.append(Content.assemble((f"{ev.date} ", "dim"), plain(ev.title), (linked, "dim")))
    return Content("\n").join(lines)


def readiness_text(state: Snapshot, width: int = 80) -> Content:
    """The readiness box, ``width`` cells wide: the figure in large digits, the verdict against
    the threshold, the ladder and levels, and the trend."""
    a = state.assessment
    top, middle, bottom = big_digits(f"{a.readiness}")
    verdict = (
        Content.styled("ready", "bold $success")
        if a.ready
        else Content.styled("not ready", "bold $warning")
    )
    claimed = (
        Content.styled(f" (you claim {a.readiness_claimed}%)", "dim")
        if a.readiness_claimed != a.readiness
        else Content("")
    )
    return Content("\n").join(
        [
            Content.assemble(("Readiness", "bold"), claimed),
            Content.styled(top, "$accent"),
            Content.assemble((middle, "$accent"), ("%", "bold")),
            Content.styled(bottom, "$accent"),
            Content.assemble(f"{a.readiness}% of {decimal_text(a.threshold)}% needed · ", verdict),
            Content(f"{a.guideline.name}: {a.current_level} → {a.target_level}"),
            standing_line(state, width),
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
        self.reading: Snapshot | None = None
        self._drawn: tuple[Snapshot, int, Content] | None = None

    def show(self, reading: Snapshot) -> None:
        """Draw this reading."""
        self.reading = reading
        self.refresh(layout=True)

    def render(self) -> Content:
        reading, width = self.reading, self.content_size.width
        if reading is None:
            return Content.styled("Readiness", "bold")
        # Laying out the first frame asks for the text several times: made once per reading.
        drawn = self._drawn
        if drawn is None or drawn[0] is not reading or drawn[1] != width:
            drawn = self._drawn = (reading, width, readiness_text(reading, width))
        return drawn[2]


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

    def _state_changed(self, state: Snapshot | None) -> None:
        # Until the path is planned, the reading taken at start shows everything but "Next".
        reading = self.planner.reading
        if state is None and reading is not None:
            self.set_class(False, "-empty")
            self.show_state(reading)
        else:
            super()._state_changed(state)

    def show_state(self, state: Snapshot) -> None:
        self.query_one(ReadinessPanel).show(state)
        a = state.assessment
        self.query_one(AreaBars).show(a.areas())
        # The area floor is part of "ready": the box that shows the areas says it.
        self.query_one("#areas").border_title = (
            f"Areas (each needs {decimal_text(a.area_floor)}%)" if a.area_floor else "Areas"
        )
        if state.path_ready:
            self.query_one("#next", Static).update(next_text(state))
        elif self.planner.problem:
            self.query_one("#next", Static).update(
                Content.styled(f"Could not plan the path: {self.planner.problem}", "$error")
            )
        self.query_one("#recent", Static).border_title = f"Recent evidence ({state.evidence_count})"
        self.query_one("#recent", Static).update(recent_text(state))
