"""The evidence, each piece once (SPEC 6): newest first, with its impact data points, links and
the criteria it supports. A career's portfolio is capped at the newest ``EVIDENCE_LISTED``;
the JSON report holds every piece."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from promo_planner.core.records import Evidence, Strength
from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report import words
from promo_planner.core.report.facts import Facts
from promo_planner.core.report.section import Section

TITLE = "Evidence"
EVIDENCE_LISTED = 250
"""Pieces of evidence the Markdown and HTML reports list in full, newest first."""


@dataclass(frozen=True)
class Support:
    """A criterion a piece of evidence is linked to, as the report says it."""

    criterion_id: str
    title: str
    strength: Strength
    counts: bool
    """False for a criterion the target level does not require, or the ladder does not have."""
    known: bool
    """False for a link kept to a criterion the ladder does not have."""


@dataclass(frozen=True)
class Item:
    """One piece of evidence with what it supports."""

    evidence: Evidence
    supports: tuple[Support, ...]
    outside_window: bool


@dataclass(frozen=True)
class EvidenceList(Section):
    """Every piece of evidence once, newest first."""

    KEY = "evidence"

    items: tuple[Item, ...]
    hidden: int
    target_level: str
    window_start: dt.date | None
    everything: tuple[Evidence, ...]
    """Every piece in full when the facts are complete (the JSON report), else empty."""
    kept: tuple[tuple[int, str, Strength], ...]
    """Links to criteria the ladder does not have: kept, never counted."""

    @classmethod
    def wants(cls, facts: Facts) -> list[int]:
        """The newest ``EVIDENCE_LISTED`` pieces."""
        return [evidence_id for evidence_id, _, _ in facts.index[:EVIDENCE_LISTED]]

    @classmethod
    def of(cls, facts: Facts) -> EvidenceList:
        """The newest pieces with their links resolved to titles."""
        found = facts.assessment
        guideline = found.guideline
        required = found.by_id
        window = found.window_start
        items = []
        for evidence_id, day, links in facts.index[:EVIDENCE_LISTED]:
            evidence = facts.evidence.get(evidence_id)
            if evidence is None:
                continue
            supports = []
            for link in links:
                criterion = guideline.criterion_by_id.get(link.criterion_id) or (
                    guideline.alias_owner.get(link.criterion_id)
                )
                supports.append(
                    Support(
                        criterion_id=criterion.id if criterion else link.criterion_id,
                        title=criterion.title if criterion else link.criterion_id,
                        strength=link.strength,
                        counts=criterion is not None and criterion.id in required,
                        known=criterion is not None,
                    )
                )
            outside = window is not None and day < window
            items.append(Item(evidence, tuple(supports), outside))
        everything = (
            tuple(facts.evidence[i] for i, _, _ in facts.index if i in facts.evidence)
            if facts.complete
            else ()
        )
        return cls(
            tuple(items),
            max(0, len(facts.index) - EVIDENCE_LISTED),
            facts.plan.target_level,
            window,
            everything,
            found.orphan_links,
        )

    # -- words ---------------------------------------------------------------------------

    def support_words(self, s: Support) -> str:
        """``Designs for testability (partial)``, with why a link does not count."""
        strength = "" if s.strength == "full" else " (partial)"
        if not s.known:
            return f"{s.title}{strength}: not in this ladder (kept, not counted)"
        if not s.counts:
            return f"{s.title}{strength}: not required at {self.target_level}"
        return f"{s.title}{strength}"

    def meta(self, item: Item) -> str:
        """``#12 · 2026-10-02 · project``, and whether it counts."""
        e = item.evidence
        parts = [f"#{e.id}", e.date.isoformat()]
        if e.kind:
            parts.append(e.kind)
        if item.outside_window:
            parts.append("outside the evidence window: not counted")
        elif not any(s.counts for s in item.supports):
            parts.append(f"supports no criterion of {self.target_level}")
        return " · ".join(parts)

    def more(self) -> str:
        """What the capped list leaves out."""
        return words.more_evidence(self.hidden)

    # -- Markdown ------------------------------------------------------------------------

    def markdown(self) -> list[str]:
        """One list item per piece: title, meta, description, impact, links, criteria."""
        lines = [f"## {TITLE}", ""]
        if not self.items:
            return [*lines, "No evidence yet."]
        for item in self.items:
            e = item.evidence
            head = f"- **{m.inline(e.title, 300)}** · {m.inline(self.meta(item))}"
            if e.description.strip():
                head += "\\"  # a hard break keeps the description under its title
            lines.append(head)
            if e.description.strip():
                lines.append(m.block(e.description, indent="  "))
            for point in e.impact:
                lines.append(m.item("  - Impact: ", point, "    ", m.IMPACT_LIMIT))
            for url in e.links:
                lines.append(f"  - Link: {m.link(url)}")
            if item.supports:
                shown = "; ".join(self.support_words(s) for s in item.supports)
                lines.append(m.item("  - Supports: ", shown, "    ", m.IMPACT_LIMIT))
            if e.tags:
                lines.append("  - Tags: " + ", ".join(m.inline(t, 60) for t in e.tags))
        if self.hidden:
            lines += ["", f"*{self.more()}*"]
        return lines

    # -- HTML ----------------------------------------------------------------------------

    def html(self) -> str:
        """One box per piece."""
        if not self.items:
            return h.section(self.KEY, TITLE, h.empty("No evidence yet."))
        parts = []
        for item in self.items:
            e = item.evidence
            counts = any(s.counts for s in item.supports) and not item.outside_window
            details = [f"<li>Impact: {h.esc(point)}</li>" for point in e.impact]
            details += [f"<li>Link: {h.link(url)}</li>" for url in e.links]
            if item.supports:
                supports = "; ".join(h.esc(self.support_words(s)) for s in item.supports)
                details.append(f"<li>Supports: {supports}</li>")
            if e.tags:
                details.append(f"<li>Tags: {h.esc(', '.join(e.tags))}</li>")
            description = (
                f'<div class="text">{h.esc(e.description.strip())}</div>'
                if e.description.strip()
                else ""
            )
            parts.append(
                f'<li class="{"counted" if counts else "uncounted"}">'
                f'<div class="head">{h.esc(e.title)}</div>'
                f'<div class="muted small">{h.esc(self.meta(item))}</div>{description}'
                + (f"<ul>{''.join(details)}</ul>" if details else "")
                + "</li>"
            )
        more = f'<p class="muted">{h.esc(self.more())}</p>' if self.hidden else ""
        return h.section(self.KEY, TITLE, f'<ul class="evidence">{"".join(parts)}</ul>{more}')

    # -- JSON ----------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """``evidence``: every piece (``counted`` says whether it is inside the window)."""
        window = self.window_start
        return {
            "evidence": [
                {**e.to_json(with_kind=True), "counted": window is None or e.date >= window}
                for e in self.everything
            ],
            "kept_links": [
                {"evidence": evidence_id, "criterion": criterion_id, "strength": strength}
                for evidence_id, criterion_id, strength in self.kept
            ],
        }
