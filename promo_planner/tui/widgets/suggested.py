"""The criteria a piece of work most likely shows, in one line under the form's criteria
label: ``Suggested (alt+1…3 ticks): 1 ✓ Writes design docs (design, docs) · 2 …``.

The words in brackets are the work's own words that matched the criterion, so the engineer
sees why it is suggested; a tick says it is already linked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from promo_planner.core.visible import visible

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from promo_planner.core.suggest import Suggestion

SUGGESTED = 3
"""How many suggestions the form shows and numbers for a key."""
WORDS_SHOWN = 3


def suggestion_text(suggestions: Sequence[Suggestion], chosen: Collection[str]) -> Content:
    """The suggestions, numbered, each with its matching words and a tick when linked."""
    if not suggestions:
        return Content.styled("Suggestions appear as you type the title and description.", "dim")
    parts: list[Content] = []
    for n, suggestion in enumerate(suggestions, start=1):
        criterion = suggestion.criterion
        mark = "✓ " if criterion.id in chosen else ""
        words = ", ".join(suggestion.words[:WORDS_SHOWN])
        parts.append(
            Content.assemble(
                (f"{n} ", "bold $accent"),
                (mark, "$success"),
                visible(criterion.title),
                (f" ({words})" if words else "", "dim"),
            )
        )
    return Content.assemble(
        ("Suggested ", "bold"), ("alt+1…3 ticks: ", "dim"), Content(" · ").join(parts)
    )


class SuggestedLine(Static):
    """The suggestion line (wraps when the titles are long)."""

    DEFAULT_CSS = """
    SuggestedLine { height: auto; max-height: 3; color: $text; }
    """

    def on_mount(self) -> None:
        self.update(Content.styled("Suggestions load…", "dim"))

    def show(self, suggestions: Sequence[Suggestion], chosen: Collection[str]) -> None:
        """Show these suggestions; ``chosen``: the criteria already linked."""
        self.update(suggestion_text(suggestions, chosen))
