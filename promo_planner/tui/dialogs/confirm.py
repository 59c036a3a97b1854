"""A yes/no question asked before something that cannot be taken back lightly."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Label

from promo_planner.tui.dialogs.base import Dialog
from promo_planner.tui.widgets.button_row import ButtonRow
from promo_planner.tui.widgets.footer import Footer


class ConfirmDialog(Dialog[bool]):
    """Ask ``question``; dismiss with True for yes, False for no or escape.

    The safe answer has the focus, so an absent-minded enter does not destroy anything.
    """

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    ConfirmDialog > #confirm-box {
        width: auto;
        min-width: 36;
        max-width: 72;
        height: auto;
        padding: 1 2;
        border: thick $warning 80%;
        background: $surface;
    }
    ConfirmDialog #confirm-question {
        width: auto;
        max-width: 66;
        margin-bottom: 1;
    }
    ConfirmDialog #confirm-buttons {
        width: auto;
        height: auto;
    }
    ConfirmDialog Button {
        margin-right: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(self.question, id="confirm-question", markup=False)
            with ButtonRow(id="confirm-buttons"):
                yield Button(f"{self._yes} (y)", id="confirm-yes", variant="error")
                yield Button(f"{self._no} (n)", id="confirm-no", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#confirm-no", Button))

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no_pressed(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with this answer."""
        self.dismiss(answer)
