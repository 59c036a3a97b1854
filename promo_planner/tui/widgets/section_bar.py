"""The top line of every section: where you are, where else you can go, and the plan."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class SectionBar(Widget):
    """``promo-planner  1 Dashboard  2 Criteria ...   L3 → L4``, the current section marked."""

    DEFAULT_CSS = """
    SectionBar { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section = section

    def on_mount(self) -> None:
        self.watch(self.app, "state", self._state_changed, init=False)

    def _state_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        from promo_planner.tui.sections import SECTIONS

        # Before the first full snapshot, the reading the dashboard shows has the plan too.
        state = getattr(self.app, "state", None) or getattr(self.app, "reading", None)
        right = f"{state.plan.current_level} → {state.plan.target_level} " if state else ""
        sections: list[Content | str | tuple[str, str]] = []
        for name, (key, label, _) in SECTIONS.items():
            if name == self.section:
                sections.append((f" {key} {label} ", "bold reverse"))
            else:
                sections.append(f" {key} {label} ")
        width = self.size.width
        # What gives way when the line is short: the app's name first, then the plan.
        for named, plan in ((True, right), (False, right), (False, "")):
            left = Content.assemble(("promo-planner ", "bold $accent") if named else "", *sections)
            if left.cell_length + len(plan) + (1 if plan else 0) <= width:
                break
        gap = max(0, width - left.cell_length - len(plan))
        return Content.assemble(left, " " * gap, plan)
