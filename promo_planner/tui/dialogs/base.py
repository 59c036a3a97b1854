"""What every dialog shares: its own footer with its own keys, and the way keys behave in it.

A dialog's footer covers the one of the screen beneath (which would list keys that do nothing
here); while a text field has the focus the footer leaves out the keys that are typed; Escape
leaves a field first (the app's ``leave_field``), and only a second Escape reaches the
dialog's own escape binding (cancel, close).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen

from promo_planner.tui.breakpoints import preset_breakpoints
from promo_planner.tui.fields import shown_bindings

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.widget import Widget

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal dialog. Subclasses compose their widgets and end with a ``Footer``."""

    left_field: Widget | None = None
    """The field escape last left (a dialog may send the focus back there)."""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        preset_breakpoints(self)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return shown_bindings(self, super().active_bindings)

    def leave_field(self, field: Widget | None) -> None:
        """Escape in a text field: leave it, so a second escape closes the dialog."""
        self.left_field = field
        self.set_focus(None)
