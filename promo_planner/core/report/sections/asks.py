"""Asks for my manager: every opportunity the path needs, every disputed criterion, every
criterion to rate again (the brief lists the most urgent few)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from promo_planner.core.report import htmltext as h
from promo_planner.core.report.facts import Ask, Facts
from promo_planner.core.report.section import Section
from promo_planner.core.report.sections.brief import ask_html, ask_json, ask_markdown

TITLE = "Asks for my manager"
NOTHING = (
    "Nothing to ask for: no gap on the path needs an opportunity, my manager's ratings stand "
    "and no evidence is waiting for a fresh look."
)


@dataclass(frozen=True)
class Asks(Section):
    """What only the manager can give, most urgent first."""

    KEY = "asks"

    asks: tuple[Ask, ...]
    today: dt.date

    @classmethod
    def of(cls, facts: Facts) -> Asks:
        """All the facts' asks."""
        return cls(facts.asks, facts.today)

    def markdown(self) -> list[str]:
        """A numbered list."""
        lines = [f"## {TITLE}", ""]
        if not self.asks:
            return [*lines, NOTHING]
        return lines + [f"{i}. {ask_markdown(a, self.today)}" for i, a in enumerate(self.asks, 1)]

    def html(self) -> str:
        """A numbered list."""
        if not self.asks:
            return h.section(self.KEY, TITLE, h.empty(NOTHING))
        items = "".join(f"<li>{ask_html(a, self.today)}</li>" for a in self.asks)
        return h.section(self.KEY, TITLE, f'<ol class="asks">{items}</ol>')

    def to_json(self) -> dict[str, Any]:
        """``asks``."""
        return {"asks": [ask_json(a) for a in self.asks]}
