"""The keys: every binding of the section it was opened from and of the app, with what it does.

Two columns side by side (the section's keys, then the ones that work everywhere), so the whole
list fits 80×24 without scrolling; on a narrower terminal they stack and the box scrolls.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from promo_planner.tui.dialogs.base import Dialog
from promo_planner.tui.widgets.footer import Footer

INTRO = (
    "ctrl+p opens the command palette: every action of every section is there, by name"
    " (export, undo, link…), and takes you to it."
)


def _section_name(screen: Screen[object]) -> str:
    from promo_planner.tui.sections import SECTIONS

    name = getattr(screen, "SECTION", "")
    return SECTIONS[name][1] if name in SECTIONS else type(screen).__name__.removesuffix("Screen")


def _key_lines(screen: Screen[object], bindings: list[Binding]) -> list[tuple[str, str]]:
    app = screen.app
    return [(app.get_key_display(b), b.tooltip or b.description) for b in bindings]


def section_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, what it does) for each binding with an id of ``screen``, in its own order."""
    seen: set[str] = set()
    bindings = []
    for _key, binding in screen._bindings:
        if binding.id and binding.id not in seen:
            seen.add(binding.id)
            bindings.append(binding)
    return _key_lines(screen, bindings)


def app_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, what it does) for the app's bindings that ``screen`` does not take over."""
    from promo_planner.tui.sections import SECTIONS

    app = screen.app
    taken = {key for key, _ in screen._bindings}
    seen: set[str] = set()
    bindings = []
    for key, binding in app._bindings:
        # The five section keys read better as one line; a key the section rebinds is the
        # section's (listed there).
        if not binding.id or binding.id.startswith("section.") or key in taken:
            continue
        if binding.action == "filter" and not hasattr(screen, "action_filter"):
            continue  # as in the footer: "/" does nothing on a section without a filter
        if binding.id not in seen:
            seen.add(binding.id)
            bindings.append(binding)
    labels = ", ".join(label for _, label, _ in SECTIONS.values())
    keys = [(f"1-{len(SECTIONS)}", f"Go to a section ({labels})")]
    keys += _key_lines(screen, bindings)
    keys.append((app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")), "Command palette"))
    return keys


class HelpScreen(Dialog[None]):
    """Bindings of ``section`` and of the app."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
        border-subtitle-color: $text-muted;
    }
    HelpScreen #help-intro { color: $text-muted; margin-bottom: 1; }
    HelpScreen Horizontal { height: auto; }
    HelpScreen .help-group { width: 1fr; height: auto; padding-right: 2; }
    HelpScreen .help-keys {
        height: auto; grid-size: 2; grid-columns: auto 1fr; grid-rows: auto; grid-gutter: 0 2;
    }
    HelpScreen .help-title { text-style: bold; }
    HelpScreen .help-key { width: 100%; text-align: right; text-style: bold; color: $accent; }
    HelpScreen.-narrow Horizontal { layout: vertical; }
    HelpScreen.-narrow .help-group { width: 100%; margin-bottom: 1; }
    """
    # Side by side from 70 columns, stacked below.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]  # noqa: RUF012 - Screen's own type
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, section: Screen[object]) -> None:
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        section = self.section
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape or ? closes"
            yield Static(INTRO, id="help-intro")
            with Horizontal():
                yield from self._group(
                    "help-section", _section_name(section), section_keys(section)
                )
                yield from self._group("help-app", "Everywhere", app_keys(section))
        yield Footer(compact=True)

    @staticmethod
    def _group(id_: str, title: str, keys: list[tuple[str, str]]) -> ComposeResult:
        with Vertical(classes="help-group", id=id_):
            yield Label(title, classes="help-title")
            # A grid, key beside text, so a wrapped description stays indented under its text.
            with Grid(classes="help-keys"):
                for key, text in keys:
                    yield Label(key, classes="help-key")
                    yield Static(text)

    @property
    def text(self) -> str:
        """All of the help as plain text, scrolled into view or not (for tests)."""
        return "\n".join(str(widget.content) for widget in self.query(Static))
