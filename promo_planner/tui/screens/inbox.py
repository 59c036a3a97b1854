"""The inbox: work that ``capture git`` found, waiting for the engineer's yes (issue 15).

Each candidate is listed with the criteria it most likely shows (ranked in a thread: the
ranker loads bm25s and numpy, which the app never pays for until the inbox asks). Enter opens
the evidence form prefilled from the candidate, its suggested criteria ticked, to edit before
accepting; d dismisses it for good (capture never proposes it again), v shows the dismissed
ones, where r brings one back. Every decision goes through the app's one write path, so
ctrl+z takes it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from promo_planner.core.visible import visible
from promo_planner.tui.screens.base import SectionScreen
from promo_planner.tui.widgets.cells import cut, plain
from promo_planner.tui.widgets.hanging import HangingText, Paragraph

if TYPE_CHECKING:
    from promo_planner.core.inbox import Candidate, CandidateStatus
    from promo_planner.core.records import Evidence
    from promo_planner.core.snapshot import Snapshot
    from promo_planner.core.suggest import Suggestion

SUGGESTED = 3
"""Criteria suggested per candidate (and ticked when it is accepted)."""
WIDE = 110
DETAIL_WIDTH = 44
"""From ``WIDE`` columns the detail sits beside the list, this wide (app.tcss)."""
FILES_SHOWN = 6
RANKED_AT_MOST = 500
"""Candidates ranked in one go; an inbox longer than this is ranked as far as this."""
EMPTY = {
    "pending": (
        "Nothing waits for review. In a terminal, `promo-planner capture git REPO` reads your"
        " merged work, tickets and releases from a repository's history; they appear here."
    ),
    "dismissed": "Nothing dismissed. v shows what waits for review.",
}


def size_text(candidate: Candidate) -> str:
    """``+420/−80 · 5 commits``: the size of the work at a glance."""
    commits = len(candidate.commits)
    lines = f"+{candidate.added:,}/−{candidate.removed:,} · " if candidate.file_count else ""
    return f"{lines}{commits} commit{'s' if commits != 1 else ''}"


def suggestion_lines(suggestions: list[Suggestion] | None) -> list[Content | Paragraph]:
    """The suggested criteria, numbered, each with the words of the work that matched."""
    if suggestions is None:
        return [Content.styled("Finding the criteria it most likely shows…", "dim")]
    if not suggestions:
        return [Content.styled("No criterion of the target shares a word with it.", "dim")]
    lines: list[Content | Paragraph] = []
    for n, s in enumerate(suggestions, start=1):
        words = ", ".join(s.words[:4])
        text = Content.assemble(
            f"{n} ", plain(s.criterion.title), (f" ({words})" if words else "", "dim")
        )
        lines.append(Paragraph(text, 2))
    return lines


def detail_lines(
    candidate: Candidate | None, suggestions: list[Suggestion] | None
) -> list[Content | str | Paragraph]:
    """Everything about one candidate: what, when, how big, where, and what it may show."""
    if candidate is None:
        return [Content.styled("Nothing selected.", "dim")]
    lines: list[Content | str | Paragraph] = [
        plain(candidate.title, "bold"),
        plain(f"{candidate.date} · {candidate.kind} · #{candidate.id} · {size_text(candidate)}"),
    ]
    if candidate.status == "dismissed":
        lines.append(Content.styled("Dismissed: r puts it back for review.", "$warning"))
    lines += ["", Content.styled("Suggested criteria", "bold"), *suggestion_lines(suggestions)]
    if candidate.description.strip():
        lines += ["", plain(candidate.description.strip(), multiline=True)]
    if candidate.files:
        shown = [plain(f"• {path}") for path in candidate.files[:FILES_SHOWN]]
        more = candidate.file_count - len(shown)
        lines += ["", Content.styled(f"Files ({candidate.file_count:,})", "bold"), *shown]
        if more > 0:
            lines.append(Content.styled(f"and {more:,} more", "dim"))
    if candidate.links:
        lines += ["", Content.styled("Links", "bold"), *(plain(url) for url in candidate.links)]
    return lines


class InboxScreen(SectionScreen):
    """Candidates from capture: accept (edit first), dismiss, restore."""

    SECTION = "inbox"
    AUTO_FOCUS = "#inbox-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "accept",
            "Accept…",
            id="inbox.accept",
            tooltip="Make it evidence: the form opens with its suggested criteria ticked",
        ),
        Binding(
            "d",
            "dismiss_candidate",
            "Dismiss",
            id="inbox.dismiss",
            tooltip="Never propose it again",
        ),
        Binding("r", "restore", "Restore", id="inbox.restore", tooltip="Put it back for review"),
        Binding(
            "v",
            "toggle_view",
            "Dismissed",
            id="inbox.view",
            tooltip="Show the dismissed candidates (again: those waiting)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: CandidateStatus = "pending"
        self.candidates: list[Candidate] = []
        self.suggestions: dict[int, list[Suggestion]] = {}
        """The criteria each candidate most likely shows, by candidate number, once ranked."""
        self._ranked_version: int | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="section-body"):
            yield Static(id="inbox-summary")
            with Horizontal(id="inbox-main"):
                table: DataTable[str | Content] = DataTable(
                    id="inbox-table", cursor_type="row", zebra_stripes=True
                )
                yield table
                with VerticalScroll(id="inbox-detail", classes="box"):
                    yield HangingText(id="inbox-detail-text")

    def on_mount(self) -> None:
        self.query_one("#inbox-detail").border_title = "Detail"
        super().on_mount()

    # -- filling --------------------------------------------------------------------------

    def show_state(self, state: Snapshot) -> None:
        # The inbox is not part of the snapshot: read it when the portfolio changed.
        self.candidates = self.planner.store.candidates(self.view)
        self._fill()
        if state.data_version != self._ranked_version:
            self._ranked_version = state.data_version
            self.suggestions = {}
            self._rank(self.planner.store.candidates("pending")[:RANKED_AT_MOST])

    def on_resize(self) -> None:
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        table = self.query_one("#inbox-table", DataTable)
        current = self.highlighted()
        table.clear(columns=True)
        wide = self.size.width >= WIDE
        width = self.size.width - (DETAIL_WIDTH if wide else 0)
        # Two lines a candidate: what and when, then the criterion it most likely shows.
        work = max(16, width - 10 - 14 - 3 * 2 - 2)
        table.add_column("Date", width=10)
        table.add_column("Work · most likely shows", width=work)
        table.add_column("Size", width=14)
        for c in self.candidates:
            found = self.suggestions.get(c.id)
            if found:
                shows = Content.styled(cut(f"→ {found[0].criterion.title}", work), "$accent")
            else:
                shows = Content.styled("→ …" if found is None else "→ no criterion matches", "dim")
            commits = len(c.commits)
            table.add_row(
                Content.assemble(str(c.date), "\n", (c.kind, "dim")),
                Content.assemble(plain(cut(" ".join(visible(c.title).split()), work)), "\n", shows),
                Content.assemble(
                    f"+{c.added:,}/−{c.removed:,}" if c.file_count else "",
                    "\n",
                    (f"{commits} commit{'s' if commits != 1 else ''}", "dim"),
                ),
                key=str(c.id),
                height=2,
            )
        ids = [str(c.id) for c in self.candidates]
        if current is not None and str(current.id) in ids:
            table.move_cursor(row=ids.index(str(current.id)))
        self._show_summary()
        self._show_detail()
        self.refresh_bindings()

    def _show_summary(self) -> None:
        count = len(self.candidates)
        if self.view == "pending":
            said = f"{count} waiting for review" if count else "Nothing waits for review"
            keys = "enter accepts (edit first) · d dismisses · v shows dismissed"
        else:
            said = f"{count} dismissed"
            keys = "r puts one back · v shows those waiting"
        self.query_one("#inbox-summary", Static).update(
            Content.assemble((said, "bold"), "  ", (keys, "dim"))
        )

    def highlighted(self) -> Candidate | None:
        """The candidate under the cursor."""
        table = self.query_one("#inbox-table", DataTable)
        if not self.candidates or table.row_count == 0:
            return None
        row = min(table.cursor_row, len(self.candidates) - 1)
        return self.candidates[row]

    @on(DataTable.RowHighlighted, "#inbox-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#inbox-table")
    async def _selected(self) -> None:
        # Enter on a row (the table takes the key before the screen's binding) or a click.
        if self.check_action("accept", ()):
            await self.action_accept()

    def _show_detail(self) -> None:
        text = self.query_one("#inbox-detail-text", HangingText)
        candidate = self.highlighted()
        if candidate is None:
            text.update([Content.styled(EMPTY[self.view], "dim")])
            return
        text.update(detail_lines(candidate, self.suggestions.get(candidate.id)))

    # -- suggestions ----------------------------------------------------------------------

    @work(
        thread=True,
        exclusive=True,
        group="inbox-suggest",
        exit_on_error=False,
        description="suggestions for the inbox",
    )
    def _rank(self, candidates: list[Candidate]) -> None:
        from promo_planner.core.suggest import candidate_text, ranker_for

        if not candidates:
            return
        ranker = ranker_for(self.planner.store)
        ranked = {}
        for candidate in candidates:
            if get_current_worker().is_cancelled:
                return
            ranked[candidate.id] = ranker.rank(
                candidate.title, candidate_text(candidate), SUGGESTED
            )
        self.app.call_from_thread(self._ranked, ranked)

    def _ranked(self, ranked: dict[int, list[Suggestion]]) -> None:
        self.suggestions = ranked
        self._fill()

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"accept", "dismiss_candidate"}:
            return self.view == "pending" and self.highlighted() is not None
        if action == "restore":
            return self.view == "dismissed" and self.highlighted() is not None
        return True

    async def action_accept(self) -> None:
        """Open the evidence form on the highlighted candidate, its suggestions ticked."""
        from promo_planner.core.inbox import evidence_draft
        from promo_planner.core.records import CriterionLink
        from promo_planner.tui.dialogs.evidence_form import EvidenceForm

        candidate = self.highlighted()
        if candidate is None:
            return
        ticked = tuple(
            CriterionLink(s.criterion.id, "full") for s in self.suggestions.get(candidate.id, [])
        )
        form = EvidenceForm(draft=evidence_draft(candidate, ticked), candidate=candidate)
        await self.app.push_screen(form, self._accepted)

    def _accepted(self, evidence: Evidence | None) -> None:
        if evidence is not None:
            self.query_one("#inbox-table").focus()

    def action_dismiss_candidate(self) -> None:
        """Dismiss the highlighted candidate (ctrl+z or, in the dismissed view, r undoes)."""
        candidate = self.highlighted()
        if candidate is None:
            return
        cid = candidate.id
        self.planner.write(
            lambda store: store.dismiss_candidate(cid),
            done=f"Dismissed “{cut(visible(candidate.title), 60)}”.",
            undo=lambda _: lambda store: store.restore_candidate(cid),
        )

    def action_restore(self) -> None:
        """Put the highlighted dismissed candidate back for review."""
        candidate = self.highlighted()
        if candidate is None:
            return
        cid = candidate.id
        self.planner.write(
            lambda store: store.restore_candidate(cid),
            done=f"Put “{cut(visible(candidate.title), 60)}” back for review.",
            undo=lambda _: lambda store: store.dismiss_candidate(cid),
        )

    def action_toggle_view(self) -> None:
        """Show the dismissed candidates, or those waiting for review."""
        self.view = "dismissed" if self.view == "pending" else "pending"
        self.candidates = self.planner.store.candidates(self.view)
        self.query_one("#inbox-table", DataTable).move_cursor(row=0)
        self._fill()
