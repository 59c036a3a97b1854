"""The case, area by area: each criterion met, with its strongest evidence (impact, links) and
my manager's word on it. Links are numbered for the appendix (``appendix.py``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from promo_planner.core.readiness import CriterionProgress
from promo_planner.core.records import Evidence, Strength, Thumb
from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report import words
from promo_planner.core.report.facts import Facts
from promo_planner.core.report.section import Section


@dataclass(frozen=True)
class Met:
    """A criterion met, and why it counts."""

    criterion_id: str
    title: str
    held: bool
    manager: Thumb | None
    manager_on: dt.date | None
    manager_note: str
    evidence: Evidence | None
    """Its strongest piece of counted evidence (None when it is met only by holding a level or
    by the manager's word)."""
    strength: Strength | None
    others: int
    """How many more pieces of counted evidence support it."""
    link_numbers: tuple[int, ...]
    """The appendix numbers of ``evidence``'s links."""


@dataclass(frozen=True)
class AreaCase:
    """One area's met criteria."""

    name: str
    readiness: Decimal
    met: tuple[Met, ...]
    total: int


def _rank(evidence: Evidence, strength: Strength) -> tuple[int, int, int, dt.date, int]:
    """Strongest first: a full link, more impact data points, more links, newer."""
    return (
        strength == "full",
        len(evidence.impact),
        len(evidence.links),
        evidence.date,
        evidence.id,
    )


def supporting(facts: Facts, cp: CriterionProgress) -> list[tuple[Evidence, Strength]]:
    """The counted evidence linked to ``cp`` that the facts hold in full, strongest first."""
    ids = {cp.criterion.id, *cp.criterion.aliases}
    found = []
    for evidence_id in set(cp.evidence_ids):
        links = facts.links_by_id.get(evidence_id)
        if links is None or evidence_id not in facts.evidence:
            continue
        strengths = [link.strength for link in links if link.criterion_id in ids]
        if strengths:
            best: Strength = "full" if "full" in strengths else "partial"
            found.append((facts.evidence[evidence_id], best))
    return sorted(found, key=lambda pair: _rank(*pair), reverse=True)


def met_criteria(facts: Facts) -> list[CriterionProgress]:
    """The required criteria met (agreed progress 1), in ladder order."""
    return [cp for cp in facts.assessment.criteria if not cp.is_gap]


def cited_links(facts: Facts) -> list[tuple[str, Evidence]]:
    """Every link of the evidence the case cites, numbered by order of appearance (a URL cited
    twice keeps its first number)."""
    order: dict[str, Evidence] = {}
    for cp in _in_area_order(facts):
        strongest = supporting(facts, cp)
        if strongest:
            for url in strongest[0][0].links:
                order.setdefault(url, strongest[0][0])
    return list(order.items())


def _in_area_order(facts: Facts) -> list[CriterionProgress]:
    met = met_criteria(facts)
    areas = [a.id for a in facts.assessment.guideline.areas]
    rank = {area: i for i, area in enumerate(areas)}
    return sorted(met, key=lambda cp: rank.get(cp.criterion.area, len(rank)))


@dataclass(frozen=True)
class Case(Section):
    """Per area, the criteria met with their strongest evidence."""

    KEY = "case"

    areas: tuple[AreaCase, ...]
    current_level: str

    @classmethod
    def wants(cls, facts: Facts) -> set[int]:
        """The counted evidence of the criteria met (the strongest is picked among them)."""
        return {i for cp in met_criteria(facts) for i in cp.evidence_ids}

    @classmethod
    def of(cls, facts: Facts) -> Case:
        """The met criteria grouped by area, each with its strongest evidence."""
        numbers = {url: i for i, (url, _) in enumerate(cited_links(facts), 1)}
        by_area: dict[str, list[Met]] = {}
        for cp in _in_area_order(facts):
            found = supporting(facts, cp)
            best = found[0] if found else None
            rating = cp.manager_rating
            by_area.setdefault(cp.criterion.area, []).append(
                Met(
                    criterion_id=cp.criterion.id,
                    title=cp.criterion.title,
                    held=cp.status == "held",
                    manager=cp.manager_thumb,
                    manager_on=rating.rated_on if rating else None,
                    manager_note=rating.note if rating else "",
                    evidence=best[0] if best else None,
                    strength=best[1] if best else None,
                    others=max(0, len(cp.evidence_ids) - 1) if best else len(cp.evidence_ids),
                    link_numbers=tuple(numbers[u] for u in best[0].links) if best else (),
                )
            )
        areas = []
        for area in facts.assessment.areas():
            met = by_area.get(area.area.id)
            if met:
                areas.append(AreaCase(area.area.name, area.readiness, tuple(met), area.total))
        return cls(tuple(areas), facts.plan.current_level)

    def agreement(self, met: Met) -> str:
        """My manager's word on a criterion, plainly."""
        if met.manager == "up":
            on = f" on {met.manager_on}" if met.manager_on else ""
            note = f": {met.manager_note}" if met.manager_note else ""
            return f"my manager agrees ({words.thumb('up')}{on}){note}"
        if met.held:
            return f"held at {self.current_level}, my current level; not rated by my manager"
        return "not rated by my manager yet"

    def evidence_words(self, met: Met) -> str:
        """``Led the retry redesign (2026-10-02, partial)``, or why there is none."""
        e = met.evidence
        if e is None:
            return "no evidence linked" if not met.held else "no evidence linked (held)"
        partial = ", partial" if met.strength == "partial" else ""
        more = (
            f"; and {words.plural(met.others, 'more piece', 'more pieces')}" if met.others else ""
        )
        return f"{e.title} ({e.date}{partial}){more}"

    def markdown(self) -> list[str]:
        """A heading per area, a list item per criterion met."""
        lines = ["## The case, area by area", ""]
        if not self.areas:
            return [*lines, "No criterion of the target level is met yet."]
        for area in self.areas:
            lines += [
                f"### {m.inline(area.name)}: {len(area.met)} of {area.total} met, "
                f"{words.percent(area.readiness)}",
                "",
            ]
            for met in area.met:
                lines.append(f"- **{m.inline(met.title)}** ({m.code(met.criterion_id)})")
                lines.append(f"  - Agreement: {m.inline(self.agreement(met))}")
                lines.append(f"  - Strongest evidence: {m.inline(self.evidence_words(met))}")
                if met.evidence is not None:
                    for point in met.evidence.impact:
                        lines.append(m.item("    - Impact: ", point, "      ", m.IMPACT_LIMIT))
                    if met.link_numbers:
                        refs = ", ".join(f"[{n}]" for n in met.link_numbers)
                        # Plain [1]: a reference only where a definition exists, and none does.
                        lines.append(f"    - Links: {refs} (see the appendix)")
            lines.append("")
        return lines[:-1]

    def html(self) -> str:
        """A heading per area, a block per criterion met."""
        if not self.areas:
            return h.section(
                self.KEY,
                "The case, area by area",
                h.empty("No criterion of the target level is met yet."),
            )
        parts = []
        for area in self.areas:
            parts.append(
                f"<h3>{h.esc(area.name)}: {len(area.met)} of {area.total} met, "
                f"{h.esc(words.percent(area.readiness))}</h3>"
            )
            for met in area.met:
                details = [f"<li>Agreement: {h.esc(self.agreement(met))}</li>"]
                details.append(f"<li>Strongest evidence: {h.esc(self.evidence_words(met))}")
                inner = []
                if met.evidence is not None:
                    inner += [f"<li>Impact: {h.esc(p)}</li>" for p in met.evidence.impact]
                    if met.link_numbers:
                        refs = ", ".join(f"[{n}]" for n in met.link_numbers)
                        inner.append(f"<li>Links: {refs} (see the appendix)</li>")
                if inner:
                    details.append(f"<ul>{''.join(inner)}</ul>")
                details.append("</li>")
                parts.append(
                    f'<div class="criterion"><strong>{h.esc(met.title)}</strong> '
                    f'{h.ident(met.criterion_id)}<ul class="plain">{"".join(details)}</ul></div>'
                )
        return h.section(self.KEY, "The case, area by area", "".join(parts))

    def to_json(self) -> dict[str, Any]:
        """``case``: the areas with their met criteria."""
        return {
            "case": [
                {
                    "area": area.name,
                    "readiness": float(area.readiness),
                    "met": [
                        {
                            "criterion": met.criterion_id,
                            "title": met.title,
                            "held": met.held,
                            "manager": met.manager,
                            "manager_on": met.manager_on.isoformat() if met.manager_on else None,
                            "evidence": met.evidence.id if met.evidence else None,
                            "strength": met.strength,
                            "more_evidence": met.others,
                            "links": list(met.link_numbers),
                        }
                        for met in area.met
                    ],
                }
                for area in self.areas
            ]
        }
