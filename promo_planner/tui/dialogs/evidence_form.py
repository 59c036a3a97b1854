"""Add or edit one piece of evidence: a scrollable form that fits 80x24.

Validation is inline: each problem is shown beside its field and nothing typed is ever thrown
away. The field rules are the store's own (``core.input_rules``), so the form cannot accept
what the store would refuse; the form only adds what is about typing (a real date, web links).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from promo_planner.core.input_rules import clean_draft, draft_problems, link_problem
from promo_planner.core.records import CriterionLink, Evidence, EvidenceDraft, read_date
from promo_planner.core.visible import visible
from promo_planner.tui.dialogs.base import Dialog
from promo_planner.tui.dialogs.confirm import ConfirmDialog
from promo_planner.tui.widgets.button_row import ButtonRow
from promo_planner.tui.widgets.criteria_picker import CriteriaPicker

if TYPE_CHECKING:
    from promo_planner.core.guideline import Guideline
    from promo_planner.tui.planner import Planner

KINDS: tuple[str, ...] = (
    "project",
    "incident",
    "review",
    "mentoring",
    "design",
    "talk",
    "hiring",
    "other",
)
FIELDS: tuple[str, ...] = ("title", "date", "kind", "description", "impact", "links", "tags")


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """``(date, None)`` for a real YYYY-MM-DD date, else ``(None, message)``."""
    text = text.strip()
    if not text:
        return None, "a date is needed (YYYY-MM-DD)"
    value, problem = read_date(text)
    return (value, None) if value is not None else (None, problem)


def split_lines(text: str) -> tuple[str, ...]:
    """Non-blank lines, stripped: one data point or link per line."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def split_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags, stripped, blanks and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for tag in text.split(","):
        if tag.strip():
            seen.setdefault(tag.strip(), None)
    return tuple(seen)


@dataclass(frozen=True)
class Typed:
    """What the form's fields hold, as typed (to tell whether anything changed)."""

    title: str
    date: str
    kind: str
    description: str
    impact: str
    links: str
    tags: str
    criteria: tuple[CriterionLink, ...]


