"""The keys: every binding of the app and of the section it was opened from, with what it does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

INTRO = (
    "Sections: 1 dashboard · 2 criteria · 3 evidence · 4 path · 5 1:1. "
    "ctrl+p opens the command palette: every action below is there too."
)


def describe_bindings(screen: Screen[object]) -> Content:
    """One line per binding with an id, section keys first, then the app's."""
    app = screen.app
    groups: list[tuple[str, list[Binding]]] = [
        (f"This section ({type(screen).__name__.removesuffix('Screen')})", []),
        ("Everywhere", []),
    ]
    seen: set[str] = set()
    for node, bindings in ((screen, groups[0][1]), (app, groups[1][1])):
        for _key, binding in node._bindings:
            # Section keys are in the intro line; list the rest.
            if binding.id and binding.id not in seen and not binding.id.startswith("section."):
                seen.add(binding.id)
                bindings.append(binding)
    lines: list[Content] = [Content.styled(INTRO, "dim")]
    for title, bindings in groups:
        if not bindings:
            continue
        lines.append(Content.styled(f"\n{title}", "bold"))
        for binding in bindings:
            keys = app.get_key_display(binding)
            text = binding.tooltip or binding.description
            lines.append(Content.assemble((f"  {keys:>6}  ", "bold $accent"), text))
    lines.append(Content.styled("\nescape or ? closes this help", "dim"))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Bindings of ``section`` and of the app."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, section: Screen[object]) -> None:
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            yield Static(describe_bindings(self.section), id="help-text")
