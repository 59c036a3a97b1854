"""Record what the manager said about a criterion: 👍, 👎 or nothing yet, with a note."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from promo_planner.tui.dialogs.base import Dialog
from promo_planner.tui.widgets.button_row import ButtonRow
from promo_planner.tui.widgets.cells import plain
from promo_planner.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from promo_planner.core.records import Thumb

ManagerRating = tuple["Thumb | None", str]


class ManagerRatingDialog(Dialog["ManagerRating | None"]):
    """Dismisses with ``(value, note)`` (value None clears the rating) or None to cancel."""

    DEFAULT_CSS = """
    ManagerRatingDialog { align: center middle; }
    ManagerRatingDialog > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ManagerRatingDialog ButtonRow { margin-top: 1; }
    ManagerRatingDialog Button { margin-right: 1; }
    ManagerRatingDialog #manager-hint { color: $text-muted; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Off while the note has the focus (typed there); the footer then shows only escape.
        Binding("plus", "choose('up')", "👍 Shown", id="manager.up"),
        Binding("minus", "choose('down')", "👎 Not yet", id="manager.down"),
        Binding("c", "choose('clear')", "Clear", id="manager.clear"),
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
            with ButtonRow():
                yield Button("👍 Shown", id="up", variant="success", compact=True)
                yield Button("👎 Not yet", id="down", variant="error", compact=True)
                yield Button("Clear", id="clear", compact=True)
            yield Static(
                "tab or enter: to the buttons · ←/→ choose · enter records · escape leaves",
                id="manager-hint",
            )
        yield Footer(compact=True)

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "clear")

    def action_choose(self, choice: str) -> None:
        """Record ``up``, ``down`` or ``clear`` with the note typed."""
        note = self.query_one("#manager-note", Input).value.strip()
        value: Thumb | None = "up" if choice == "up" else "down" if choice == "down" else None
        self.dismiss((value, note))

    @on(Input.Submitted)
    def _to_buttons(self) -> None:
        self.set_focus(self.query_one("#up", Button))

    def action_cancel(self) -> None:
        """Close without changing the rating."""
        self.dismiss(None)
