"""The top line of every section: where you are, where else you can go, and the plan."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

SECTION_ORDER = ("dashboard", "criteria", "evidence", "path", "one_on_one")


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

        parts: list[Content | str | tuple[str, str]] = [("promo-planner ", "bold $accent")]
        for name, (key, label, _) in SECTIONS.items():
            if name == self.section:
                parts.append((f" {key} {label} ", "bold reverse"))
            else:
                parts.append(f" {key} {label} ")
        left = Content.assemble(*parts)
        # Before the first full snapshot, the reading the dashboard shows has the plan too.
        state = getattr(self.app, "state", None) or getattr(self.app, "reading", None)
        right = ""
        if state is not None:
            right = f"{state.plan.current_level} → {state.plan.target_level} "
        gap = max(1, self.size.width - left.cell_length - len(right))
        if left.cell_length + len(right) + 1 > self.size.width:
            right, gap = "", 0
        return Content.assemble(left, " " * gap, right)
