"""The app shell: sections as modes, app-wide keys, the portfolio snapshot and its reloads.

Start-up is kept short on purpose: only this module and the dashboard are imported before the
first frame; every other section is a mode whose screen module is imported the first time it is
visited. Before the first frame the portfolio is read and its readiness measured on the main
thread (a few SQL reads and one ``assess``), so the first frame already shows the readiness
figure; the path, the slow part, is planned in a thread worker and arrives as the full snapshot.
Later snapshots (after a write) are computed whole in a thread worker with its own Store
connection, as sqlite connections belong to the thread that opened them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from promo_planner.core.errors import InputError
from promo_planner.tui import resume_collection
from promo_planner.tui.state import (
    PortfolioReading,
    PortfolioState,
    load_state,
    read_portfolio,
    with_path,
)

if TYPE_CHECKING:
    from promo_planner.core.records import CriterionLink
    from promo_planner.core.store import Store

POLL_SECONDS = 1.0

# mode name -> (key, label, "module:Class"); the order is the order of the keys 1-5.
SECTIONS: dict[str, tuple[str, str, str]] = {
    "dashboard": ("1", "Dashboard", "promo_planner.tui.screens.dashboard:DashboardScreen"),
    "criteria": ("2", "Criteria", "promo_planner.tui.screens.criteria:CriteriaScreen"),
    "evidence": ("3", "Evidence", "promo_planner.tui.screens.evidence:EvidenceScreen"),
    "path": ("4", "Path", "promo_planner.tui.screens.path:PathScreen"),
    "one_on_one": ("5", "1:1", "promo_planner.tui.screens.one_on_one:OneOnOneScreen"),
}


FIRST_SECTION = "dashboard"


def _lazy_screen(target: str) -> Callable[[], Screen[Any]]:
    """A factory that imports the screen's module only when the mode is first entered."""

    def build() -> Screen[Any]:
        module_name, class_name = target.split(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        return screen_class()  # type: ignore[no-any-return]

    return build


class PromoPlannerApp(App[None]):
    """Plan a promotion: dashboard, criteria, evidence, path and the 1:1, over one portfolio."""

    TITLE = "promo-planner"
    CSS_PATH = "app.tcss"
    # The first section is the default mode's screen (``get_default_screen``) rather than a
    # MODES entry until it is up: Textual re-parses every style sheet when a MODES screen is first
    # shown, which start-up has no need for. ``on_mount`` then registers it like the others.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        name: _lazy_screen(target)
        for name, (_, _, target) in SECTIONS.items()
        if name != FIRST_SECTION
    }
    DEFAULT_MODE = FIRST_SECTION
    # Below 110 columns the criteria detail goes under the table instead of beside it.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 - App's own type
    COMMANDS = App.COMMANDS | {lambda: _commands_provider()}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            # Shown in the section bar on top rather than the footer, which has no room at 80.
            Binding(
                key,
                f"section('{name}')",
                label,
                id=f"section.{name}",
                tooltip=f"Go to {label}",
                show=False,
            )
            for name, (key, label, _) in SECTIONS.items()
        ),
        Binding(
            "a", "add_evidence", "Add evidence", id="evidence.add", tooltip="Record new evidence"
        ),
        Binding("slash", "filter", "Filter", id="filter", tooltip="Filter this section's list"),
        Binding("question_mark", "help", "Help", id="help", tooltip="List the keys"),
        Binding("ctrl+r", "replan", "Re-plan", id="replan", show=False, tooltip="Change the plan"),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit the app"),
    ]

    state: reactive[PortfolioState | None] = reactive(None, always_update=True, init=False)
    """The portfolio snapshot every screen shows; None until loaded or when there is no plan."""

    def __init__(self, data_path: Path, today: dt.date | None = None) -> None:
        super().__init__()
        self.data_path = data_path
        self._today_override = today
        self._store: Store | None = None
        self._seen_version: int | None = None
        self.loaded = False
        """True once the first snapshot (or the absence of a plan) is known."""
        self.reading: PortfolioReading | None = None
        """The portfolio as read at start, before its path is planned (the first frame's)."""
        self._reloaded = False

    @property
    def today(self) -> dt.date:
        """``--today`` when given, else the real date (read each time: the app may stay open)."""
        return self._today_override or dt.date.today()

    @property
    def store(self) -> Store:
        """The main thread's connection to the portfolio."""
        if self._store is None:
            from promo_planner.core.store import Store

            self._store = Store.open(self.data_path)
        return self._store

    # -- life cycle ---------------------------------------------------------------------

    def on_load(self) -> None:
        # Before the screens are composed: the dashboard's first frame shows this reading.
        try:
            self.reading = read_portfolio(self.store, self.today)
        except InputError as exc:
            # Like the CLI: the problem in one line, exit code 2; the app never starts.
            self.exit(return_code=2, message=Text("\n".join(exc.lines)))

    def get_default_screen(self) -> Screen[Any]:
        return _lazy_screen(SECTIONS[FIRST_SECTION][2])()

    def on_mount(self) -> None:
        # Its screen exists now (the default mode's); registering it lets keys switch back to it.
        self.add_mode(FIRST_SECTION, _lazy_screen(SECTIONS[FIRST_SECTION][2]))
        # Start-up is over once the first frame is out (see promo_planner/tui/__init__.py).
        self.call_after_refresh(resume_collection)
        reading = self.reading
        if reading is None:
            self.loaded = True
            self.state = None
            self.refresh_bindings()
            self.push_setup(first_run=True)
        else:
            self._seen_version = reading.data_version
            # After the first frame is out: a thread started now would slow that frame down.
            self.call_after_refresh(self._plan_first, reading)
        self.set_interval(POLL_SECONDS, self._poll)

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _poll(self) -> None:
        """Reload when another process (the CLI in a second terminal) committed a change."""
        version = self.store.data_version()
        if self._seen_version is not None and version != self._seen_version:
            self.reload()
        self._seen_version = version

    def reload(self) -> None:
        """Recompute the snapshot after a write (off the main thread)."""
        self._reloaded = True
        self._seen_version = self.store.data_version()
        self._load_state()

    def _plan_first(self, reading: PortfolioReading) -> None:
        # A reload already under way (a write in the first instant) reads newer data.
        if not self._reloaded:
            self._plan_path(reading)

    @work(thread=True, exclusive=True, group="state", exit_on_error=False)
    def _plan_path(self, reading: PortfolioReading) -> None:
        """The first snapshot: plan the path of the reading the first frame showed."""
        snapshot = with_path(reading)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._set_state, snapshot)

    @work(thread=True, exclusive=True, group="state", exit_on_error=False)
    def _load_state(self) -> None:
        from promo_planner.core.store import Store

        with Store.open(self.data_path) as store:
            snapshot = load_state(store, self.today)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._set_state, snapshot)

    def _set_state(self, snapshot: PortfolioState | None) -> None:
        self.loaded = True
        self.state = snapshot
        # Which keys are enabled depends on having a plan; let the footer and palette know.
        self.refresh_bindings()

    # -- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Section keys and "add" act on the sections, not over a dialog or the setup screen.
        if action in {"section", "add_evidence", "replan"}:
            return self.section_on_top()
        if action == "filter":
            # Offered only where the section has a filter: elsewhere the key would do nothing,
            # and the footer needs the room. The section is the bottom screen (the palette may
            # be above it while it lists the commands).
            return self.section_on_top() and hasattr(self.screen_stack[0], "action_filter")
        return True

    def section_on_top(self) -> bool:
        """True when a section (not a dialog or the setup screen) has the keys.

        The command palette is ignored, so its list shows what the section below offers.
        """
        from textual.command import CommandPalette

        return len([s for s in self.screen_stack if not isinstance(s, CommandPalette)]) == 1

    def action_section(self, name: str) -> None:
        """Show a section (its screen is created the first time)."""
        self.switch_mode(name)

    def action_add_evidence(self, preset: list[CriterionLink] | None = None) -> None:
        """Open the evidence form (title focused); the saved evidence reloads the snapshot."""
        from promo_planner.tui.dialogs.evidence_form import EvidenceForm

        self.push_screen(EvidenceForm(preset_criteria=list(preset or [])))

    def action_filter(self) -> None:
        """Focus the current section's filter (``check_action`` offers it only where one is)."""
        self.screen.action_filter()  # type: ignore[attr-defined]

    def action_help(self) -> None:
        """Show every key of the app and of the current section."""
        from promo_planner.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_replan(self) -> None:
        """Open the setup screen on the current plan (evidence is kept)."""
        self.push_setup(first_run=False)

    def push_setup(self, *, first_run: bool) -> None:
        """Show the setup screen; on the first run there is nothing behind it to go back to."""
        from promo_planner.tui.screens.setup import SetupScreen

        if isinstance(self.screen, SetupScreen):
            return
        self.push_screen(SetupScreen(first_run=first_run), self._after_setup)

    def _after_setup(self, planned: bool | None) -> None:
        if planned:
            self.reload()
            self.switch_mode("dashboard")


def _commands_provider() -> Any:
    from promo_planner.tui.commands import PlannerCommands

    return PlannerCommands


def make_app(data_path: Path, today: dt.date | None = None) -> PromoPlannerApp:
    """The app on the portfolio at ``data_path``; ``today`` pretends the date (tests, demos)."""
    return PromoPlannerApp(data_path=data_path, today=today)
