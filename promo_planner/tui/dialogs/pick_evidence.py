"""Pick one piece of evidence: to link to a criterion (with a strength) or to unlink from it.

The list is searched in the store and capped, so a portfolio of thousands stays quick.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from promo_planner.core.input_rules import search_problem
from promo_planner.tui.dialogs.base import Dialog
from promo_planner.tui.widgets.cells import plain
from promo_planner.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from promo_planner.core.records import Evidence, Strength

LIST_LIMIT = 200


class PickEvidence(Dialog["tuple[int, Strength] | None"]):
    """Dismisses with ``(evidence id, strength)`` or None.

    With ``choices`` the list is fixed (unlinking); without, it searches the whole portfolio.
    """

    DEFAULT_CSS = """
    PickEvidence { align: center middle; }
    PickEvidence > Vertical {
        width: 72; max-width: 100%; height: 20; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickEvidence Input { margin-bottom: 1; }
    PickEvidence OptionList { height: 1fr; }
    PickEvidence #pick-strength { height: 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
        Binding("ctrl+t", "toggle_strength", "Full/partial", id="pick.strength"),
        Binding("down", "focus_list", "List", show=False, id="pick.list"),
    ]

    def __init__(
        self,
        title: str,
        *,
        choices: Sequence[Evidence] | None = None,
        exclude: Sequence[int] = (),
        with_strength: bool = True,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices) if choices is not None else None
        self.exclude = set(exclude)
        self.with_strength = with_strength
        self.strength: Strength = "full"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = plain(self.title_text)
            yield Input(placeholder="search evidence (title, description, impact, tags)")
            yield OptionList(id="pick-list")
            yield Static(id="pick-strength")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_strength()
        self._fill("")
        if self.choices is not None:
            self.query_one(Input).display = False
            self.set_focus(self.query_one(OptionList))

    def _show_strength(self) -> None:
        line = self.query_one("#pick-strength", Static)
        if self.with_strength:
            line.update(f"Link as {self.strength} evidence (ctrl+t switches) · enter picks")
        else:
            line.update("enter picks · escape cancels")

    def _fill(self, search: str) -> None:
        if self.choices is not None:
            items = self.choices
        else:
            problem = search_problem(search)
            if problem is not None:  # a pasted page of words: say so, query nothing
                self._show_options([], f"not searched: {problem}")
                return
            store = self.app.store  # type: ignore[attr-defined]
            items = store.list_evidence(search=search or None, limit=LIST_LIMIT)
        options = [
            Option(plain(f"{ev.date}  {ev.title}"), id=str(ev.id))
            for ev in items
            if ev.id not in self.exclude
        ]
        self._show_options(options, "no evidence matches")

    def _show_options(self, options: list[Option], empty: str) -> None:
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        if options:
            option_list.add_options(options)
            option_list.highlighted = 0
        else:
            option_list.add_option(Option(plain(empty), disabled=True))

    @on(Input.Changed)
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    @on(Input.Submitted)
    def _submit_search(self) -> None:
        self.set_focus(self.query_one(OptionList))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss((int(event.option.id), self.strength))

    def action_toggle_strength(self) -> None:
        """Switch between full and partial."""
        self.strength = "partial" if self.strength == "full" else "full"
        self._show_strength()

    def action_focus_list(self) -> None:
        """Move from the search box into the list."""
        self.set_focus(self.query_one(OptionList))

    def action_cancel(self) -> None:
        """Close without picking."""
        self.dismiss(None)
