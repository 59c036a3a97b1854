"""A row of buttons that ← and → move along, as in any dialog a person has used."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button


class ButtonRow(Horizontal):
    """Buttons side by side; with one of them focused, ←/→ focus the one before or after
    (round the row), so ``Tab Right Enter`` presses the second button."""

    DEFAULT_CSS = """
    ButtonRow { height: auto; width: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous button", show=False, id="buttons.previous"),
        Binding("right", "step(1)", "Next button", show=False, id="buttons.next"),
    ]

    def action_step(self, step: int) -> None:
        """Focus the button ``step`` places along from the focused one."""
        buttons = [b for b in self.query(Button) if b.display and not b.disabled]
        focused = self.screen.focused
        if not buttons or focused not in buttons:
            return
        index = buttons.index(focused)
        self.screen.set_focus(buttons[(index + step) % len(buttons)])
