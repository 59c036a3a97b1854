"""What remains: every gap stated plainly, with what it needs and when the plan closes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report.facts import Facts, Gap
from promo_planner.core.report.section import Section

TITLE = "What remains"


@dataclass(frozen=True)
class Remaining(Section):
    """The gaps, in plan order."""

    KEY = "remaining"

    gaps: tuple[Gap, ...]

    @classmethod
    def of(cls, facts: Facts) -> Remaining:
        """The facts' gaps."""
        return cls(facts.gaps)

    @staticmethod
    def words_of(g: Gap) -> str:
        """``Leads multi-team projects (Impact) is missing: it needs 1 more full piece of
        evidence; the plan closes it by 2027-03-01.``"""
        text = f"{g.title} ({g.area_name}) is {g.status}: it needs {g.still_needs}"
        if g.finish is not None:
            text += f"; the plan closes it by {g.finish}"
        elif not g.on_path:
            text += "; not needed to reach the threshold"
        if g.needs_opportunity:
            text += "; it needs an opportunity (a project, a role) to show it"
        return text + "."

    def markdown(self) -> list[str]:
        """A list."""
        lines = [f"## {TITLE}", ""]
        if not self.gaps:
            return [*lines, "Nothing: every criterion of the target level is met."]
        return lines + [f"- {m.inline(self.words_of(g))}" for g in self.gaps]

    def html(self) -> str:
        """A list."""
        if not self.gaps:
            return h.section(
                self.KEY, TITLE, h.empty("Nothing: every criterion of the target level is met.")
            )
        items = "".join(f"<li>{h.esc(self.words_of(g))}</li>" for g in self.gaps)
        return h.section(self.KEY, TITLE, f'<ul class="plain">{items}</ul>')

    def to_json(self) -> dict[str, Any]:
        """``remaining``."""
        return {
            "remaining": [
                {"criterion": g.criterion_id, "text": self.words_of(g)} for g in self.gaps
            ]
        }
