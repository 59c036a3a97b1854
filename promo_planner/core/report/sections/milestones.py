"""The path: what to do now, in the plan's own words, and its milestones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from promo_planner.core.planner import PathPlan, next_steps, path_document
from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report.facts import Facts
from promo_planner.core.report.section import Section

TITLE = "The path"


@dataclass(frozen=True)
class Milestones(Section):
    """The next steps and the dated checkpoints to the promotion decision."""

    KEY = "path"

    path: PathPlan
    titles: dict[str, str]

    @classmethod
    def of(cls, facts: Facts) -> Milestones:
        """The path of the facts."""
        ids = {cid for milestone in facts.path.milestones for cid in milestone.criteria}
        return cls(facts.path, {cid: facts.title_of(cid) for cid in ids})

    def markdown(self) -> list[str]:
        """The steps as a list, the milestones as a table."""
        lines = [f"## {TITLE}", ""]
        lines += [m.item("- ", step) for step in next_steps(self.path)]
        lines.append("")
        if not self.path.milestones:
            return [*lines, "No milestones."]
        rows = []
        for milestone in self.path.milestones:
            closes = ", ".join(m.cell(self.titles.get(c, c), 80) for c in milestone.criteria)
            rows.append([milestone.date.isoformat(), m.cell(milestone.title), closes or " "])
        return lines + m.table(["Date", "Milestone", "Closes"], rows)

    def html(self) -> str:
        """The steps as a list, the milestones as a table."""
        steps = "".join(f"<li>{h.esc(step)}</li>" for step in next_steps(self.path))
        body = f'<ul class="plain">{steps}</ul>'
        if not self.path.milestones:
            return h.section(self.KEY, TITLE, body + h.empty("No milestones."))
        rows = [
            f"<tr><td class='date'>{mi.date.isoformat()}</td><td>{h.esc(mi.title)}</td>"
            f"<td>{'<br>'.join(h.esc(self.titles.get(c, c)) for c in mi.criteria)}</td></tr>"
            for mi in self.path.milestones
        ]
        body += h.table([("Date", ""), ("Milestone", ""), ("Closes", "")], rows)
        return h.section(self.KEY, TITLE, body)

    def to_json(self) -> dict[str, Any]:
        """``path``: the ``path --json`` document."""
        return {"path": path_document(self.path)}
