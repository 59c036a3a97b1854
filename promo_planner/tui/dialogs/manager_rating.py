"""Record what the manager said about a criterion: 👍, 👎 or nothing yet, with a note."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from promo_planner.tui.widgets.cells import plain

if TYPE_CHECKING:
    from promo_planner.core.records import Thumb

ManagerRating = tuple["Thumb | None", str]


class ManagerRatingDialog(ModalScreen["ManagerRating | None"]):
    """Dismisses with ``(value, note)`` (value None clears the rating) or None to cancel."""

    DEFAULT_CSS = """
    ManagerRatingDialog { align: center middle; }
    ManagerRatingDialog > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ManagerRatingDialog Horizontal { height: auto; margin-top: 1; }
    ManagerRatingDialog Button { margin-right: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="manager.cancel"),
    ]

    def __init__(self, criterion_title: str, note: str) -> None:
        super().__init__()
        self.criterion_title = criterion_title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Manager's rating"
            yield Static(plain(f"What did your manager say about “{self.criterion_title}”?"))
            yield Input(self.note, placeholder="note (what they said)", id="manager-note")
            with Horizontal():
                yield Button("👍 Shown", id="up", variant="success", compact=True)
                yield Button("👎 Not yet", id="down", variant="error", compact=True)
                yield Button("Clear", id="clear", compact=True)

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        note = self.query_one("#manager-note", Input).value.strip()
        value: Thumb | None = None
        if event.button.id == "up":
            value = "up"
        elif event.button.id == "down":
            value = "down"
        self.dismiss((value, note))

    @on(Input.Submitted)
    def _to_buttons(self) -> None:
        self.query_one("#up", Button).focus()

    def action_cancel(self) -> None:
        """Close without changing the rating."""
        self.dismiss(None)