class EvidenceForm(Dialog["Evidence | None"]):
    """New evidence, or ``evidence`` to edit; dismisses with the saved Evidence or None."""

    CSS_PATH = "evidence_form.tcss"
    AUTO_FOCUS = "#ev-title"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="evidence_form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="evidence_form.cancel"),
    ]

    def __init__(
        self,
        evidence: Evidence | None = None,
        preset_criteria: list[CriterionLink] | None = None,
    ) -> None:
        super().__init__()
        self.evidence = evidence
        self._preset = tuple(evidence.criteria if evidence else preset_criteria or ())
        self._initial: Typed | None = None
        self._tried = False
        """After a refused save, fields re-check as they change so messages clear when fixed."""

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

    def compose(self) -> ComposeResult:
        evidence = self.evidence
        today = self.planner.today
        kinds = list(KINDS)
        if evidence is not None and evidence.kind and evidence.kind not in kinds:
            kinds.append(evidence.kind)  # an imported kind must survive an edit
        guideline, target, statuses = self._guideline()
        heading = f"Edit evidence #{evidence.id}" if evidence else "New evidence"
        with Vertical(id="form-box"):
            yield Label(heading, id="form-heading")
            # The fields take the focus, not the scrolling box around them (it follows them).
            with VerticalScroll(id="form-fields") as fields:
                fields.can_focus = False
                yield line_row("title", evidence.title if evidence else "", "What did you do?")
                yield line_row(
                    "date", (evidence.date if evidence else today).isoformat(), "YYYY-MM-DD"
                )
                yield field_row(
                    "Kind",
                    "kind",
                    Select(
                        [(kind, kind) for kind in kinds],
                        prompt="(none)",
                        value=evidence.kind if evidence and evidence.kind else Select.NULL,
                        id="ev-kind",
                        compact=True,
                    ),
                )
                yield text_row(
                    "description",
                    evidence.description if evidence else "",
                    "What you did, why it mattered, how it went",
                )
                yield text_row(
                    "impact",
                    "\n".join(evidence.impact) if evidence else "",
                    "One data point per line, e.g. p95 latency down 40%",
                )
                yield text_row(
                    "links",
                    "\n".join(evidence.links) if evidence else "",
                    "One per line: https://… or mailto:…",
                )
                yield line_row(
                    "tags", ", ".join(evidence.tags) if evidence else "", "comma, separated"
                )
                yield field_row(
                    "Criteria",
                    "criteria",
                    CriteriaPicker(
                        guideline,
                        target_level=target,
                        chosen=self._preset,
                        statuses=statuses,
                        id="ev-criteria",
                    ),
                    hint="space: none→full→partial · f full · p partial · x unlink",
                )
            yield Static("", id="form-error", markup=False)
            with ButtonRow(id="form-buttons"):
                yield Button("Save  ctrl+s", id="form-save", variant="primary", compact=True)
                yield Button("Cancel  esc", id="form-cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._initial = self.typed()

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
        draft = clean_draft(
            EvidenceDraft(
                title=typed.title,
                date=date or self.planner.today,
                description=typed.description,
                impact=split_lines(typed.impact),
                links=links,
                tags=split_tags(typed.tags),
                kind=typed.kind,
                criteria=typed.criteria,
            )
        )
        for where, message in draft_problems(draft, today=self.planner.today):
            field = where.split("[")[0].split(".")[0]
            if field == "links" and "links" in problems:
                continue  # already said, with line numbers
            problems.setdefault(field, []).append(message)
        return (None if problems else draft), problems

    def _show(self, problems: dict[str, list[str]]) -> None:
        for field in (*FIELDS, "criteria"):
            message = "\n".join(problems.get(field, []))
            row = self.query_one(f"#row-{field}", Horizontal)
            error = row.query_one(".field-error", Static)
            error.update(message)
            error.display = bool(message)
            row.set_class(bool(message), "-invalid")

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
            self._focus_field(first)
            return
        today = self.planner.today
        before = self.evidence
        if before is None:
            saved = self.planner.write(
                lambda store: store.add_evidence(draft, today=today),
                done=f"Added “{visible(draft.title)}”.",
                undo=lambda added: lambda store: store.remove_evidence(added.id),
                on_error=lambda lines: error.update("Not saved: " + "; ".join(lines)),
            )
        else:
            saved = self.planner.write(
                lambda store: store.update_evidence(before.id, draft, today=today),
                done=f"Saved “{visible(draft.title)}”.",
                undo=lambda _: lambda store: store.update_evidence(before.id, before),
                on_error=lambda lines: error.update("Not saved: " + "; ".join(lines)),
            )
        if saved is not None:
            self.dismiss(saved)

    def _focus_field(self, field: str) -> None:
        widget = self.query_one(f"#ev-{field}", Widget)
        target = widget.query_one(Input) if isinstance(widget, CriteriaPicker) else widget
        target.focus()
        self.query_one(f"#row-{field}").scroll_visible(animate=False)

    def unsaved_text(self) -> str | None:
        """The evidence being typed, when anything was typed (quitting asks first)."""
        if not self.changed:
            return None
        return "the changes to this evidence" if self.evidence else "the new evidence being typed"

    def action_cancel(self) -> None:
        """Close; when something was typed, ask before throwing it away."""
        if not self.changed:
            self.dismiss(None)
            return
        what = "changes" if self.evidence else "new evidence"

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

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(CriteriaPicker.Changed)
    def _recheck(self) -> None:
        if self._tried:
            _, problems = self._problems(self.typed())
            self._show(problems)
            if not problems:
                self.query_one("#form-error", Static).update("")


def field_row(label: str, field: str, widget: Widget, hint: str = "") -> Horizontal:
    """A label, then the field with its hint and (hidden until needed) its error below it."""
    column = [widget]
    if hint:
        column.append(Static(hint, classes="field-hint", markup=False))
    column.append(Static("", classes="field-error", markup=False))
    return Horizontal(
        Label(label, classes="field-label"),
        Vertical(*column, classes="field-column"),
        id=f"row-{field}",
        classes="field-row",
    )


def line_row(field: str, value: str, placeholder: str) -> Horizontal:
    """A one-line text field, labelled with its name."""
    widget = Input(value, placeholder=placeholder, id=f"ev-{field}", compact=True)
    return field_row(field.capitalize(), field, widget)


def text_row(field: str, value: str, placeholder: str) -> Horizontal:
    """A multi-line text field (soft-wrapped; tab moves on), labelled with its name."""
    widget = TextArea(
        value,
        id=f"ev-{field}",
        placeholder=placeholder,
        compact=True,
        soft_wrap=True,
        tab_behavior="focus",
    )
    return field_row(field.capitalize(), field, widget)
