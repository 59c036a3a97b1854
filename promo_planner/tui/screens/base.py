"""What every section screen shares: the section bar on top, the footer below, and a
``show_state`` hook called with each new portfolio snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from promo_planner.tui.breakpoints import preset_breakpoints
from promo_planner.tui.fields import is_text_field, shown_bindings
from promo_planner.tui.widgets.footer import Footer
from promo_planner.tui.widgets.section_bar import SectionBar

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    from promo_planner.core.snapshot import Snapshot
    from promo_planner.tui.planner import Planner


class SectionScreen(Screen[None]):
    """A section (a mode's base screen). Subclasses set SECTION and implement compose_body."""

    SECTION: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        preset_breakpoints(self)

    @property
    def planner(self) -> Planner:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield SectionBar(self.SECTION)
        yield Static("Loading the portfolio…", id="placeholder", classes="placeholder")
        yield from self.compose_body()
        yield Footer(compact=True)

    def compose_body(self) -> ComposeResult:
        """The section's own widgets (hidden until there is a snapshot to show)."""
        yield from ()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # While a field has the focus the footer leaves out the keys typed into it.
        return shown_bindings(self, super().active_bindings)

    def on_mount(self) -> None:
        self.planner.sections[self.SECTION] = self
        self.watch(self.app, "state", self._state_changed, init=True)

    _stale: bool = False
    """A snapshot came while the section was out of sight: shown when it comes back."""

    def _state_changed(self, state: Snapshot | None) -> None:
        # Only the section on screen (under any dialog) is filled now; the others when shown,
        # so a key answers at the cost of one section, not of all six.
        if state is not None and self not in self.app.screen_stack:
            self._stale = True
            return
        self._stale = False
        self._show(state)

    _suspended_in: tuple[object, ...] | None = None
    """What the screen's styles depended on when it was last left (see ``_on_screen_resume``)."""

    def _style_context(self) -> tuple[object, ...]:
        app = self.app
        return (app._css_update_count, app.app_focus, app.theme, app.ansi_color, app.size)

    def on_screen_suspend(self) -> None:
        self._suspended_in = self._style_context()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. Textual styles every widget of a resumed screen
        # again, which on a section costs more than the rest of the switch (and clears the
        # tables' rendered cells); switch_mode has already refreshed the CSS when it changed,
        # so when nothing the styles depend on moved while the section was out of sight the
        # styles are current and are kept.
        if self._suspended_in in (None, self._style_context()):
            event.refresh_styles = False
        if self._stale:
            self._stale = False
            self._show(self.planner.state)

    def _show(self, state: Snapshot | None) -> None:
        placeholder = self.query_one("#placeholder", Static)
        if state is None:
            problem = self.planner.problem
            if problem:
                placeholder.update(Content(f"Could not read the portfolio: {problem}"))
            elif self.planner.loaded:
                placeholder.update(
                    "No plan yet: press ctrl+r to pick a guideline, your levels and a date."
                )
            else:
                placeholder.update("Loading the portfolio…")
            self.set_class(True, "-empty")
            return
        self.set_class(False, "-empty")
        self.show_state(state)
        self.refresh_bindings()

    def show_state(self, state: Snapshot) -> None:
        """Fill the section from a new snapshot."""

    def leave_field(self, field: Widget | None) -> None:
        """Escape in a text field: the focus goes to the tabs the field sits under, else to the
        section's main widget (``AUTO_FOCUS``), else nowhere; keys are shortcuts again."""
        from textual.widgets import TabbedContent, Tabs

        tabbed = next(
            (a for a in (field.ancestors if field else []) if isinstance(a, TabbedContent)), None
        )
        if tabbed is not None:
            self.set_focus(tabbed.query_one(Tabs))
            return
        selector = self.AUTO_FOCUS or self.app.AUTO_FOCUS or "*"
        home = next((w for w in self.query(selector) if w.focusable and not is_text_field(w)), None)
        if home is not None:
            self.set_focus(home)
        else:
            self.set_focus(None)
