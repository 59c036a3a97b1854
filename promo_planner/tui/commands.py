"""The command palette: every action of every section and of the app, wherever it is opened.

Commands are read from the bindings (each has an ``id``), so the palette, the footer and the
help can never disagree about what exists. The section the palette was opened on offers what
is enabled there now; every other section offers all its actions, named with the section
(``Export report · 1:1``): running one shows that section first, on the tab the action
belongs to, then runs it there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

LEFT_OUT = {"quit", "leave_field"}
"""App bindings the palette does not offer: Textual's own commands quit, and leaving a text
field means nothing once the palette has the keys."""


@dataclass(frozen=True)
class Command:
    """One palette entry: its name, its help line and what running it does."""

    name: str
    help: str
    run: Callable[[], object]


def _section_class(target: str) -> type[Screen[Any]]:
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)  # type: ignore[no-any-return]


class PlannerCommands(Provider):
    """Commands of the section the palette was opened on, of every other section, and of the
    app."""

    def _key(self, binding: Binding) -> str:
        return self.app.get_key_display(binding)

    def _commands(self) -> Iterator[Command]:
        from promo_planner.tui.sections import SECTIONS

        screen = self.screen
        here = getattr(screen, "SECTION", None)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.id or not active.enabled or binding.id in seen:
                continue
            if binding.id in LEFT_OUT:
                continue
            seen.add(binding.id)
            yield Command(
                binding.description or binding.id,
                f"{binding.tooltip or binding.description} · key {self._key(binding)}",
                self._runner(binding, active.node),
            )
        for section, (_, label, target) in SECTIONS.items():
            if section == here:
                continue
            for theirs in _section_class(target).BINDINGS:
                if isinstance(theirs, tuple) or not theirs.id or theirs.id in seen:
                    continue
                seen.add(theirs.id)
                yield Command(
                    f"{theirs.description} · {label}",
                    f"{theirs.tooltip or theirs.description} · on {label}, key {self._key(theirs)}",
                    self._elsewhere(section, theirs),
                )

    def _runner(self, binding: Binding, node: object) -> Callable[[], object]:
        def run() -> None:
            self.app.call_later(self.app.run_action, binding.action, node)

        return run

    def _elsewhere(self, section: str, binding: Binding) -> Callable[[], object]:
        async def run_there() -> None:
            from textual.widgets import TabbedContent, TabPane

            app = self.app
            await app.switch_mode(section)
            screen = app.screen
            name, params = _parse(binding.action)
            # An action that belongs to a tab (the 1:1's export) is offered there: show it.
            if not screen.check_action(name, params):
                for tabbed in screen.query(TabbedContent):
                    for pane in tabbed.query(TabPane):
                        tabbed.active = pane.id or ""
                        if screen.check_action(name, params):
                            break
            await app.run_action(binding.action, screen)

        def run() -> None:
            self.app.call_later(run_there)

        return run

    async def discover(self) -> Hits:
        """Everything, for the palette opened with nothing typed."""
        for command in self._commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        """Commands whose name fuzzily matches what was typed."""
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)


def _parse(action: str) -> tuple[str, tuple[object, ...]]:
    """``rate_self('up')`` as ``("rate_self", ("up",))``."""
    from textual.actions import parse

    _, name, params = parse(action)
    return name, params
