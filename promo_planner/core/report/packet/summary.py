"""The packet's summary: the level asked for, the period, readiness and the manager's
agreement, in a few lines a committee member reads first."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report import words
from promo_planner.core.report.facts import Facts
from promo_planner.core.report.section import Section


@dataclass(frozen=True)
class Summary(Section):
    """The case in numbers."""

    KEY = "summary"
    FIRST_PAGE = True

    target: str
    readiness: Decimal
    readiness_claimed: Decimal
    threshold: Decimal
    ready: bool
    required: int
    met: int
    held: int
    counted_evidence: int
    manager_rated: int
    manager_up: int
    manager_down: int
    both_rated: int
    agreed: int
    window_months: int
    remaining: int

    @classmethod
    def of(cls, facts: Facts) -> Summary:
        """The numbers of the case."""
        found = facts.assessment
        both = [r for r in facts.health if r.self_value is not None and r.manager_value]
        required = {cp.criterion.id for cp in found.criteria}
        both = [r for r in both if r.criterion_id in required]
        return cls(
            target=_target(facts),
            readiness=found.readiness,
            readiness_claimed=found.readiness_claimed,
            threshold=found.threshold,
            ready=found.ready,
            required=len(found.criteria),
            met=sum(1 for cp in found.criteria if not cp.is_gap),
            held=sum(1 for cp in found.criteria if cp.status == "held"),
            counted_evidence=len(facts.counted),
            manager_rated=sum(1 for cp in found.criteria if cp.manager_thumb is not None),
            manager_up=sum(1 for cp in found.criteria if cp.manager_thumb == "up"),
            manager_down=sum(1 for cp in found.criteria if cp.manager_thumb == "down"),
            both_rated=len(both),
            agreed=sum(1 for r in both if r.agreement == "agree"),
            window_months=found.guideline.promotion.evidence_window_months,
            remaining=len(facts.gaps),
        )

    def lines(self) -> list[tuple[str, str]]:
        """``(label, text)`` pairs, the same in every format."""
        readiness = (
            f"{words.percent(self.readiness)} of the {words.threshold(self.threshold)} the "
            f"ladder asks for: {'ready' if self.ready else 'not ready yet'}"
        )
        if self.readiness_claimed != self.readiness:
            readiness += (
                f" (from my own evidence and ratings: {words.percent(self.readiness_claimed)})"
            )
        met = f"{self.met} of {self.required} criteria"
        if self.held:
            met += f", {self.held} of them held at my current level"
        window = (
            f" (evidence from the last {self.window_months} months counts)"
            if self.window_months
            else ""
        )
        evidence = words.plural(self.counted_evidence, "piece", "pieces") + " of evidence" + window
        if self.manager_rated:
            manager = (
                f"rated {self.manager_rated} of {self.required} criteria: "
                f"{self.manager_up} {words.thumb('up')}, {self.manager_down} {words.thumb('down')}"
            )
            if self.both_rated:
                manager += (
                    f"; agrees with me on {self.agreed} of the {self.both_rated} we both rated"
                )
        else:
            manager = "has not rated any criterion yet"
        remaining = (
            "none" if not self.remaining else words.plural(self.remaining, "criterion", "criteria")
        )
        return [
            ("Level asked for", self.target),
            ("Readiness", readiness),
            ("Criteria met", met),
            ("Evidence", evidence),
            ("My manager", manager),
            ("Still open", remaining),
        ]

    def markdown(self) -> list[str]:
        """A short list."""
        return ["## Summary", ""] + [f"- **{k}:** {m.inline(v)}" for k, v in self.lines()]

    def html(self) -> str:
        """A definition list."""
        items = "".join(f"<dt>{k}</dt><dd>{h.esc(v)}</dd>" for k, v in self.lines())
        return h.section(self.KEY, "Summary", f'<dl class="facts">{items}</dl>')

    def to_json(self) -> dict[str, Any]:
        """``summary``."""
        return {
            "readiness": float(self.readiness),
            "readiness_claimed": float(self.readiness_claimed),
            "ready": self.ready,
            "summary": {
                "required": self.required,
                "met": self.met,
                "held": self.held,
                "counted_evidence": self.counted_evidence,
                "manager_rated": self.manager_rated,
                "manager_up": self.manager_up,
                "manager_down": self.manager_down,
                "both_rated": self.both_rated,
                "agreed": self.agreed,
                "still_open": self.remaining,
            },
        }


def _target(facts: Facts) -> str:
    """``Staff Engineer (L4-ic), from Senior Engineer (L3); target date 2027-09-30``."""
    p = facts.plan
    text = f"{p.target_title} ({p.target_level}), from {p.current_title} ({p.current_level})"
    if p.target_date is not None and not facts.path.target_date_assumed:
        text += f"; target date {p.target_date}"
    return text
