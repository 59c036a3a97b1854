"""The app shell: sections as modes, app-wide keys, the portfolio snapshot, and the one way
the app writes.

Start-up is kept short on purpose: only this module and the dashboard are imported before the
first frame; every other section is a mode whose screen module is imported the first time it is
visited. Before the first frame the portfolio is read (one core ``Snapshot``) and its readiness
measured on the main thread, so the first frame already shows the readiness figure; the path,
the slow part, is planned in a thread worker and arrives as the full snapshot.

The app opens the portfolio once and keeps that one ``Store`` (one SQLite connection) for its
life: screens, dialogs and workers all use it (SPEC 3). Every write goes through ``write``,
which runs it, turns a refusal into a notification (never a traceback) and reloads.
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from promo_planner.core.errors import InputError
from promo_planner.core.snapshot import Snapshot, read_snapshot
from promo_planner.tui import collect_when_quiet, resume_collection
from promo_planner.tui.fields import is_text_field
from promo_planner.tui.sections import FIRST_SECTION, SECTIONS

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.worker import Worker

    from promo_planner.core.records import CriterionLink, Evidence
    from promo_planner.core.store import Store
    from promo_planner.core.suggest import CriterionRanker
    from promo_planner.tui.read_ahead import ReadAhead

T = TypeVar("T")

TYPED_ACTIONS = frozenset({"section", "add_evidence", "filter", "help"})
"""Actions bound to keys that are also text (``1``, ``a``, ``/``, ``?``): off while typing."""

POLL_SECONDS = 1.0
QUIET_SECONDS = 3.0
"""Seconds without a key press or click after which garbage is collected in full."""
SPARE_MODE = "spare-form"
"""A mode never shown: where the evidence form is built ahead of time."""
SPARE_DELAY = 0.5
"""Seconds after a new snapshot before the spare evidence form is built (the app is idle)."""
UNDO_STEPS = 50
"""How many changes ctrl+z can take back, the latest first."""


@dataclass(frozen=True)
class UndoStep:
    """A write that can be taken back: what it did, in words, and how to undo it."""

    done: str
    undo: Callable[[Store], object]


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
    # The evidence form's styles load with the app's: pushed first, a screen with styles of
    # its own makes Textual re-parse and re-apply every style sheet (~0.1 s with the sections
    # up), on the key that should open the form at once.
    CSS_PATH: ClassVar[Any] = ["app.tcss", "dialogs/evidence_form.tcss"]
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
    # Keys that open or switch a screen are priority bindings: the app takes them before the
    # focused widget sees them and waits for the screen they open to be mounted before it reads
    # the next key, so keys typed right after them land in that screen (type-ahead). Being
    # priority, each is refused while a text field has the focus (``check_action``): there the
    # key is typed.
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
                priority=True,
            )
            for name, (key, label, _) in SECTIONS.items()
        ),
        Binding(
            "a",
            "add_evidence",
            "Add evidence",
            id="evidence.add",
            tooltip="Record new evidence (on Criteria: for the highlighted criterion)",
            priority=True,
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="filter",
            tooltip="Filter this section's list (escape clears it)",
            priority=True,
        ),
        Binding("question_mark", "help", "Help", id="help", tooltip="List the keys", priority=True),
        Binding("ctrl+r", "replan", "Re-plan", id="replan", show=False, tooltip="Change the plan"),
        Binding(
            "ctrl+z", "undo", "Undo", id="undo", show=False, tooltip="Take back the last change"
        ),
        # Escape leaves a text field first (the next key is a shortcut again); only a second
        # Escape reaches the screen (closing a dialog, clearing a filter).
        Binding(
            "escape",
            "leave_field",
            "Leave the field",
            id="leave_field",
            show=False,
            priority=True,
            tooltip="Leave a text field (a second escape closes the dialog)",
        ),
        # priority: quitting works from a dialog too (and asks first when something is unsaved).
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit the app", priority=True),
    ]

    state: reactive[Snapshot | None] = reactive(None, always_update=True, init=False)
    """The portfolio snapshot every screen shows (its path planned); None until loaded or when
    there is no plan."""

    def __init__(
        self, data_path: Path, today: dt.date | None = None, read_ahead: ReadAhead | None = None
    ) -> None:
        super().__init__()
        self.data_path = data_path
        self._today_override = today
        self._read_ahead = read_ahead
        """The launcher's child reading the portfolio while Textual was imported, if any."""
        self._store: Store | None = None
        self._seen_version: int | None = None
        self.loaded = False
        """True once the first snapshot (or the absence of a plan) is known."""
        self.reading: Snapshot | None = None
        """The portfolio as read at start, before its path is planned (the first frame's)."""
        self._reloaded = False
        self._generation = 0
        """Counts the reads and changes started; only the newest one's snapshot is shown."""
        self._latest: Snapshot | None = None
        """The newest snapshot the app knows the portfolio to be in (the state, or the one a
        worker is planning); None while a full read is under way."""
        self.problem: str | None = None
        """Why the portfolio cannot be shown or saved (a failed reload, a deleted file)."""
        self.undo_steps: list[UndoStep] = []
        """Writes that can be undone, the latest last."""
        self._last_input = 0.0
        """When the user last pressed a key or clicked (``time.monotonic``)."""
        self._collected = False
        self._spare: tuple[Screen[Any], Snapshot] | None = None
        """The evidence form built ahead of time, and the snapshot it was built for."""
        self._spare_timer: Timer | None = None
        self._unmounted_spares: list[Screen[Any]] = []
        """Spare forms dropped before they had mounted: removed once they have."""
        self._ranker: tuple[Snapshot | None, int | None, CriterionRanker] | None = None
        self.sections: dict[str, Screen[Any]] = {}
        """The section screens made so far, by mode name (each registers itself on mount)."""

    @property
    def today(self) -> dt.date:
        """``--today`` when given, else the real date (read each time: the app may stay open)."""
        return self._today_override or dt.date.today()

    @property
    def store(self) -> Store:
        """The app's one connection to the portfolio, opened at start and kept for its life."""
        if self._store is None:
            from promo_planner.core.store import Store

            # The app is where a first-time user starts: it may create the portfolio.
            self._store = Store.open(self.data_path, create=True)
        return self._store

    # -- life cycle ---------------------------------------------------------------------

    def on_load(self) -> None:
        # Before the screens are composed: the dashboard's first frame shows this reading.
        try:
            self.reading = self._read_ahead_snapshot() or read_snapshot(self.store, self.today)
        except InputError as exc:
            # Like the CLI: the problem in one line, exit code 2; the app never starts.
            self.exit(return_code=2, message=Text("\n".join(exc.lines)))

    def _read_ahead_snapshot(self) -> Snapshot | None:
        """The launcher's reading ahead, when it read this moment of the portfolio as of today."""
        ahead, self._read_ahead = self._read_ahead, None
        if ahead is None:
            return None
        reading = ahead.take(self.store)
        return reading if reading is not None and reading.today == self.today else None

    def get_default_screen(self) -> Screen[Any]:
        return _lazy_screen(SECTIONS[FIRST_SECTION][2])()

    def on_mount(self) -> None:
        # Its screen exists now (the default mode's); registering it lets keys switch back to it.
        self.add_mode(FIRST_SECTION, _lazy_screen(SECTIONS[FIRST_SECTION][2]))
        self.add_mode(SPARE_MODE, Screen)
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
            self._latest = reading
            # After the first frame is out: a thread started now would slow that frame down.
            self.call_after_refresh(self._plan_first, reading)
        self.set_interval(POLL_SECONDS, self._poll)

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _end_batch(self) -> None:
        # Textual holds every repaint while a batch is open (``switch_mode`` opens one for 50 ms,
        # a Footer opens one while it rebuilds its keys). A screen that wanted a repaint in
        # the meantime waits for its next idle moment, but the batch's end prompts only the
        # app to go idle, not the screen: when a section was shown while another batch was
        # open (the spare evidence form's footer, built after ``a`` and ``esc``), the section
        # stayed undrawn until the next key. Seen as keys "going unanswered" after ``a``, ``esc``.
        super()._end_batch()
        if not self._batch_count and self._screen_stacks.get(self._current_mode):
            self.screen.check_idle()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_input = time.monotonic()
            self._collected = False
        await super().on_event(event)

    def _poll(self) -> None:
        """Reload when another process (the CLI in a second terminal) committed a change;
        say so, once, when the portfolio file was deleted or replaced under the app. Once the
        user has left the keys alone a while, collect garbage (see ``promo_planner.tui``)."""
        if self._unmounted_spares:
            self._discard_mounted()
        if (
            not self._collected
            and time.monotonic() - self._last_input > QUIET_SECONDS
            and all(w.is_finished for w in self.workers)
        ):
            self._collected = True
            collect_when_quiet()
        if self._store is None:
            return
        gone = self._store.file_problem()
        if gone:
            if self.problem != gone:
                self.problem = gone
                self.notify(
                    f"{gone}. Nothing more can be saved to it: quit (ctrl+q) and reopen, or"
                    " restore the file.",
                    title="Portfolio file gone",
                    severity="error",
                    timeout=30,
                    markup=False,
                )
            return
        try:
            version = self._store.data_version()
        except Exception as exc:  # a damaged or vanished database: say it, keep the screen
            self._report_problem(str(exc))
            return
        if self._seen_version is not None and version != self._seen_version:
            self.reload()
        self._seen_version = version

    def reload(self) -> None:
        """Recompute the snapshot after a write (off the main thread)."""
        self._reloaded = True
        self._latest = None
        self._generation += 1
        try:
            self._seen_version = self.store.data_version()
        except Exception as exc:
            self._report_problem(str(exc))
            return
        self._load_state(self._generation)

    def _plan_first(self, reading: Snapshot) -> None:
        # A reload already under way (a write in the first instant) reads newer data.
        if not self._reloaded:
            self._plan_path(reading, self._generation)

    # A description of its own: Textual would otherwise describe the worker by the repr of
    # its arguments, here a whole portfolio.
    @work(
        thread=True,
        exclusive=True,
        group="state",
        exit_on_error=False,
        description="planning the path",
    )
    def _plan_path(self, reading: Snapshot, generation: int) -> None:
        """Plan the path of a snapshot already read (the first frame's, or one of the app's
        own writes led to), off the main thread."""
        _made_ready(reading)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._arrived, reading, generation)

    @work(thread=True, exclusive=True, group="state", exit_on_error=False)
    def _load_state(self, generation: int) -> None:
        snapshot = read_snapshot(self.store, self.today)
        if snapshot is not None:
            _made_ready(snapshot)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._arrived, snapshot, generation)

    def _advance(self, following: Snapshot) -> None:
        """Show ``following``, the snapshot one of the app's own writes led to, once its path
        is planned (off the main thread, as after a full read)."""
        self._generation += 1
        self._latest = following
        self._plan_path(following, self._generation)

    def _arrived(self, snapshot: Snapshot | None, generation: int) -> None:
        # Only the newest read or change is shown: an older one that finished late is not.
        if generation == self._generation:
            self._latest = snapshot
            self._set_state(snapshot)

    def _set_state(self, snapshot: Snapshot | None) -> None:
        self.loaded = True
        if self.problem is not None and self._store is not None and not self._store.file_problem():
            self.problem = None
        self.state = snapshot
        # Which keys are enabled depends on having a plan; let the footer and palette know.
        self.refresh_bindings()
        if self._spare_timer is not None:
            self._spare_timer.stop()
        self._spare_timer = self.set_timer(SPARE_DELAY, self._build_spare_form)

    def ranker(self, moment: Snapshot | None, leave_out: int | None) -> CriterionRanker:
        """The suggestion ranker for the portfolio as ``moment`` shows it (``leave_out``: the
        evidence being edited), built once per snapshot, not once per form. Called from a
        worker thread: two racing callers build it twice, nothing worse."""
        held = self._ranker
        if held is not None and held[0] is moment and held[1] == leave_out:
            return held[2]
        from promo_planner.core.suggest import ranker_for

        built = ranker_for(self.store, leave_out=leave_out)
        self._ranker = (moment, leave_out, built)
        return built

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed reload or plan reaches the screen as a message, never a silent hang."""
        from textual.worker import WorkerState

        worker = event.worker
        if worker.group == "state" and event.state == WorkerState.ERROR:
            error = worker.error
            lines = (
                error.lines
                if isinstance(error, InputError)
                else [f"{type(error).__name__}: {error}"]
            )
            self._report_problem("\n".join(lines))

    def _report_problem(self, message: str) -> None:
        self.loaded = True
        self.problem = message
        self.notify(
            message,
            title="Could not read the portfolio",
            severity="error",
            timeout=10,
            markup=False,
        )
        self.state = self.state  # screens redraw and show the problem where they wait for data

    # -- writing ------------------------------------------------------------------------

    def write(
        self,
        change: Callable[[Store], T],
        *,
        done: str | None = None,
        undo: Callable[[T], Callable[[Store], object] | None] | None = None,
        on_error: Callable[[list[str]], None] | None = None,
        then: Callable[[Snapshot, T], Snapshot] | None = None,
    ) -> T | None:
        """Run one change to the portfolio: the one way the app writes.

        A refusal (bad input, an item another terminal just deleted, a read-only or vanished
        file, a full disk) becomes an error notification, never a traceback, and the app
        reloads either way so the screen shows what is really stored. ``done`` is said when it
        worked; ``undo`` turns the result into the change that takes it back (ctrl+z).
        ``on_error`` shows a refusal where the user is typing (a form) instead of a toast.
        ``then`` gives the snapshot after the change from the one before and the change's
        result: the app then shows it without reading the portfolio again, as long as nobody
        else has written since the app last read (SQLite's ``data_version`` says) and no full
        read is under way. Returns the change's result, or None when it was refused.
        """
        import sqlite3

        try:
            before = self.store.data_version() if then is not None else None
            result = change(self.store)
        except (InputError, sqlite3.Error) as exc:
            if isinstance(exc, InputError):
                lines = exc.lines
            else:
                from promo_planner.core.schema import problem_of

                lines = [problem_of(exc)]
            if on_error is not None:
                on_error(lines)
            else:
                self.notify("\n".join(lines), title="Not saved", severity="error", markup=False)
            self.reload()
            return None
        step = undo(result) if undo is not None and done is not None else None
        if step is not None and done is not None:
            self.undo_steps.append(UndoStep(done, step))
            del self.undo_steps[:-UNDO_STEPS]
        if done:
            # Every change that can be taken back says how, so the key is found when needed.
            said = f"{done} ctrl+z undoes." if step is not None else done
            self.notify(said, timeout=4 if step is not None else 3, markup=False)
        self._after_write(then, result, before)
        return result

    def _after_write(
        self, then: Callable[[Snapshot, T], Snapshot] | None, result: T, before: int | None
    ) -> None:
        """The snapshot after one of the app's writes: worked out from the one before when
        that is exact, else read again. ``before`` is the data version just before the write:
        the same as when the app last read means nothing else has changed since, and no other
        process writing by the time the change is done means the change is all there is."""
        base = self._latest
        if then is not None and base is not None and before == self._seen_version:
            try:
                after = self.store.data_version()
            except Exception:  # the full reload below says what is wrong
                after = None
            if (
                after is not None
                and before is not None
                and not self.store.written_elsewhere(before, after)
            ):
                try:
                    following = then(base, result)
                except InputError:  # the item is gone after all: read everything
                    pass
                else:
                    self._seen_version = after
                    self._advance(following)
                    return
        self.reload()

    def unsaved_work(self) -> list[str]:
        """What the user typed and has not saved, in words (answers, a note, a form)."""
        found = []
        screens = [*self.sections.values(), *self.screen_stack]
        for screen in dict.fromkeys(screens):
            describe = getattr(screen, "unsaved_text", None)
            said = describe() if callable(describe) else None
            if said:
                found.append(str(said))
        return found

    async def action_quit(self) -> None:
        """Quit; when something typed is not saved, ask first (nothing typed is lost)."""
        from promo_planner.tui.dialogs.confirm import ConfirmDialog

        unsaved = self.unsaved_work()
        # ctrl+q again on the question itself means "yes, quit".
        if not unsaved or getattr(self.screen, "asks_to_quit", False):
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        question = ConfirmDialog(
            f"Quit and lose {' and '.join(unsaved)}? (ctrl+q again quits)", yes="Quit", no="Stay"
        )
        question.asks_to_quit = True  # type: ignore[attr-defined]
        self.push_screen(question, answered)

    def action_undo(self) -> None:
        """Take back the latest change made in the app (ratings, links, notes, answers,
        evidence added, edited or deleted, inbox decisions)."""
        self.undo_last()

    def undo_last(self) -> object | None:
        """Take back the latest change; what taking it back returned (the evidence a delete
        brings back), or None when there was nothing to undo or it was refused."""
        if not self.undo_steps:
            self.notify("Nothing to undo.", timeout=2)
            return None
        step = self.undo_steps.pop()
        self.clear_notifications()  # the toast that offered the undo is answered
        # Wrapped: an undo that returns nothing (unrate) must not read as a refusal.
        taken = self.write(lambda store: (step.undo(store),))
        if taken is None:
            return None
        # The change in its own words: "Undone: rated yourself 👍 on “Writes design docs”."
        self.notify(f"Undone: {step.done[:1].lower()}{step.done[1:]}", timeout=4, markup=False)
        return taken[0]

    # -- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TYPED_ACTIONS and self.typing():
            return False  # the key is typed into the field instead
        if action == "leave_field":
            return self.typing() and not self._palette_open()
        if action == "help":
            from promo_planner.tui.screens.help import HelpScreen

            return not isinstance(self.screen, HelpScreen)  # there, ? closes it
        # Section keys and "add" act on the sections, not over a dialog or the setup screen.
        if action in {"section", "add_evidence", "replan"}:
            return self.section_on_top()
        if action == "filter":
            # Offered only where the section has a filter: elsewhere the key would do nothing,
            # and the footer needs the room. The section is the bottom screen (the palette may
            # be above it while it lists the commands).
            return self.section_on_top() and hasattr(self.screen_stack[0], "action_filter")
        return True

    def typing(self) -> bool:
        """True while a text field has the focus: keys there are text, not shortcuts."""
        return is_text_field(self.focused)

    def _palette_open(self) -> bool:
        from textual.command import CommandPalette

        return isinstance(self.screen, CommandPalette)

    def section_on_top(self) -> bool:
        """True when a section (not a dialog or the setup screen) has the keys.

        The command palette is ignored, so its list shows what the section below offers.
        """
        from textual.command import CommandPalette

        return len([s for s in self.screen_stack if not isinstance(s, CommandPalette)]) == 1

    async def action_section(self, name: str) -> None:
        """Show a section (its screen is created the first time); keys typed meanwhile wait
        for it."""
        await self.switch_mode(name)

    async def action_add_evidence(self, preset: list[CriterionLink] | None = None) -> None:
        """Open the evidence form with the title focused; keys typed meanwhile go there.

        The section below may preset criteria (``evidence_preset``: on Criteria, the highlighted
        one) and hear of the saved evidence (``evidence_saved``: Evidence selects it)."""
        from promo_planner.tui.dialogs.evidence_form import EvidenceForm

        section = self.screen
        if preset is None:
            offer = getattr(section, "evidence_preset", None)
            preset = list(offer()) if callable(offer) else []

        def saved(evidence: Evidence | None) -> None:
            hear = getattr(section, "evidence_saved", None)
            if evidence is not None and callable(hear):
                hear(evidence)

        form = None if preset else self._take_spare_form()
        await self.push_screen(form or EvidenceForm(preset_criteria=preset), saved)

    # -- the spare evidence form ---------------------------------------------------------
    #
    # Building the evidence form (sixty widgets, styled and laid out) took most of the time
    # between ``a`` and a form ready for typing. So an empty one is built ahead of time, out of
    # sight: pushed onto a mode of its own that is never shown, once the app is idle with a
    # snapshot. ``a`` then moves it onto the screen. A spare built for another snapshot (the
    # criteria's statuses in its picker would be old) is dropped and built again.

    @property
    def spare_form(self) -> Screen[Any] | None:
        """The evidence form ``a`` will show without building one, if it is ready now."""
        spare = self._spare
        if spare is None or spare[1] is not self.state or not spare[0].is_mounted:
            return None
        return spare[0]

    def _build_spare_form(self) -> None:
        from promo_planner.tui.dialogs.evidence_form import EvidenceForm

        state = self.state
        if state is None or (self._spare is not None and self._spare[1] is state):
            return
        if not self.screen_stack or not self.section_on_top():
            return  # a dialog is open: try again after the next change
        if time.monotonic() - self._last_input < SPARE_DELAY:
            # Keys are coming: building now would hold the next one up. Once they pause.
            self._spare_timer = self.set_timer(SPARE_DELAY, self._build_spare_form)
            return
        self._drop_spare_form()
        self._init_mode(SPARE_MODE)
        form = EvidenceForm()
        self._spare = (form, state)
        self.push_screen(form, mode=SPARE_MODE)

    def _take_spare_form(self) -> Screen[Any] | None:
        spare, self._spare = self._spare, None
        if spare is None:
            return None
        form, built_for = spare
        if not form.is_mounted:
            # Textual waits for a pushed screen's mount in the app's own queue: a form taken
            # off its stack or removed before it has mounted never mounts, and every key after
            # it waited forever (seen as dead keys after a quick ``a``). It is left to mount
            # where it is and removed afterwards (``_discard_mounted``).
            self._unmounted_spares.append(form)
            return None
        self._off_spare_stack(form)
        if built_for is self.state:
            return form
        form.remove()
        return None

    def _drop_spare_form(self) -> None:
        form = self._take_spare_form()
        if form is not None:
            form.remove()

    def _off_spare_stack(self, form: Screen[Any]) -> None:
        stack = self._screen_stacks.get(SPARE_MODE, [])
        if form in stack:
            stack.remove(form)

    def _discard_mounted(self) -> None:
        """Remove the spare forms dropped while they were mounting, once they have."""
        for form in [f for f in self._unmounted_spares if f.is_mounted]:
            self._unmounted_spares.remove(form)
            self._off_spare_stack(form)
            form.remove()

    def action_leave_field(self) -> None:
        """Leave the focused text field: the screen says where the focus goes (``leave_field``),
        else nowhere, so the next key is a shortcut again."""
        field = self.focused
        leave = getattr(self.screen, "leave_field", None)
        if callable(leave):
            leave(field)
        else:
            self.screen.set_focus(None)

    def action_filter(self) -> None:
        """Focus the current section's filter (``check_action`` offers it only where one is)."""
        self.screen.action_filter()  # type: ignore[attr-defined]

    async def action_help(self) -> None:
        """Show every key of the app and of the current section."""
        from promo_planner.tui.screens.help import HelpScreen

        await self.push_screen(HelpScreen(self.screen))

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
            # The new plan's readiness now, read here as at start (the path follows from a
            # worker): the dashboard shows it at once, never "No plan yet" or the old levels.
            try:
                self.reading = read_snapshot(self.store, self.today)
            except InputError as exc:
                self._report_problem("\n".join(exc.lines))
                return
            self.loaded = False  # sections wait for the planned path, saying "Loading"
            self.state = None
            self.reload()
            self.switch_mode("dashboard")


def _made_ready(snapshot: Snapshot) -> None:
    """What a snapshot computes on first use and the screens will ask for, computed now (in a
    worker, off the main thread): the path, and the index when it is still rows."""
    from promo_planner.core.snapshot import LazyIndex

    snapshot.path  # noqa: B018 - computed here and kept
    # The tallies a change to this snapshot starts from (the launcher's reading ahead hands
    # over the readiness without them), from the rows, before the index is made of them.
    snapshot.tallies  # noqa: B018
    if isinstance(snapshot.index, LazyIndex):
        snapshot.index.build()


def _commands_provider() -> Any:
    from promo_planner.tui.commands import PlannerCommands

    return PlannerCommands


def make_app(
    data_path: Path, today: dt.date | None = None, read_ahead: ReadAhead | None = None
) -> PromoPlannerApp:
    """The app on the portfolio at ``data_path``; ``today`` pretends the date (tests, demos);
    ``read_ahead`` is the launcher's reading of it, already under way."""
    return PromoPlannerApp(data_path=data_path, today=today, read_ahead=read_ahead)
