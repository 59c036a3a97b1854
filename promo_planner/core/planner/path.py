"""The path as the rest of the program sees it: items in plan order, milestones, what was left
out, and the numbers that say whether the target date holds (SPEC sections 5 and 7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from promo_planner.core.records import json_number

THIS_WEEK_DAYS = 7
"""``start_this_week`` looks this many days ahead, today included."""

ASK_NOTICE_DAYS = 28
"""An opportunity must be asked for now when the plan starts it within ``THIS_WEEK_DAYS`` or
its latest start is less than this many days away: a manager needs weeks to find a project, a
role or a hire."""


@dataclass(frozen=True)
class PathItem:
    """One chosen gap: when the plan works on it, and the last safe moment to start it.

    ``start`` and ``finish`` come from the plan from today (never before today); the gap is
    worked on from ``start`` up to, not including, ``finish``. ``latest_start`` is the deadline
    minus the gap's tail (its effort and the longest chain of the efforts that wait for it): it
    may lie before today when the plan is late, and ``slack_days = latest_start − start`` is
    then negative. ``requires`` lists the prerequisites that are on the path (plan order);
    ``critical`` marks the gaps of the critical chain.
    """

    criterion_id: str
    title: str
    area: str
    start: dt.date
    finish: dt.date
    latest_start: dt.date
    effort_days: int
    slack_days: int
    requires: tuple[str, ...]
    critical: bool
    needs_opportunity: bool
    tail_days: int = 0
    """This gap's effort plus the longest chain of efforts on the path that wait for it."""


@dataclass(frozen=True)
class Milestone:
    """A checkpoint: the chosen gaps that close by ``date`` (plan order)."""

    date: dt.date
    title: str
    criteria: list[str]


@dataclass(frozen=True)
class LeftOut:
    """A gap the choice did not need, and what closing it would still add.

    ``readiness_gain`` is in percentage points (one decimal); ``needs_first`` lists its direct
    prerequisites that are gaps and are not on the path either.
    """

    criterion_id: str
    title: str
    effort_days: int
    readiness_gain: Decimal
    needs_first: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathPlan:
    """The plan of SPEC section 5: what to close, when, by when at the latest, and whether the
    date holds; if not, how late it is and what capacity would make it."""

    today: dt.date
    target_date: dt.date
    deadline: dt.date
    capacity: int
    feasible: bool
    makespan_days: int
    earliest_promotion_date: dt.date
    capacity_needed: int | None
    """The smallest capacity ≥ ``capacity`` whose plan is feasible; None when none is (the
    critical chain alone is too long, or the deadline has passed)."""
    readiness_now: Decimal
    readiness_after: Decimal
    items: list[PathItem]
    milestones: list[Milestone]
    left_out: list[LeftOut]
    critical_chain: list[str]
    threshold: Decimal = Decimal(100)
    area_floor: Decimal = Decimal(0)
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
    beyond_calendar: bool = False
    """Some date of the plan lies beyond 9999-12-31 (or before 0001-01-01), the calendar's
    ends: it is shown as that end and the plan says so. Only absurd efforts get there."""

    @property
    def days_left(self) -> int:
        """Days from today to the deadline (negative once it has passed)."""
        return (self.deadline - self.today).days

    @property
    def days_late(self) -> int:
        """How many days after the target date the earliest promotion date falls (0 when
        the plan is feasible)."""
        return max(0, (self.earliest_promotion_date - self.target_date).days)

    @property
    def finish(self) -> dt.date:
        """The day the last chosen gap closes (today when there is none)."""
        return max((it.finish for it in self.items), default=self.today)

    @cached_property
    def _by_id(self) -> dict[str, PathItem]:
        return {it.criterion_id: it for it in self.items}

    def item(self, criterion_id: str) -> PathItem:
        """The item for one criterion; ``KeyError`` when it is not on the path."""
        return self._by_id[criterion_id]

    def find(self, criterion_id: str) -> PathItem | None:
        """The item for one criterion, or None when it is not on the path."""
        return self._by_id.get(criterion_id)

    def to_json(self) -> dict[str, Any]:
        """The ``path --json`` document's data (SPEC section 7), ISO dates, plus explanatory
        keys; ``planner.path_document`` adds the explanation in words."""
        return {
            "today": self.today.isoformat(),
            "target_date": self.target_date.isoformat(),
            "deadline": self.deadline.isoformat(),
            "capacity": self.capacity,
            "feasible": self.feasible,
            "makespan_days": self.makespan_days,
            "earliest_promotion_date": self.earliest_promotion_date.isoformat(),
            "capacity_needed": self.capacity_needed,
            "readiness_now": float(self.readiness_now),
            "readiness_after": float(self.readiness_after),
            "items": [
                {
                    "criterion": it.criterion_id,
                    "start": it.start.isoformat(),
                    "finish": it.finish.isoformat(),
                    "latest_start": it.latest_start.isoformat(),
                    "effort_days": it.effort_days,
                    "slack_days": it.slack_days,
                    "requires": list(it.requires),
                    "needs_opportunity": it.needs_opportunity,
                    "title": it.title,
                    "area": it.area,
                    "critical": it.critical,
                    "tail_days": it.tail_days,
                }
                for it in self.items
            ],
            "milestones": [
                {"date": m.date.isoformat(), "title": m.title, "criteria": list(m.criteria)}
                for m in self.milestones
            ],
            "threshold": json_number(self.threshold),
            "area_floor": json_number(self.area_floor),
            "lead_weeks": self.lead_weeks,
            "sustain_weeks": self.sustain_weeks,
            "target_date_assumed": self.target_date_assumed,
            "days_late": self.days_late,
            "beyond_calendar": self.beyond_calendar,
            "start_this_week": [it.criterion_id for it in start_this_week(self)],
            "asks_now": [it.criterion_id for it in asks_now(self)],
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
        }


def start_this_week(path: PathPlan) -> list[PathItem]:
    """What the plan starts within the next seven days, today included, in plan order.

    The plan starts work today whenever there is any, so this is never empty when the path
    has items.
    """
    return [it for it in path.items if (it.start - path.today).days < THIS_WEEK_DAYS]


def asks_now(path: PathPlan) -> list[PathItem]:
    """The opportunities to ask the manager for now (plan order): the plan starts them this
    week, or their latest start is less than ``ASK_NOTICE_DAYS`` away or already behind us.
    None for a plan beyond the calendar, whose dates mean nothing."""
    if path.beyond_calendar:
        return []
    return [
        it
        for it in path.items
        if it.needs_opportunity
        and (
            (it.start - path.today).days < THIS_WEEK_DAYS
            or (it.latest_start - path.today).days < ASK_NOTICE_DAYS
        )
    ]
