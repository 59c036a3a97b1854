"""Add, edit or accept (from the inbox) one piece of evidence: a form that fits 80×24, criteria
picker included, with criteria suggested from what is typed.

Validation is inline: each problem is shown beside its field and nothing typed is ever thrown
away. The field rules are the store's own (``core.input_rules``), so the form cannot accept
what the store would refuse; the form only adds what is about typing (a real date, web links).

Suggestions come from ``core.suggest``: its ranker (bm25s, numpy) is built in a thread once
the form is up, never while it opens, and re-ranks what is typed after a pause in typing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from promo_planner.core.input_rules import clean_draft, draft_problems, link_problem
from promo_planner.core.records import CriterionLink, Evidence, EvidenceDraft
from promo_planner.core.visible import visible
from promo_planner.tui.dialogs.base import Dialog
from promo_planner.tui.dialogs.confirm import ConfirmDialog
from promo_planner.tui.dialogs.evidence_fields import (
    FIELDS,
    KINDS,
    Typed,
    error_line,
    field_row,
    inline_label,
    line_input,
    parse_date,
    split_lines,
    split_tags,
    text_row,
)
from promo_planner.tui.widgets.button_row import ButtonRow
from promo_planner.tui.widgets.criteria_picker import CriteriaPicker
from promo_planner.tui.widgets.footer import Footer
from promo_planner.tui.widgets.suggested import SUGGESTED, SuggestedLine

if TYPE_CHECKING:
    from promo_planner.core.guideline import Guideline
    from promo_planner.core.inbox import Candidate
    from promo_planner.core.snapshot import Snapshot
    from promo_planner.core.suggest import CriterionRanker, Suggestion
    from promo_planner.tui.planner import Planner

RANK_DELAY = 0.3
"""Seconds of quiet typing before the suggestions are ranked again."""
RANKER_DELAY = 0.25
"""Seconds the form is up before its ranker loads (what is typed meanwhile is ranked then)."""


class EvidenceForm(Dialog["Evidence | None"]):
    """New evidence, ``evidence`` to edit, or a ``candidate`` of the inbox to accept (its
    ``draft`` prefilled); dismisses with the saved Evidence or None."""

    # Styles: dialogs/evidence_form.tcss, loaded with the app's (see PromoPlannerApp.CSS_PATH).
    AUTO_FOCUS = "#ev-title"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="evidence_form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="evidence_form.cancel"),
        # alt+N works while typing (it types nothing: a priority binding); a plain N once
        # escape has left the field (a field types it, before any plain binding sees it).
        *(
            Binding(
                f"alt+{n}",
                f"tick({n - 1})",
                f"Tick suggestion {n}",
                id=f"evidence_form.alt_tick{n}",
                show=False,
                priority=True,
            )
            for n in range(1, SUGGESTED + 1)
        ),
        *(
            Binding(
                str(n),
                f"tick({n - 1})",
                f"Tick suggestion {n}",
                id=f"evidence_form.tick{n}",
                show=False,
            )
            for n in range(1, SUGGESTED + 1)
        ),
    ]

    def __init__(
        self,
        evidence: Evidence | None = None,
        preset_criteria: list[CriterionLink] | None = None,
        *,
        draft: EvidenceDraft | None = None,
        candidate: Candidate | None = None,
    ) -> None:
        super().__init__()
        self.evidence = evidence
        self.candidate = candidate
        self._start: EvidenceDraft | None = evidence or draft
        self._preset = tuple(self._start.criteria if self._start else preset_criteria or ())
        self._initial: Typed | None = None
        self._tried = False
        """After a refused save, fields re-check as they change so messages clear when fixed."""
        self._ranker: CriterionRanker | None = None
        self._ranker_asked = False
        self._rank_timer: Timer | None = None
        self.suggestions: list[Suggestion] = []
        """What the ranker suggests for what is typed now, best first."""

    @property
    def planner(self) -> Planner:
        """The app, typed."""
        return cast("Planner", self.app)

    # -- layout --------------------------------------------------------------------------

    def _guideline(self) -> tuple[Guideline, str | None, Mapping[str, str]]:
        state = self.planner.state
        if state is not None:
            statuses = {cp.criterion.id: cp.status for cp in state.assessment.criteria}
            return state.guideline, state.plan.target_level, statuses
        plan = self.planner.store.plan()
        return self.planner.store.guideline(), plan.target_level if plan else None, {}

    def _heading(self) -> str:
        if self.candidate is not None:
            return f"Accept from the inbox: #{self.candidate.id} ({self.candidate.kind})"
        return f"Edit evidence #{self.evidence.id}" if self.evidence else "New evidence"

    def compose(self) -> ComposeResult:
        start = self._start
        kinds = list(KINDS)
        if start is not None and start.kind and start.kind not in kinds:
            kinds.append(start.kind)  # an imported kind must survive an edit
        guideline, target, statuses = self._guideline()
        with Vertical(id="form-box"):
            yield Label(self._heading(), id="form-heading")
            with Vertical(id="form-fields"):
                yield field_row(
                    "Title",
                    "title",
                    line_input("title", start.title if start else "", "What did you do?"),
                )
                # Date, kind and tags share a line: at 80×24 the criteria need the room.
                with Horizontal(id="row-when", classes="field-row"):
                    yield Label("Date", classes="field-label")
                    with Vertical(classes="field-column"):
                        with Horizontal(id="when-fields"):
                            yield line_input(
                                "date",
                                (start.date if start else self.planner.today).isoformat(),
                                "YYYY-MM-DD",
                            )
                            yield inline_label("Kind")
                            yield Select(
                                [(kind, kind) for kind in kinds],
                                prompt="(none)",
                                value=start.kind if start and start.kind else Select.NULL,
                                id="ev-kind",
                                compact=True,
                            )
                            yield inline_label("Tags")
                            yield line_input(
                                "tags", ", ".join(start.tags) if start else "", "comma, separated"
                            )
                        for field in ("date", "kind", "tags"):
                            yield error_line(field)
                yield text_row(
                    "description",
                    start.description if start else "",
                    "What you did, why it mattered, how it went",
                )
                yield text_row(
                    "impact",
                    "\n".join(start.impact) if start else "",
                    "One data point per line, e.g. p95 latency down 40%",
                )
                yield text_row(
                    "links",
                    "\n".join(start.links) if start else "",
                    "One per line: https://… or mailto:…",
                )
                picker = CriteriaPicker(
                    guideline,
                    target_level=target,
                    chosen=self._preset,
                    statuses=statuses,
                    id="ev-criteria",
                )
                yield field_row("Criteria", "criteria", SuggestedLine(id="ev-suggested"), picker)
            yield Static("", id="form-error", markup=False)
            with ButtonRow(id="form-buttons"):
                save = "Accept  ctrl+s" if self.candidate else "Save  ctrl+s"
                yield Button(save, id="form-save", variant="primary", compact=True)
                yield Button("Cancel  esc", id="form-cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if not self.query("#ev-kind"):
            return  # pruned while it mounted (a spare form dropped, the app quitting)
        self._initial = self.typed()
        self.query_one("#form-error").display = False

    def on_screen_resume(self) -> None:
        # Shown (a spare form is built out of sight, ahead of time: see the app's
        # ``spare_form``). The form is drawn and ready for typing first; the ranker (the one
        # the app keeps for this moment of the portfolio, else a new one) loads once the form
        # has been up a moment: building it in a thread at once would slow the first frames.
        if self._ranker is None and not self._ranker_asked:
            self._ranker_asked = True
            leave_out = self.evidence.id if self.evidence else None
            moment = self.planner.state
            self.set_timer(RANKER_DELAY, lambda: self._load_ranker(moment, leave_out))

    # -- reading the fields --------------------------------------------------------------

    def typed(self) -> Typed:
        """The fields as they stand."""
        kind = self.query_one("#ev-kind", Select).value
        return Typed(
            title=self.query_one("#ev-title", Input).value,
            date=self.query_one("#ev-date", Input).value,
            kind=kind if isinstance(kind, str) else "",
            description=self.query_one("#ev-description", TextArea).text,
            impact=self.query_one("#ev-impact", TextArea).text,
            links=self.query_one("#ev-links", TextArea).text,
            tags=self.query_one("#ev-tags", Input).value,
            criteria=self.query_one(CriteriaPicker).chosen,
        )

    @property
    def changed(self) -> bool:
        """True when anything differs from what the form opened with."""
        return self._initial is not None and self.typed() != self._initial

    def _problems(self, typed: Typed) -> tuple[EvidenceDraft | None, dict[str, list[str]]]:
        """The draft and the problems per field (empty when the draft can be saved)."""
        problems: dict[str, list[str]] = {}
        date, date_problem = parse_date(typed.date)
        if date_problem:
            problems.setdefault("date", []).append(date_problem)
        links = split_lines(typed.links)
        for number, url in enumerate(links, start=1):
            problem = link_problem(url)
            if problem:
                problems.setdefault("links", []).append(f"line {number}: {problem}")
        draft = self._draft(typed, date)
        for where, message in draft_problems(draft, today=self.planner.today):
            field = where.split("[")[0].split(".")[0]
            if field == "links" and "links" in problems:
                continue  # already said, with line numbers
            problems.setdefault(field, []).append(message)
        return (None if problems else draft), problems

    def _draft(self, typed: Typed, date: object = None) -> EvidenceDraft:
        return clean_draft(
            EvidenceDraft(
                title=typed.title,
                date=date or self.planner.today,  # type: ignore[arg-type]
                description=typed.description,
                impact=split_lines(typed.impact),
                links=split_lines(typed.links),
                tags=split_tags(typed.tags),
                kind=typed.kind,
                criteria=typed.criteria,
            )
        )

    def _show(self, problems: dict[str, list[str]]) -> None:
        for field in (*FIELDS, "criteria"):
            message = "\n".join(problems.get(field, []))
            error = self.query_one(f"#error-{field}", Static)
            error.update(message)
            error.display = bool(message)
        for row in self.query(".field-row"):
            row.set_class(any(e.display for e in row.query(".field-error")), "-invalid")

    # -- suggestions ---------------------------------------------------------------------

    @work(
        thread=True,
        exclusive=True,
        group="evidence-form-ranker",
        exit_on_error=False,
        description="the evidence form's ranker",
    )
    def _load_ranker(self, moment: Snapshot | None, leave_out: int | None) -> None:
        ranker = self.planner.ranker(moment, leave_out)
        self.app.call_from_thread(self._ranker_loaded, ranker)

    def _ranker_loaded(self, ranker: CriterionRanker) -> None:
        self._ranker = ranker
        self._rank()

    @on(Input.Changed, "#ev-title, #ev-tags")
    @on(TextArea.Changed, "#ev-description, #ev-impact")
    def _typed_words(self) -> None:
        if self._ranker is None:
            return
        if self._rank_timer is not None:
            self._rank_timer.stop()
        self._rank_timer = self.set_timer(RANK_DELAY, self._rank)

    def _rank(self) -> None:
        from promo_planner.core.suggest import evidence_text

        ranker = self._ranker
        if ranker is None:
            return
        draft = self._draft(self.typed())
        self.suggestions = ranker.rank(draft.title, evidence_text(draft), SUGGESTED)
        self._show_suggestions()

    def _show_suggestions(self) -> None:
        chosen = {link.criterion_id for link in self.query_one(CriteriaPicker).chosen}
        self.query_one(SuggestedLine).show(self.suggestions, chosen)

    def action_tick(self, index: int) -> None:
        """Tick (or untick) suggestion ``index``: linked in full, or unlinked again."""
        if index >= len(self.suggestions):
            return
        picker = self.query_one(CriteriaPicker)
        criterion_id = self.suggestions[index].criterion.id
        picker.set_strength(criterion_id, None if picker.strength(criterion_id) else "full")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tick":
            return bool(self.suggestions)
        return True

    # -- actions -------------------------------------------------------------------------

    def action_save(self) -> None:
        """Validate inline; when all is well, write through the store and close."""
        self._tried = True
        draft, problems = self._problems(self.typed())
        self._show(problems)
        error = self.query_one("#form-error", Static)
        if draft is None:
            first = next(f for f in (*FIELDS, "criteria") if f in problems)
            error.update(f"Not saved: fix the {'fields' if len(problems) > 1 else first} marked.")
            error.display = True
            self._focus_field(first)
            return
        saved = self._write(draft, lambda lines: error.update("Not saved: " + "; ".join(lines)))
        if saved is not None:
            self.dismiss(saved)
        else:
            error.display = True

    def _write(
        self, draft: EvidenceDraft, on_error: Callable[[list[str]], None]
    ) -> Evidence | None:
        today = self.planner.today
        title = visible(draft.title)
        before, candidate = self.evidence, self.candidate
        if candidate is not None:
            return self.planner.write(
                lambda store: store.accept_candidate(candidate.id, draft, today=today),
                done=f"Accepted “{title}” from the inbox as evidence.",
                undo=lambda _: lambda store: store.return_candidate(candidate.id),
                on_error=on_error,
                then=lambda snapshot, item: snapshot.with_evidence(item),
            )
        if before is None:
            return self.planner.write(
                lambda store: store.add_evidence(draft, today=today),
                done=f"Added “{title}”.",
                undo=lambda added: lambda store: store.remove_evidence(added.id),
                on_error=on_error,
                then=lambda snapshot, item: snapshot.with_evidence(item),
            )
        return self.planner.write(
            lambda store: store.update_evidence(before.id, draft, today=today),
            done=f"Saved “{title}”.",
            undo=lambda _: lambda store: store.update_evidence(before.id, before),
            on_error=on_error,
            then=lambda snapshot, item: snapshot.with_evidence(item),
        )

    def _focus_field(self, field: str) -> None:
        widget = self.query_one(f"#ev-{field}", Widget)
        target = widget.query_one(Input) if isinstance(widget, CriteriaPicker) else widget
        self.set_focus(target)

    def unsaved_text(self) -> str | None:
        """The evidence being typed, when anything was typed (quitting asks first)."""
        if not self.changed:
            return None
        if self.candidate is not None:
            return "the changes to the inbox item being accepted"
        return "the changes to this evidence" if self.evidence else "the new evidence being typed"

    def action_cancel(self) -> None:
        """Close; when something was typed, ask before throwing it away."""
        if not self.changed:
            self.dismiss(None)
            return
        what = "new evidence" if self.evidence is None and self.candidate is None else "changes"
        left = self.left_field

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            elif left is not None and left.is_attached:
                self.set_focus(left)  # keep typing where the typing was

        self.app.push_screen(
            ConfirmDialog(f"Discard the {what}?", yes="Discard", no="Keep"), answered
        )

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(CriteriaPicker.Changed)
    def _ticked(self) -> None:
        self._show_suggestions()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(CriteriaPicker.Changed)
    def _recheck(self) -> None:
        if self._tried:
            _, problems = self._problems(self.typed())
            self._show(problems)
            if not problems:
                self.query_one("#form-error", Static).display = False
