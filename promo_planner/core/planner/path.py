"""The path as the rest of the program sees it: items in path order, milestones, what was left
out, and the numbers that say whether the target date holds (SPEC section 5, ``path --json``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from promo_planner.core.records import json_number

THIS_WEEK_DAYS = 7
"""``start_this_week`` looks this many days ahead, today included."""


@dataclass(frozen=True)
class PathItem:
    """One chosen gap with its last safe start and its due date.

    ``requires`` lists the prerequisites that are themselves on the path (path order);
    ``critical`` marks the gaps of the critical chain.
    """

    criterion_id: str
    title: str
    area: str
    start_by: dt.date
    due: dt.date
    effort_days: int
    slack_days: int
    requires: tuple[str, ...]
    critical: bool
    needs_opportunity: bool


@dataclass(frozen=True)
class Milestone:
    """A checkpoint: the chosen gaps that must be closed by ``date`` (path order)."""

    date: dt.date
    title: str
    criteria: list[str]


@dataclass(frozen=True)
class LeftOut:
    """A gap the choice did not need, and what closing it would still add.

    ``readiness_gain`` is in percentage points (one decimal); ``needs_first`` lists its
    prerequisites that are gaps and are not on the path either.
    """

    criterion_id: str
    title: str
    effort_days: int
    readiness_gain: Decimal
    needs_first: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathPlan:
    """The plan of SPEC section 5: what to close, by when, and whether the date holds."""

    today: dt.date
    target_date: dt.date
    deadline: dt.date
    capacity: int
    feasible: bool
    makespan_days: int
    earliest_promotion_date: dt.date
    readiness_now: Decimal
    readiness_after: Decimal
    items: list[PathItem]
    milestones: list[Milestone]
    left_out: list[LeftOut]
    critical_chain: list[str]
    threshold: Decimal = Decimal(100)
    lead_weeks: int = 0
    sustain_weeks: int = 0
    target_date_assumed: bool = False
    """True when the plan has no target date and ``target_date`` is today + 26 weeks."""
    critical_path_days: int = 0
    total_effort_days: int = 0
    choice_exact: bool = True
    """False when there were too many gaps to prove the choice optimal (a heuristic's answer)."""
    gap_count: int = field(default=0)
    """How many gaps there were to choose from."""

    def item(self, criterion_id: str) -> PathItem:
        """The item for one criterion; ``KeyError`` when it is not on the path."""
        for it in self.items:
            if it.criterion_id == criterion_id:
                return it
        raise KeyError(criterion_id)

    def to_json(self) -> dict[str, Any]:
        """The ``path --json`` document (SPEC section 7), ISO dates, plus explanatory keys."""
        from promo_planner.core.planner.explanation import explain

        return {
            "today": self.today.isoformat(),
            "target_date": self.target_date.isoformat(),
            "deadline": self.deadline.isoformat(),
            "capacity": self.capacity,
            "feasible": self.feasible,
            "makespan_days": self.makespan_days,
            "earliest_promotion_date": self.earliest_promotion_date.isoformat(),
            "readiness_now": float(self.readiness_now),
            "readiness_after": float(self.readiness_after),
            "items": [
                {
                    "criterion": it.criterion_id,
                    "title": it.title,
                    "area": it.area,
                    "start_by": it.start_by.isoformat(),
                    "due": it.due.isoformat(),
                    "effort_days": it.effort_days,
                    "slack_days": it.slack_days,
                    "requires": list(it.requires),
                    "critical": it.critical,
                    "needs_opportunity": it.needs_opportunity,
                }
                for it in self.items
            ],
            "milestones": [
                {"date": m.date.isoformat(), "title": m.title, "criteria": list(m.criteria)}
                for m in self.milestones
            ],
            "threshold": json_number(self.threshold),
            "lead_weeks": self.lead_weeks,
            "sustain_weeks": self.sustain_weeks,
            "target_date_assumed": self.target_date_assumed,
            "critical_chain": list(self.critical_chain),
            "critical_path_days": self.critical_path_days,
            "total_effort_days": self.total_effort_days,
            "choice_exact": self.choice_exact,
            "left_out": [
                {
                    "criterion": lo.criterion_id,
                    "title": lo.title,
                    "effort_days": lo.effort_days,
                    "readiness_gain": float(lo.readiness_gain),
                    "needs_first": list(lo.needs_first),
                }
                for lo in self.left_out
            ],
            "explanation": explain(self),
        }


def start_this_week(path: PathPlan) -> list[PathItem]:
    """Items whose last safe start falls within the next seven days (or has passed), path order.

    These are what the engineer should begin now; overdue starts are included because they are
    the most urgent of all.
    """
    horizon = path.today + dt.timedelta(days=THIS_WEEK_DAYS)
    return [it for it in path.items if it.start_by < horizon]
