"""Preparing the 1:1: the brief (first: what the manager reads), the health check, the open
questions with your answers, your notes, the report (preview and export, recorded as today's
check-in like ``report -o``) and the manager's check-in form (export and import)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    DataTable,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from promo_planner.core.records import QUESTIONS
from promo_planner.core.visible import visible
from promo_planner.tui.screens.base import SectionScreen
from promo_planner.tui.widgets.cells import THUMB, cut, plain
from promo_planner.tui.widgets.checkin_form import CheckinFormPane
from promo_planner.tui.widgets.document_view import DocumentView
from promo_planner.tui.widgets.report_export import ReportPane
from promo_planner.tui.widgets.row_table import Column, RowTable

if TYPE_CHECKING:
    from collections.abc import Callable

    from promo_planner.core.snapshot import Snapshot
    from promo_planner.core.store import Store

AGREEMENT = {
    "disagree": "✗ disagree",
    "agree": "✓ agree",
    "self-only": "self only",
    "manager-only": "manager only",
    "unrated": "not rated",
}
TAB_OF_ACTION = {
    "edit_profile": "tab-brief",
    "save_answers": "tab-questions",
    "export": "tab-report",
    "remove_note": "tab-notes",
}
FILLED_WHEN_SHOWN = ("tab-brief", "tab-health", "tab-notes", "tab-report")
"""The tabs filled from a snapshot only once they are in sight."""
NOTES_MIN = 16  # narrower than this, the health check's notes are only in the pane below
NO_PROFILE = (
    "*Your reports don't say whose they are yet: **p** sets your name, role or team and"
    " manager.*\n\n"
)


class OneOnOneScreen(SectionScreen):
    """The brief, health check, questions, notes, the report and the check-in form: a tab
    each."""

    SECTION = "one_on_one"
    CSS_PATH = "one_on_one.tcss"
    # Each key shows in the footer on the tab it belongs to, so the footer fits 80 columns.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "p",
            "edit_profile",
            "Profile",
            id="one.profile",
            tooltip="Who the reports are about: your name, role or team, manager",
        ),
        Binding(
            "ctrl+s",
            "save_answers",
            "Save answers",
            id="one.save",
            tooltip="Save your answers to the open questions",
        ),
        Binding(
            "ctrl+e",
            "export",
            "Export report",
            id="one.export",
            tooltip="Write the report to the file named (in the export folder)",
        ),
        Binding(
            "d",
            "remove_note",
            "Remove note",
            id="one.remove_note",
            tooltip="Remove the highlighted note",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._state: Snapshot | None = None
        self._saved: dict[str, str] = {}
        self._had_unsaved = False
        self._unfilled: set[str] = set()
        """The tabs not yet filled from the latest snapshot."""

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="one-tabs", classes="section-body"):
            with TabPane("Brief", id="tab-brief"):
                yield DocumentView(id="brief")
            with TabPane("Health check", id="tab-health"):
                yield RowTable(id="health-table")
                yield Static(id="health-detail")
            with TabPane("Questions", id="tab-questions"), Vertical():
                # On top, not under the last answer where 80×24 never shows it.
                yield Static("", id="answers-status")
                with VerticalScroll(id="answers"):
                    for key, question in QUESTIONS:
                        yield Label(question, classes="question-label")
                        yield TextArea(id=f"answer-{key}", classes="answer", soft_wrap=True)
            with TabPane("Notes", id="tab-notes"), Vertical():
                yield Input(placeholder="a new note for the 1:1 (enter adds it)", id="note-input")
                yield DataTable(id="notes-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Report", id="tab-report"):
                yield ReportPane(id="report-pane")
            with TabPane("Check-in form", id="tab-form"):
                yield CheckinFormPane(id="form-pane")

    # -- filling --------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self._state is not None:
            # The tables' columns are fitted to the width (the brief wraps itself).
            self._unfilled |= {"tab-health", "tab-notes"}
            self._fill_tab(self.query_one(TabbedContent).active)

    def show_state(self, state: Snapshot) -> None:
        # The answers always (what is typed and unsaved is judged against them); of the
        # other tabs only the one in sight, the rest when they are shown: a key that shows
        # the section costs one tab, not six.
        self._state = state
        self._unfilled = set(FILLED_WHEN_SHOWN)
        self._fill_answers(state)
        self._fill_tab(self.query_one(TabbedContent).active)

    def _fill_tab(self, tab: str | None) -> None:
        state = self._state
        if state is None or tab not in FILLED_WHEN_SHOWN:
            return
        if tab == "tab-report":
            self.query_one(ReportPane).show()
        elif tab in self._unfilled:
            self._unfilled.discard(tab)
            {
                "tab-brief": self._fill_brief,
                "tab-health": self._fill_health,
                "tab-notes": self._fill_notes,
            }[tab](state)

    def _fill_brief(self, state: Snapshot) -> None:
        from promo_planner.core.report import brief_markdown

        hint = "" if state.profile.name else NO_PROFILE
        # Stored text with control characters (older data) is shown spelled out, never raw.
        self.query_one("#brief", DocumentView).update(
            lambda: hint + visible(brief_markdown(state), multiline=True)
        )

    def action_edit_profile(self) -> None:
        """Edit who the reports are about."""
        from promo_planner.tui.dialogs.profile_form import ProfileDialog

        self.app.push_screen(ProfileDialog())

    def _fill_health(self, state: Snapshot) -> None:
        from promo_planner.core.report.health import health_check

        table = self.query_one("#health-table", RowTable)
        current = table.cursor_row
        order = [item.criterion_id for item in state.path.items]
        rows = health_check(state.ratings, state.guideline, order)
        # Fixed columns: self 4, manager 4, agreement 12; one cell of padding either side of
        # each column and 2 for the scrollbar. The title comes first; notes get what is left,
        # and below NOTES_MIN they are only in the pane under the table, which shows them whole.
        room = self.size.width - (4 + 4 + 12) - 2 * 5 - 2
        title_width = min(max((len(row.title) for row in rows), default=20), room)
        notes_width = room - title_width - 2
        if notes_width < NOTES_MIN:
            title_width, notes_width = room, 0
        columns = [
            Column("title", "Criterion", title_width),
            Column("self", "Self", 4),
            Column("manager", "Mgr", 4),
            Column("agreement", "", 12),
        ]
        if notes_width:
            columns.append(Column("notes", "Notes", notes_width))
        lines = []
        for row in rows:
            notes = " / ".join(
                f"{who}: {note}"
                for who, note in (("self", row.self_note), ("manager", row.manager_note))
                if note
            )
            cells = [
                plain(cut(row.title, title_width)),
                THUMB[row.self_value],
                THUMB[row.manager_value],
                AGREEMENT[row.agreement],
            ]
            if notes_width:
                cells.append(plain(cut(" ".join(notes.split()), notes_width)))
            lines.append((row.criterion_id, cells))
        table.show_rows(columns, lines)
        if rows:
            table.move_cursor(row=min(current, len(rows) - 1))
            self._show_health_detail(rows[table.cursor_row].criterion_id)
        else:
            self.query_one("#health-detail", Static).update(
                "No ratings yet: rate criteria with + / - and m on screen 2."
            )

    @on(DataTable.RowHighlighted, "#health-table")
    def _health_row(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key is not None:
            self._show_health_detail(str(key))

    def _show_health_detail(self, criterion_id: str) -> None:
        """The highlighted row's ratings and notes in full (the table cuts or leaves them out)."""
        state = self._state
        detail = self.query_one("#health-detail", Static)
        if state is None or criterion_id not in state.guideline.criterion_by_id:
            detail.update("")
            return
        lines = [plain(state.guideline.criterion_by_id[criterion_id].title, "bold")]
        rated = state.ratings_of(criterion_id)
        for who in ("self", "manager"):
            rating = rated.get(who)
            if rating is None:
                lines.append(Content.assemble((f"{who}: ", "bold"), ("not rated", "dim")))
                continue
            on = f" on {rating.rated_on}" if rating.rated_on else ""
            note = f": {rating.note}" if rating.note else ""
            lines.append(
                Content.assemble(
                    (f"{who}: ", "bold"), plain(f"{THUMB[rating.value]}{on}{note}", multiline=True)
                )
            )
        detail.update(Content("\n").join(lines))

    def _fill_answers(self, state: Snapshot) -> None:
        for key, _ in QUESTIONS:
            area = self.query_one(f"#answer-{key}", TextArea)
            stored = state.answers.get(key, "")
            # Never overwrite what is being typed: only refresh answers that are not edited.
            if area.text == self._saved.get(key, area.text) and area.text != stored:
                area.load_text(stored)
            self._saved[key] = stored
        self._show_answer_status()

    def _fill_notes(self, state: Snapshot) -> None:
        table = self.query_one("#notes-table", DataTable)
        current = table.cursor_row
        table.clear(columns=True)
        # Notes are wrapped, never cut: the column takes the width the date leaves.
        note_width = max(20, self.size.width - 10 - 2 * 2 - 2)
        table.add_column("Date", width=10)
        table.add_column("Note", width=note_width)
        notes = sorted(state.notes, key=lambda n: (n.date, n.id), reverse=True)
        for note in notes:
            # A Rich Text (neither markup nor Content): the table wraps it (height=None).
            text = Text(visible(note.text, multiline=True), end="")
            table.add_row(str(note.date), text, key=str(note.id), height=None)
        if notes:
            table.move_cursor(row=min(current, len(notes) - 1))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Each key on its own tab (saving also wherever answers are left unsaved).
        if not self.is_mounted or action not in TAB_OF_ACTION:
            return True
        tab = self.query_one(TabbedContent).active
        if action == "save_answers" and self._unsaved():
            return True
        if action == "remove_note" and self._state is not None and not self._state.notes:
            return False
        return tab == TAB_OF_ACTION[action]

    # -- answers --------------------------------------------------------------------------

    def _unsaved(self) -> list[str]:
        return [
            key
            for key, _ in QUESTIONS
            if self.query_one(f"#answer-{key}", TextArea).text != self._saved.get(key, "")
        ]

    def _show_answer_status(self) -> None:
        unsaved = len(self._unsaved())
        answered = sum(
            1 for key, _ in QUESTIONS if self.query_one(f"#answer-{key}", TextArea).text.strip()
        )
        self.query_one("#answers-status", Static).update(
            f"{answered} of {len(QUESTIONS)} answered · "
            + (
                f"{unsaved} unsaved answer{'s' if unsaved != 1 else ''}: ctrl+s saves"
                if unsaved
                else "All answers saved."
            )
        )

    @on(TextArea.Changed)
    def _answer_typed(self) -> None:
        self._show_answer_status()
        unsaved = bool(self._unsaved())
        if unsaved != self._had_unsaved:
            # The save key shows on other tabs too while answers are unsaved.
            self._had_unsaved = unsaved
            self.refresh_bindings()

    def action_save_answers(self) -> None:
        """Store every changed answer."""
        changed = {key: self.query_one(f"#answer-{key}", TextArea).text for key in self._unsaved()}
        if not changed:
            return

        def save(store: Store) -> dict[str, str]:
            return {key: store.set_answer(key, text) for key, text in changed.items()}

        def undo(before: dict[str, str]) -> Callable[[Store], object]:
            def put_back(store: Store) -> None:
                for key, text in before.items():
                    store.set_answer(key, text)

            return put_back

        count = len(changed)
        if (
            self.planner.write(
                save,
                done=f"Saved {count} answer{'s' if count != 1 else ''}.",
                undo=undo,
                then=lambda snapshot, _: _answered(snapshot, changed),
            )
            is not None
        ):
            self._saved.update(changed)
        self._show_answer_status()

    def unsaved_text(self) -> str | None:
        """Answers typed and not saved, or a note typed and not added (quitting asks first)."""
        if not self.is_mounted:
            return None
        said = []
        answers = len(self._unsaved())
        if answers:
            said.append(f"{answers} unsaved answer{'s' if answers != 1 else ''}")
        if self.query_one("#note-input", Input).value.strip():
            said.append("a note not yet added")
        return " and ".join(said) or None

    # -- notes ----------------------------------------------------------------------------

    @on(Input.Submitted, "#note-input")
    def _add_note(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        added = self.planner.write(
            lambda store: store.add_note(text, self.planner.today),
            done="Note added.",
            undo=lambda note: lambda store: store.remove_note(note.id),
            then=lambda snapshot, note: snapshot.with_note(note),
        )
        if added is not None:
            event.input.value = ""

    def action_remove_note(self) -> None:
        """Remove the highlighted note."""
        table = self.query_one("#notes-table", DataTable)
        if not table.has_focus or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.planner.write(
                lambda store: store.remove_note(int(key)),
                done="Note removed.",
                undo=lambda note: (
                    lambda store: store.add_note(note.text, note.date, note_id=note.id)
                ),
                then=lambda snapshot, note: snapshot.without_note(note.id),
            )

    # -- report ---------------------------------------------------------------------------

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()  # each tab has its own keys (check_action)
        self._fill_tab(event.pane.id)

    def action_export(self) -> None:
        """Write the report in the chosen kind and format to the export folder."""
        self.query_one(ReportPane).export()


def _answered(snapshot: Snapshot, changed: dict[str, str]) -> Snapshot:
    """The snapshot after saving ``changed`` answers (question key → text)."""
    for key, text in changed.items():
        snapshot = snapshot.with_answer(key, text)
    return snapshot
