"""The evidence section: every item in one virtual table, a filter, a detail pane, and the
keys to add, edit, delete and undo a delete.

The table asks the store for pages as they scroll into view, so ten thousand items cost what
a screenful costs. The filter waits for a pause in typing before it queries the store.
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.style import Style
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from promo_planner.core.input_rules import link_problem, search_problem
from promo_planner.core.records import Evidence
from promo_planner.core.visible import visible
from promo_planner.tui.screens.base import SectionScreen
from promo_planner.tui.widgets.cells import plain
from promo_planner.tui.widgets.evidence_table import EvidenceTable, StoreEvidence

if TYPE_CHECKING:
    from promo_planner.core.guideline import Guideline
    from promo_planner.core.snapshot import Snapshot

FILTER_DELAY = 0.15
"""Seconds a burst of typing is gathered before the filter queries the store again."""


def detail_text(evidence: Evidence | None, guideline: Guideline | None) -> Content:
    """Everything about one piece of evidence, compact enough for eight lines at 80x24."""
    if evidence is None:
        return Content.styled("Nothing selected.", "$text-muted")
    meta = [evidence.date.isoformat(), f"#{evidence.id}"]
    if evidence.kind:
        meta.append(evidence.kind)
    meta.extend(f"#{tag}" for tag in evidence.tags)
    lines: list[Content] = [
        plain(evidence.title, "bold"),
        plain(" · ".join(meta), "$text-muted"),
    ]
    if evidence.description.strip():
        lines.append(plain(evidence.description.strip(), multiline=True))

    def labelled(label: str, items: list[Content]) -> None:
        # A label column keeps each part findable without spending a line on a heading.
        for i, item in enumerate(items):
            head = f"{label:<9}" if i == 0 else " " * 9
            lines.append(Content.assemble((head, "bold $accent"), item))

    labelled("Impact", [plain(f"• {point}") for point in evidence.impact])
    # A Style, not markup: a URL is the user's text and may hold any character. Only a link
    # the one link rule accepts is clickable; one from older data is shown as text.
    labelled(
        "Links",
        [
            Content.styled(visible(url), Style(link=url) if link_problem(url) is None else "")
            for url in evidence.links
        ],
    )
    criteria = []
    for link in evidence.criteria:
        criterion = guideline.criterion_by_id.get(link.criterion_id) if guideline else None
        mark = ("● full", "$success") if link.strength == "full" else ("◐ partial", "$warning")
        title = criterion.title if criterion else "(not in this guideline)"
        criteria.append(
            Content.assemble(mark, " ", plain(link.criterion_id, "bold"), " ", plain(title))
        )
    labelled("Criteria", criteria or [Content.styled("not linked to any criterion", "$text-muted")])
    return Content("\n").join(lines)


class EvidenceScreen(SectionScreen):
    """Every piece of evidence: filter, browse, add, edit, delete, undo."""

    SECTION = "evidence"
    CSS_PATH = "evidence.tcss"
    AUTO_FOCUS = "#evidence-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", id="evidence.edit", tooltip="Edit the highlighted evidence"),
        Binding(
            "d",
            "delete",
            "Delete",
            id="evidence.delete",
            tooltip="Delete the highlighted evidence (asks first; u undoes)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="evidence.undo",
            tooltip="Take back the last change, as ctrl+z does (a delete, an edit, a link)",
        ),
        Binding("slash", "filter", "Filter", id="evidence.filter", tooltip="Filter as you type"),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            id="evidence.clear_filter",
            tooltip="Show every item again",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._filter_timer: Timer | None = None
        self._last_filter = 0.0
        self._search = ""

    # -- layout --------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Vertical(id="evidence-body", classes="section-body"):
            with Horizontal(id="evidence-filter-row"):
                yield Input(
                    placeholder="Filter: title, description, impact, tags, kind  (/)",
                    id="evidence-filter",
                    compact=True,
                )
                yield Static("", id="evidence-count", markup=False)
            with Horizontal(id="evidence-main"):
                # Rows are read when the first snapshot arrives (show_state), not here too.
                yield EvidenceTable(StoreEvidence(self.planner.store), id="evidence-table")
                with VerticalScroll(id="evidence-detail", classes="box"):
                    yield Static(detail_text(None, None), id="evidence-detail-text")

    @property
    def table(self) -> EvidenceTable:
        """The evidence table."""
        return self.query_one(EvidenceTable)

    def on_mount(self) -> None:
        # SectionScreen.on_mount runs after this one (Textual calls each class's handler), and
        # its first snapshot then fills the table from the source given in compose_body.
        self.query_one("#evidence-detail", VerticalScroll).border_title = "Detail"

    def show_state(self, state: Snapshot) -> None:
        # Any write (here, in a dialog, or in another process) lands here: re-read the rows
        # under the same filter, keeping the cursor on the same evidence when it moved a little.
        table = self.table
        before = table.current
        table.reload()
        after = table.current
        if before is not None and (after is None or after.id != before.id):
            index = table.index_of(before.id, look_at=table.cursor_row + 100)
            if index is not None:
                table.cursor_row = index
        self._show_count()
        self._show_detail(self.table.current)

    # -- filter --------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.set_focus(self.query_one("#evidence-filter", Input))

    @on(Input.Changed, "#evidence-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # The first keystroke after a pause filters at once; a burst of typing is coalesced
        # into one query FILTER_DELAY after its last key, so fast typists never wait on it.
        now = monotonic()
        quiet = now - self._last_filter >= FILTER_DELAY
        if self._filter_timer is None and quiet:
            self._apply_filter()
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._apply_filter)

    @on(Input.Submitted, "#evidence-filter")
    def _filter_submitted(self) -> None:
        self._apply_filter()
        self.set_focus(self.table)

    def on_key(self, event: Key) -> None:
        if event.key == "down" and self.query_one("#evidence-filter", Input).has_focus:
            event.stop()
            self.set_focus(self.table)

    def leave_field(self, field: Widget | None) -> None:
        """Escape in the filter box clears the filter and goes back to the table."""
        if field is self.query_one("#evidence-filter", Input):
            self.action_clear_filter()
        self.set_focus(self.table)

    def action_clear_filter(self) -> None:
        """Show every item again (escape, in the box or on the table)."""
        box = self.query_one("#evidence-filter", Input)
        box.value = ""
        self._apply_filter()
        self.set_focus(self.table)
        self.refresh_bindings()

    def _apply_filter(self) -> None:
        self._last_filter = monotonic()
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        search = self.query_one("#evidence-filter", Input).value.strip()
        if search == self._search:
            return
        problem = search_problem(search)
        if problem is not None:  # a pasted page: say why instead of asking SQLite the impossible
            self.query_one("#evidence-count", Static).update(plain(f"Not filtered: {problem}"))
            return
        self._search = search
        table = self.table
        table.empty_text = (
            f"Nothing matches “{visible(search)}”."
            if search
            else "No evidence yet: press a to add."
        )
        table.source = StoreEvidence(self.planner.store, search or None)
        self._show_count()

    def _show_count(self) -> None:
        shown = self.table.row_count
        if self._search:
            total = self.planner.store.count_evidence()
            text = f"{shown:,} of {total:,}"
        else:
            text = f"{shown:,} item{'' if shown == 1 else 's'}"
        self.query_one("#evidence-count", Static).update(text)

    # -- detail --------------------------------------------------------------------------

    @on(EvidenceTable.Highlighted)
    def _highlighted(self, event: EvidenceTable.Highlighted) -> None:
        self._show_detail(event.evidence)
        self.refresh_bindings()

    def _show_detail(self, evidence: Evidence | None) -> None:
        state = self.planner.state
        guideline = state.guideline if state is not None else None
        self.query_one("#evidence-detail-text", Static).update(detail_text(evidence, guideline))

    @on(EvidenceTable.Selected)
    def _selected(self, event: EvidenceTable.Selected) -> None:
        self._edit(event.evidence)

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete"):
            return self.table.current is not None
        if action == "undo":
            return bool(self.planner.undo_steps)
        if action == "clear_filter":
            return bool(self._search)
        return True

    def action_edit(self) -> None:
        """Open the form on the highlighted evidence."""
        evidence = self.table.current
        if evidence is not None:
            self._edit(evidence)

    def _edit(self, evidence: Evidence) -> None:
        # The form (TextArea, Select, the picker) loads on first use, not with the section.
        from promo_planner.tui.dialogs.evidence_form import EvidenceForm

        self.app.push_screen(EvidenceForm(evidence), self.evidence_saved)

    def evidence_saved(self, evidence: Evidence | None) -> None:
        """The evidence just added or edited gets the cursor."""
        if evidence is None:
            return
        self.table.reload()
        self.table.select_id(evidence.id)
        self._show_count()
        self.set_focus(self.table)

    def action_delete(self) -> None:
        """Ask, then delete the highlighted evidence (``u`` brings it back)."""
        evidence = self.table.current
        if evidence is None:
            return

        from promo_planner.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(evidence)

        self.app.push_screen(ConfirmDialog(f"Delete “{visible(evidence.title)}”?"), answered)

    def _delete(self, evidence: Evidence) -> None:
        self.planner.write(
            lambda store: store.remove_evidence(evidence.id),
            done=f"Deleted “{visible(evidence.title)}”.",
            undo=lambda gone: lambda store: store.restore_evidence(gone),
            then=lambda snapshot, gone: snapshot.without_evidence(gone.id),
        )
        self.table.reload()
        self._show_count()
        self.refresh_bindings()

    def action_undo(self) -> None:
        """Take back the last change, as ctrl+z does (a delete brings the evidence back under
        its old id, with its links, and the cursor goes to it)."""
        restored = self.planner.undo_last()
        self.table.reload()
        if isinstance(restored, Evidence):
            self.table.select_id(restored.id)
        self._show_count()
        self.refresh_bindings()
