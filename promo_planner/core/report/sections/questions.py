"""The open questions for the 1:1, each with what the plan says, my answer and my manager's;
then my 1:1 notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from promo_planner.core.planner import next_steps
from promo_planner.core.records import QUESTIONS, Note
from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report.facts import Facts, Gap
from promo_planner.core.report.section import Section
from promo_planner.core.report.words import plural

TITLE = "Open questions for the 1:1"
TOP_GAPS = 5
"""How many gaps "what do I lack" names before counting the rest."""


@dataclass(frozen=True)
class Question:
    """An open question: prefilled from the plan, answered by me and by my manager."""

    key: str
    text: str
    prefill: tuple[str, ...]
    answer: str
    manager_answer: str


@dataclass(frozen=True)
class Questions(Section):
    """The four questions and the notes."""

    KEY = "questions"

    questions: tuple[Question, ...]
    notes: tuple[Note, ...]

    @classmethod
    def of(cls, facts: Facts) -> Questions:
        """The questions with the facts' answers and prefills."""
        prefills = {"lack": _lack(facts.gaps), "risks": _risks(facts)}
        return cls(
            tuple(
                Question(
                    key,
                    text,
                    tuple(prefills.get(key, ())),
                    facts.answers.get(key, ""),
                    facts.manager_answers.get(key, ""),
                )
                for key, text in QUESTIONS
            ),
            facts.notes,
        )

    def markdown(self) -> list[str]:
        """A heading per question; what the plan says, my answer, my manager's; the notes."""
        lines = [f"## {TITLE}", ""]
        for i, q in enumerate(self.questions, 1):
            lines += [f"### {i}. {m.inline(q.text)}", ""]
            if q.prefill:
                lines += ["From the plan:", ""]
                lines += [m.item("- ", item, limit=600) for item in q.prefill]
                lines.append("")
            for label, answer in (
                ("My answer", q.answer),
                ("My manager's answer", q.manager_answer),
            ):
                if answer.strip():
                    lines += [f"{label}:", "", m.block(answer), ""]
            if not q.answer.strip() and not q.manager_answer.strip():
                lines += ["*No answer written yet.*", ""]
        if self.notes:
            lines += ["### My 1:1 notes", ""]
            for note in self.notes:
                lines += [f"- **{note.date.isoformat()}:**", m.block(note.text, indent="  ")]
            lines.append("")
        return lines[:-1] if lines[-1] == "" else lines

    def html(self) -> str:
        """A box per question; the notes under them."""
        parts = []
        for i, q in enumerate(self.questions, 1):
            parts.append(f'<div class="question"><h3>{i}. {h.esc(q.text)}</h3>')
            if q.prefill:
                items = "".join(f"<li>{h.esc(item)}</li>" for item in q.prefill)
                parts.append(f'<p class="muted">From the plan:</p><ul class="plain">{items}</ul>')
            for label, answer, cls in (
                ("My answer", q.answer, "answer"),
                ("My manager's answer", q.manager_answer, "answer manager"),
            ):
                if answer.strip():
                    parts.append(
                        f'<p class="label-small">{label}:</p>'
                        f'<div class="{cls} text">{h.esc(answer.strip())}</div>'
                    )
            if not q.answer.strip() and not q.manager_answer.strip():
                parts.append(h.empty("No answer written yet."))
            parts.append("</div>")
        if self.notes:
            items = "".join(
                f'<li><strong>{n.date.isoformat()}</strong> <div class="text">'
                f"{h.esc(n.text.strip())}</div></li>"
                for n in self.notes
            )
            parts.append(f'<h3>My 1:1 notes</h3><ul class="plain">{items}</ul>')
        return h.section(self.KEY, TITLE, "".join(parts))

    def to_json(self) -> dict[str, Any]:
        """``questions`` and ``notes``."""
        return {
            "questions": [
                {
                    "key": q.key,
                    "question": q.text,
                    "prefill": list(q.prefill),
                    "answer": q.answer,
                    "manager_answer": q.manager_answer,
                }
                for q in self.questions
            ],
            "notes": [{"id": n.id, "date": n.date.isoformat(), "text": n.text} for n in self.notes],
        }


def _lack(gaps: Sequence[Gap]) -> list[str]:
    if not gaps:
        return ["Nothing on the ladder: every required criterion is met."]
    top = [f"{g.title} ({g.area_name}): {g.still_needs}." for g in gaps[:TOP_GAPS]]
    if len(gaps) > TOP_GAPS:
        top.append(f"… and {plural(len(gaps) - TOP_GAPS, 'more gap')}.")
    return top


def _risks(facts: Facts) -> list[str]:
    path, today = facts.path, facts.today
    risks = []
    if not path.feasible:
        # The path's own verdict: how late, what capacity would make it, the earliest date.
        risks.append(f"The path does not fit. {next_steps(path)[-1]}")
    for g in facts.gaps:
        if not g.on_path:
            continue
        reasons = []
        if g.needs_opportunity:
            reasons.append("needs an opportunity someone must grant")
        if g.slack_days is not None and g.slack_days <= 0:
            if g.slack_days == 0:
                reasons.append("no slack: any delay moves the date")
            else:
                reasons.append(
                    f"it starts {plural(-g.slack_days, 'day')} after its last safe start"
                )
        if reasons:
            risks.append(f"{g.title}: {'; '.join(reasons)}{_start(g.start, today)}.")
    return risks


def _start(start: dt.date | None, today: dt.date) -> str:
    if start is None:
        return ""
    if start == today:
        return " (the plan starts it today)"
    return f" (the plan starts it on {start.isoformat()})"
