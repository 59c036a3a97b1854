"""Styles the evidence form needs, made ready while the app is idle.

The first time a kind of widget is mounted, Textual adds its default styles and re-parses the
whole style sheet, which costs ~0.25 s with the sections up. The evidence form brings several
kinds at once (text areas, a select, an option list, buttons), so without this the key that
opens it (``a``) would wait for that. ``WarmUp`` mounts one of each, hidden, soon after start,
and removes itself: the form then opens at the cost of its own widgets.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select, TextArea

from promo_planner.tui.widgets.button_row import ButtonRow
from promo_planner.tui.widgets.hanging import HangingText
from promo_planner.tui.widgets.suggested import SuggestedLine


class WarmUp(Widget):
    """One hidden widget of each kind the evidence form uses; removes itself once mounted."""

    DEFAULT_CSS = """
    WarmUp { display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Input(compact=True)
        yield TextArea(compact=True)
        yield Select[str]([], compact=True)
        yield OptionList()
        yield Label()
        yield HangingText()
        yield SuggestedLine()
        with ButtonRow():
            yield Button(compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self.remove)
