"""The gaps in plan order: what each still needs, when the plan starts and finishes it, its last
safe start and its slack; then the gaps the path leaves out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report import words
from promo_planner.core.report.facts import NEEDS_OPPORTUNITY, Facts, Gap
from promo_planner.core.report.section import Section

TITLE = "Gaps, in path order"


@dataclass(frozen=True)
class Gaps(Section):
    """Every required criterion not yet met."""

    KEY = "gaps"

    gaps: tuple[Gap, ...]
    today: dt.date

    @classmethod
    def of(cls, facts: Facts) -> Gaps:
        """The facts' gaps (path order, then the ones left out)."""
        return cls(facts.gaps, facts.today)

    def markdown(self) -> list[str]:
        """A table, one row per gap."""
        lines = [f"## {TITLE}", ""]
        if not self.gaps:
            return [*lines, "No gaps: every criterion the target level requires is met."]
        rows = [
            [
                str(i),
                f"{m.cell(g.title)} ({m.code(g.criterion_id)})",
                m.cell(g.area_name),
                m.cell(g.still_needs),
                words.day_from(g.start, self.today),
                words.day_from(g.finish, self.today),
                words.day_from(g.latest_start, self.today),
                words.slack(g.slack_days),
                ", ".join(g.flags()) or " ",
            ]
            for i, g in enumerate(self.gaps, 1)
        ]
        header = [
            "#",
            "Criterion",
            "Area",
            "Still needs",
            "Start",
            "Finish",
            "Latest start",
            "Slack",
            "Notes",
        ]
        return lines + m.table(header, rows)

    def html(self) -> str:
        """A table, one row per gap, with its flags under its title."""
        if not self.gaps:
            return h.section(
                self.KEY,
                TITLE,
                h.empty("No gaps: every criterion the target level requires is met."),
            )
        rows = []
        for i, g in enumerate(self.gaps, 1):
            late = " warn" if g.slack_days is not None and g.slack_days <= 0 else ""
            flags = "".join(
                f'<span class="flag{" warn" if flag == NEEDS_OPPORTUNITY else ""}">{flag}</span>'
                for flag in g.flags()
            )
            if g.start is None:
                when = '<span class="muted">not on the path</span>'
            else:
                when = (
                    f"{words.day_from(g.start, self.today)} → "
                    f"{words.day_from(g.finish, self.today)}<br>"
                    f'<span class="muted small">latest start '
                    f"{words.day_from(g.latest_start, self.today)} · "
                    f'slack <span class="{late.strip()}">{h.esc(words.slack(g.slack_days))}'
                    "</span></span>"
                )
            rows.append(
                f"<tr><td class='num'>{i}</td>"
                f"<td class='long'>{h.esc(g.title)} "
                f'<span class="pill {g.status}">{g.status}</span><br>'
                f'<span class="muted small">{h.esc(g.area_name)}</span> {h.ident(g.criterion_id)}'
                f'<div class="flags">{flags}</div></td>'
                f"<td class='long'>{h.esc(g.still_needs)}</td>"
                f"<td class='date'>{when}</td></tr>"
            )
        header = [("#", "num"), ("Criterion", ""), ("Still needs", ""), ("Planned", "")]
        return h.section(self.KEY, TITLE, h.table(header, rows))

    def to_json(self) -> dict[str, Any]:
        """``gaps``."""
        return {"gaps": [gap_json(g) for g in self.gaps]}


def gap_json(g: Gap) -> dict[str, Any]:
    """One gap as JSON."""
    return {
        "criterion": g.criterion_id,
        "title": g.title,
        "area": g.area_id,
        "level": g.level,
        "status": g.status,
        "progress": round(float(g.progress), 4),
        "full": g.full,
        "partial": g.partial,
        "evidence_required": g.evidence_required,
        "still_needs": g.still_needs,
        "needs_opportunity": g.needs_opportunity,
        "new_at_target": g.new_at_target,
        "on_path": g.on_path,
        "start": _date(g.start),
        "finish": _date(g.finish),
        "latest_start": _date(g.latest_start),
        "effort_days": g.effort_days,
        "slack_days": g.slack_days,
        "critical": g.critical,
        "requires": list(g.requires),
    }


def _date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
