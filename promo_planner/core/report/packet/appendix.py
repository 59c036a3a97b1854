"""The appendix: every link the case cites, numbered as the case refers to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report.facts import Facts
from promo_planner.core.report.packet.case import cited_links, met_criteria
from promo_planner.core.report.section import Section

TITLE = "Appendix: links"


@dataclass(frozen=True)
class Appendix(Section):
    """Numbered links with the evidence each belongs to."""

    KEY = "links"

    links: tuple[tuple[str, str], ...]
    """``(url, evidence title and date)``, in citation order."""

    @classmethod
    def wants(cls, facts: Facts) -> set[int]:
        """The evidence the case may cite."""
        return {i for cp in met_criteria(facts) for i in cp.evidence_ids}

    @classmethod
    def of(cls, facts: Facts) -> Appendix:
        """The case's links."""
        return cls(tuple((url, f"{e.title} ({e.date})") for url, e in cited_links(facts)))

    def markdown(self) -> list[str]:
        """A numbered list: ``1. <url>: evidence``."""
        lines = [f"## {TITLE}", ""]
        if not self.links:
            return [*lines, "No links."]
        return lines + [
            f"{i}. {m.link(url)}: {m.inline(source)}"
            for i, (url, source) in enumerate(self.links, 1)
        ]

    def html(self) -> str:
        """A numbered list."""
        if not self.links:
            return h.section(self.KEY, TITLE, h.empty("No links."))
        items = "".join(
            f'<li>{h.link(url)} <span class="muted">{h.esc(source)}</span></li>'
            for url, source in self.links
        )
        return h.section(self.KEY, TITLE, f'<ol class="links">{items}</ol>')

    def to_json(self) -> dict[str, Any]:
        """``links``: the numbered links (number = position + 1)."""
        return {"links": [{"url": url, "evidence": source} for url, source in self.links]}
