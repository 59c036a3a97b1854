"""The health check: my 👍/👎 and my manager's on each criterion of the target level,
disagreements first, then the criteria to rate again, then those my manager has not rated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report import words
from promo_planner.core.report.facts import Facts
from promo_planner.core.report.health import HealthRow
from promo_planner.core.report.section import Section

TITLE = "Health check"


def agreement_words(row: HealthRow) -> str:
    """``disagree``, ``agree``, … with ``rate again`` when new evidence waits."""
    text = words.AGREEMENT_WORDS[row.agreement]
    return f"{text}; rate again: new evidence" if row.rerate else text


@dataclass(frozen=True)
class HealthCheck(Section):
    """Both sides' ratings, one row per criterion."""

    KEY = "health"

    rows: tuple[HealthRow, ...]

    @classmethod
    def of(cls, facts: Facts) -> HealthCheck:
        """The facts' health check."""
        return cls(facts.health)

    def rated(self) -> list[HealthRow]:
        """The rows either of us rated, in order (disagreements first)."""
        return [row for row in self.rows if row.agreement != "unrated"]

    def unrated(self) -> list[HealthRow]:
        """The criteria neither of us rated yet: listed by title after the table."""
        return [row for row in self.rows if row.agreement == "unrated"]

    def unrated_words(self) -> str:
        """``Not rated by either of us yet (12): A; B; …``."""
        return f"Not rated by either of us yet ({len(self.unrated())}): "

    def markdown(self) -> list[str]:
        """A table: criterion, me, manager, agreement, notes."""
        lines = [f"## {TITLE}", ""]
        if not self.rows:
            return [*lines, "The target level requires nothing to rate."]
        rows = []
        for row in self.rated():
            notes = []
            if row.self_note.strip():
                notes.append(f"me: {row.self_note}")
            if row.manager_note.strip():
                notes.append(f"manager: {row.manager_note}")
            rows.append(
                [
                    f"{m.cell(row.title)} ({m.code(row.criterion_id)})",
                    words.thumb(row.self_value),
                    words.thumb(row.manager_value),
                    agreement_words(row),
                    m.cell("; ".join(notes), 240),
                ]
            )
        if rows:
            lines += m.table(["Criterion", "Me", "Manager", "Agreement", "Notes"], rows)
        unrated = self.unrated()
        if unrated:
            if rows:
                lines.append("")
            titles = "; ".join(f"{r.title} ({r.criterion_id})" for r in unrated)
            lines.append(m.item("", self.unrated_words() + titles, indent=""))
        return lines

    def html(self) -> str:
        """A table; a disagreement's row is marked."""
        if not self.rows:
            return h.section(self.KEY, TITLE, h.empty("The target level requires nothing to rate."))
        rows = []
        for row in self.rated():
            notes = []
            if row.self_note.strip():
                notes.append(f"<div><strong>Me:</strong> {h.esc(row.self_note)}</div>")
            if row.manager_note.strip():
                notes.append(f"<div><strong>Manager:</strong> {h.esc(row.manager_note)}</div>")
            rows.append(
                f'<tr class="{row.agreement}"><td>{h.esc(row.title)}<br>'
                f"{h.ident(row.criterion_id)}</td>"
                f"<td class='thumb'>{h.thumb(row.self_value)}</td>"
                f"<td class='thumb'>{h.thumb(row.manager_value)}</td>"
                f"<td>{h.esc(agreement_words(row))}</td>"
                f"<td class='long'>{''.join(notes)}</td></tr>"
            )
        header = [("Criterion", ""), ("Me", ""), ("Manager", ""), ("Agreement", ""), ("Notes", "")]
        body = h.table(header, rows) if rows else ""
        unrated = self.unrated()
        if unrated:
            titles = "; ".join(f"{h.esc(r.title)} {h.ident(r.criterion_id)}" for r in unrated)
            body += f'<p class="muted">{h.esc(self.unrated_words())}{titles}</p>'
        return h.section(self.KEY, TITLE, body)

    def to_json(self) -> dict[str, Any]:
        """``health_check``: a list, disagreements first."""
        return {
            "health_check": [
                {
                    "criterion": row.criterion_id,
                    "title": row.title,
                    "agreement": row.agreement,
                    "rerate": row.rerate,
                    "self": row.self_value,
                    "manager": row.manager_value,
                    "self_note": row.self_note,
                    "manager_note": row.manager_note,
                    "self_on": row.self_on.isoformat() if row.self_on else None,
                    "manager_on": row.manager_on.isoformat() if row.manager_on else None,
                }
                for row in self.rows
            ]
        }
