"""The path: gaps on a shared date axis (critical chain and asks marked), the milestones, and
the planner's own explanation of why the path looks the way it does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from promo_planner.tui.screens.base import SectionScreen
from promo_planner.tui.widgets.cells import plain
from promo_planner.tui.widgets.gantt import gantt

if TYPE_CHECKING:
    from promo_planner.core.planner import PathPlan
    from promo_planner.tui.state import PortfolioState


def summary(path: PathPlan, target_level: str) -> Content:
    """One line: where to, by when, whether it holds, readiness now and after."""
    verdict = (
        Content.styled("✓ feasible", "bold $success")
        if path.feasible
        else Content.assemble(
            ("✗ not feasible", "bold $error"),
            f": earliest feasible date {path.earliest_promotion_date}",
        )
    )
    return Content.assemble(
        (f"To {target_level} by {path.target_date} ", "bold"),
        verdict,
        f"\nreadiness {path.readiness_now}% → {path.readiness_after}% · "
        f"{len(path.items)} gaps · {path.capacity} at once · packet due {path.deadline}",
    )


def milestones(path: PathPlan) -> Content:
    """The milestones, one line each, with the gaps closed by then."""
    titles = {i.criterion_id: i.title for i in path.items}
    lines = [Content.styled("Milestones", "bold")]
    for m in path.milestones:
        closes = ", ".join(titles.get(cid, cid) for cid in m.criteria)
        lines.append(
            Content.assemble(
                (f"{m.date} ", "$accent" if m.date >= path.today else "dim"),
                plain(m.title),
                plain(f": {closes}" if closes else "", "dim"),
            )
        )
    return Content("\n").join(lines)


def explanation(path: PathPlan) -> Content:
    """The planner's sentences, as a list."""
    from promo_planner.core.planner import explain

    lines = [Content.styled("Why this path", "bold")]
    lines += [plain(f"• {sentence}") for sentence in explain(path)]
    return Content("\n").join(lines)


class PathScreen(SectionScreen):
    """The plan of SPEC section 5, drawn."""

    SECTION = "path"

    def __init__(self) -> None:
        super().__init__()
        self._state: PortfolioState | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="path-scroll", classes="section-body"):
            yield Static(id="path-summary")
            yield Static(id="path-gantt")
            yield Static(id="path-milestones")
            yield Static(id="path-explain")

    def show_state(self, state: PortfolioState) -> None:
        self._state = state
        path = state.path
        self.query_one("#path-summary", Static).update(summary(path, state.plan.target_level))
        self._draw_chart(state)
        self.query_one("#path-milestones", Static).update(milestones(path))
        self.query_one("#path-explain", Static).update(explanation(path))

    def on_resize(self) -> None:
        if self._state is not None:
            self._draw_chart(self._state)

    def _draw_chart(self, state: PortfolioState) -> None:
        width = (
            self.query_one("#path-scroll").scrollable_content_region.width or self.size.width - 3
        )
        self.query_one("#path-gantt", Static).update(gantt(state.path, width))
