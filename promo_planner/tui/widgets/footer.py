"""The footer every screen ends with: Textual's, drawn again only when its keys change.

Textual's ``Footer`` rebuilds all of its key widgets whenever a screen says its bindings may
have changed: on every focus change, every screen switch and every snapshot the app shows,
though the keys are nearly always the same. Rebuilding styles and lays out some twenty widgets
(about a quarter of a section switch); this one first compares what it would show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class Footer(TextualFooter):
    """``textual.widgets.Footer`` that recomposes only when the keys it shows changed."""

    _shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """Everything ``compose`` reads to draw the keys."""
        return (
            self.show_command_palette,
            tuple(
                (key, binding, enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == self.app.COMMAND_PALETTE_BINDING
            ),
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached or self._keys() != self._shown:
            await self.recompose()
