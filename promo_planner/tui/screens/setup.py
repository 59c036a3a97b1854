"""Plan (or re-plan) the promotion: guideline, current level, target level, target date.

Re-planning only replaces the plan; evidence, links, ratings and notes stay. Every field is
checked as it is typed and the messages stay beside the field until the value is right.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from promo_planner.core.errors import InputError
from promo_planner.core.records import read_date
from promo_planner.core.visible import visible
from promo_planner.tui.breakpoints import preset_breakpoints
from promo_planner.tui.fields import shown_bindings
from promo_planner.tui.widgets.button_row import ButtonRow
from promo_planner.tui.widgets.cells import cut, plain
from promo_planner.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    from promo_planner.core.guideline import Guideline
    from promo_planner.core.records import Plan
    from promo_planner.core.store import Store
    from promo_planner.tui.planner import Planner

FROM_FILE = "<file>"
STORED = "<stored>"
DEFAULT_GUIDELINE = "software-engineer"
LEVEL_LABEL = 30


def level_label(level_id: str, title: str) -> str:
    """``L4-ic  Senior Engineer``, cut to fit half the form at 80 columns."""
    return cut(visible(f"{level_id}  {title}"), LEVEL_LABEL)


def parse_target_date(text: str, today: dt.date) -> tuple[dt.date | None, str]:
    """The target date typed in the form, or the message to show beside it."""
    text = text.strip()
    if not text:
        return None, "A target date is needed to plan towards it (YYYY-MM-DD)."
    value, problem = read_date(text)
    if value is None:
        return None, f"{problem}."
    if value <= today:
        return None, f"The target date must be after today ({today})."
    return value, ""


class SetupScreen(Screen[bool]):
    """The plan form. Dismisses with True when a plan was saved, False when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save plan", id="setup.save", tooltip="Save the plan"),
        Binding("escape", "cancel", "Cancel", id="setup.cancel", tooltip="Keep the current plan"),
    ]

    def __init__(self, *, first_run: bool) -> None:
        super().__init__()
        preset_breakpoints(self)
        self.first_run = first_run
        self._guidelines: dict[str, Guideline] = {}
        self._current_plan: Plan | None = None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return shown_bindings(self, super().active_bindings)

    @property
    def planner(self) -> Planner:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        # The fields take the focus, not the scrolling box around them: Tab goes from field to
        # field in the order they are laid out.
        with VerticalScroll(id="setup-form", classes="box") as form:
            form.can_focus = False
            yield Static(
                "Plan your promotion: pick your ladder, where you are, where you aim, and when."
                if self.first_run
                else "Re-plan: your evidence, ratings and notes are kept.",
                id="setup-intro",
            )
            yield Label("Guideline")
            yield Select[str]([], prompt="Loading guidelines…", id="guideline", compact=True)
            yield Input(placeholder="path/to/ladder.yaml", id="guideline-file", compact=True)
            yield Static("", id="guideline-error", classes="error", markup=False)
            with Horizontal(classes="setup-levels"):
                with Vertical():
                    yield Label("Current level")
                    yield Select[str](
                        [], prompt="pick a guideline first", id="current", compact=True
                    )
                with Vertical():
                    yield Label("Target level")
                    yield Select[str](
                        [], prompt="pick the current level", id="target", compact=True
                    )
            yield Static("", id="levels-error", classes="error", markup=False)
            with Horizontal(classes="setup-levels"):
                with Vertical():
                    yield Label("Target date")
                    yield Input(placeholder="YYYY-MM-DD", id="target-date", compact=True)
                with Vertical():
                    yield Label("Gaps worked on at once")
                    yield Input("2", id="capacity", type="integer", compact=True)
            yield Static("", id="date-error", classes="error")
            # What a new revision of the planned ladder changes, read before pressing Plan.
            yield Static("", id="ladder-changes", classes="changes", markup=False)
            yield Static("", id="plan-error", classes="error", markup=False)
            with ButtonRow(id="setup-buttons"):
                yield Button("Plan", id="save", variant="primary", compact=True)
                if not self.first_run:
                    yield Button("Cancel", id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#setup-form").border_title = "Setup" if self.first_run else "Re-plan"
        self.query_one("#guideline-file").display = False
        for message in self.query(".error, .changes"):
            message.display = False
        self._current_plan = self.planner.store.plan()
        if self._current_plan is not None:
            plan = self._current_plan
            if plan.target_date is not None:
                self.query_one("#target-date", Input).value = plan.target_date.isoformat()
            self.query_one("#capacity", Input).value = str(plan.capacity)
        self._load_guidelines()

    @work(thread=True, exclusive=True, group="setup-guidelines", exit_on_error=False)
    def _load_guidelines(self) -> None:
        from promo_planner.core.loader import bundled_guidelines

        try:
            found = {g.id: g for _, g in bundled_guidelines()}
            problem = ""
        except InputError as exc:
            found, problem = {}, "\n".join(exc.lines)
        self.app.call_from_thread(self._show_guidelines, found, problem)

    def _show_guidelines(self, found: dict[str, Guideline], problem: str) -> None:
        self._guidelines = dict(found)
        options: list[tuple[RenderableType, str]] = [
            (Text(visible(f"{g.name} ({g.id})")), g.id) for g in found.values()
        ]
        # The software-engineer ladder is the common case; otherwise the first by id.
        chosen: str | None = (
            DEFAULT_GUIDELINE if DEFAULT_GUIDELINE in found else options[0][1] if options else None
        )
        plan = self._current_plan
        if plan is not None:
            try:
                stored = self.planner.store.guideline()
            except InputError:
                stored = None
            if stored is not None:
                self._guidelines[STORED] = stored
                version = f" {stored.version}" if stored.version else ""
                options.insert(
                    0, (Text(visible(f"Keep the planned copy: {stored.name}{version}")), STORED)
                )
                chosen = STORED
        options.append(("A guideline file…", FROM_FILE))
        select = self.query_one("#guideline", Select)
        select.set_options(options)
        select.prompt = "Pick a guideline"
        if chosen is not None:
            select.value = chosen
        if problem:
            self._say("#guideline-error", problem)
        self._guideline_changed()
        # The cursor goes where the first answer is missing, so typing lands in a field (the
        # scrolling form itself would otherwise hold the focus and shift every Tab by one).
        date = self.query_one("#target-date", Input)
        if select.value == FROM_FILE:
            return  # the file path input has the focus
        if select.value is not Select.BLANK and not date.value.strip():
            date.focus()
        else:
            select.focus()

    # -- fields ---------------------------------------------------------------------------

    def _say(self, widget_id: str, text: str) -> None:
        """Show a message under a field; an empty message takes no room."""
        message = self.query_one(widget_id, Static)
        message.update(plain(text, multiline=True))  # it may name a file or a ladder: text
        message.display = bool(text)

    def _guideline(self) -> Guideline | None:
        value = self.query_one("#guideline", Select).value
        if value == FROM_FILE:
            return self._guidelines.get(FROM_FILE)
        return self._guidelines.get(value) if isinstance(value, str) else None

    @on(Select.Changed, "#guideline")
    def _guideline_selected(self) -> None:
        self._guideline_changed()

    def _guideline_changed(self) -> None:
        from_file = self.query_one("#guideline", Select).value == FROM_FILE
        file_input = self.query_one("#guideline-file", Input)
        file_input.display = from_file
        if from_file:
            self._say("#guideline-error", "Type the path and press enter.")
            file_input.focus()
        else:
            self._say("#guideline-error", "")
        self._fill_levels()

    @on(Input.Submitted, "#guideline-file")
    def _load_file(self, event: Input.Submitted) -> None:
        from promo_planner.core.loader import load_guideline

        text = event.value.strip()
        self._guidelines.pop(FROM_FILE, None)
        if not text:
            self._say("#guideline-error", "Type the path of a guideline file.")
        else:
            try:
                guideline = load_guideline(Path(text).expanduser())
            except InputError as exc:
                self._say("#guideline-error", "\n".join(exc.lines[:6]))
            except OSError as exc:
                self._say("#guideline-error", f"{text}: {exc.strerror or exc}")
            else:
                self._guidelines[FROM_FILE] = guideline
                self._say("#guideline-error", f"Loaded {guideline.name} ({guideline.id}).")
                self.query_one("#current", Select).focus()
        self._fill_levels()

    def _revision(self, guideline: Guideline) -> Guideline | None:
        """The planned copy when ``guideline`` is another revision of it (same id, new text)."""
        planned = self._guidelines.get(STORED)
        if planned is None or guideline is planned or planned.id != guideline.id:
            return None
        return planned if planned.source != guideline.source else None

    def _show_changes(self, guideline: Guideline | None) -> None:
        """Before the plan is saved: what re-planning onto this revision changes, and what
        happens to the links (they follow their criteria; links to removed ones are listed)."""
        from promo_planner.core.revision import (
            carried_links,
            describe,
            describe_links,
            ladder_changes,
        )

        planned = self._revision(guideline) if guideline is not None else None
        if guideline is None or planned is None:
            self._say("#ladder-changes", "")
            return
        changes = ladder_changes(planned, guideline)
        carried = carried_links(planned, guideline, self._stored_criteria())
        lines = describe(changes, planned, guideline, limit=6) + describe_links(carried)
        self._say("#ladder-changes", "\n".join(["Planning on this revision:", *lines]))

    def _stored_criteria(self) -> list[tuple[int | None, str]]:
        store = self.planner.store
        stored: list[tuple[int | None, str]] = [(e, c) for e, c, _ in store.links()]
        return stored + [(None, r.criterion_id) for r in store.ratings()]

    def _fill_levels(self) -> None:
        guideline = self._guideline()
        self._show_changes(guideline)
        current = self.query_one("#current", Select)
        if guideline is None:
            current.prompt = "pick a guideline first"
            current.set_options([])
            self._fill_targets()
            return
        current.prompt = "your level now"
        current.set_options(
            [(Text(level_label(lv.id, lv.title)), lv.id) for lv in guideline.levels]
        )
        plan = self._current_plan
        if plan is not None and plan.current_level in guideline.level_by_id:
            current.value = plan.current_level
        else:
            current.value = guideline.levels[0].id
        self._fill_targets()

    @on(Select.Changed, "#current")
    def _current_selected(self) -> None:
        self._fill_targets()

    def _fill_targets(self) -> None:
        guideline = self._guideline()
        current = self.query_one("#current", Select).value
        target = self.query_one("#target", Select)
        if (
            guideline is None
            or not isinstance(current, str)
            or current not in guideline.level_by_id
        ):
            target.prompt = "pick the current level"
            target.set_options([])
            return
        # Only promotions from the current level: the levels above it on its branch of the
        # tree (a plan to the level held is no plan: the core refuses it, SPEC 2).
        above = guideline.descendants(current)[1:]
        target.set_options(
            [(Text(level_label(lid, guideline.level_by_id[lid].title)), lid) for lid in above]
        )
        target.prompt = "the level you aim for" if above else "no level above"
        if not above:
            self._say("#levels-error", f"{current} is the top of its track: nothing to plan for.")
            return
        self._say("#levels-error", "")
        plan = self._current_plan
        if plan is not None and plan.target_level in above and plan.current_level == current:
            target.value = plan.target_level
        else:
            target.value = above[0]

    @on(Input.Changed, "#target-date")
    def _date_typed(self, event: Input.Changed) -> None:
        _, message = parse_target_date(event.value, self.planner.today)
        # Say nothing while the date is still being typed; check once it could be complete.
        self._say("#date-error", message if len(event.value) >= 10 else "")

    # -- saving ---------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check every field, then store the plan (evidence is kept)."""
        from promo_planner.core.records import Plan

        problems: list[str] = []
        guideline = self._guideline()
        if guideline is None:
            problems.append("Pick a guideline (or load a file).")
        current = self.query_one("#current", Select).value
        target = self.query_one("#target", Select).value
        if not isinstance(current, str) or not isinstance(target, str):
            problems.append("Pick the current and the target level.")
        target_date, date_message = parse_target_date(
            self.query_one("#target-date", Input).value, self.planner.today
        )
        self._say("#date-error", date_message)
        capacity_text = self.query_one("#capacity", Input).value.strip()
        capacity = int(capacity_text) if capacity_text.lstrip("-").isdigit() else 0
        if capacity < 1:
            problems.append("Gaps worked on at once: a whole number, at least 1.")
        if problems or date_message or guideline is None:
            self._show_problems(problems, focus_date=bool(date_message))
            return
        assert isinstance(current, str) and isinstance(target, str)
        old = self._current_plan
        same_ladder = old is not None and old.guideline_id == guideline.id
        plan = Plan(
            guideline_id=guideline.id,
            guideline_version=guideline.version,
            current_level=current,
            target_level=target,
            target_date=target_date,
            capacity=capacity,
            lead_weeks=old.lead_weeks if old is not None and same_ladder else None,
            sustain_weeks=old.sustain_weeks if old is not None and same_ladder else None,
            readiness_threshold=old.readiness_threshold
            if old is not None and same_ladder
            else None,
        )
        from promo_planner.core.revision import carried_links

        planned = self._guidelines.get(STORED)
        same_ladder = planned is not None and planned.id == guideline.id
        stored = self._stored_criteria()

        def replan(store: Store) -> bool:
            # set_plan checks the plan against the ladder and says what is wrong.
            store.set_plan(plan, guideline)
            # Links and ratings follow their criteria onto a new revision (shown above).
            store.rename_criteria(
                carried_links(planned if same_ladder else None, guideline, stored).renames
            )
            return True

        if self.planner.write(replan, on_error=self._show_problems):
            if self.first_run:  # then who the reports are about: a step that can be skipped
                from promo_planner.tui.dialogs.profile_form import ProfileDialog

                self.app.push_screen(ProfileDialog(first_run=True), lambda _: self.dismiss(True))
            else:
                self.dismiss(True)

    def _show_problems(self, problems: list[str], *, focus_date: bool = False) -> None:
        self._say("#plan-error", "\n".join(problems))
        if focus_date:
            self.query_one("#target-date", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Leave the plan as it was (on the first run there is none: quit with ctrl+q)."""
        if self.first_run:
            self.notify("Save a plan first, or press ctrl+q to quit.", timeout=3)
            return
        self.dismiss(False)

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        return not (action == "cancel" and self.first_run)
