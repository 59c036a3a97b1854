"""The command palette: every key of the current section and the app, plus a few keyless ones.

Commands are read from the active bindings (each has an ``id``), so the palette and the footer
can never disagree about what exists; sections add keyless commands with ``palette_commands``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class PlannerCommands(Provider):
    """Commands of the section the palette was opened on, and of the app."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.id or not active.enabled or binding.id in seen or binding.id == "quit":
                continue
            seen.add(binding.id)
            help_text = binding.tooltip or binding.description
            keys = self.app.get_key_display(binding) if key else ""
            name = binding.description or binding.id
            run = partial(self.app.call_later, self.app.run_action, binding.action, active.node)
            # Help is read as markup by the palette: no brackets around the key.
            yield name, f"{help_text} · key {keys}", run
        extra = getattr(self.screen, "palette_commands", None)
        if extra is not None:
            yield from extra()

    async def discover(self) -> Hits:
        """Everything, for the palette opened with nothing typed."""
        for name, help_text, run in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose name fuzzily matches what was typed."""
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
