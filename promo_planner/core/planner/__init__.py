"""The path planner (SPEC section 5): choose the cheapest set of gaps that makes the engineer
ready, schedule it backwards from the deadline, group it into milestones, explain it.

* ``choose``: which gaps (exact branch and bound up to 20 gaps, heuristic beyond);
* ``schedule``: when (reverse list scheduling from the deadline, critical chain);
* ``milestones``: the dated checkpoints;
* ``explanation``: ``explain``, the path in sentences;
* ``build``: ``build_path`` ties them to an Assessment and a Plan;
* ``path``: the result types and ``PathPlan.to_json``.

The algorithms take plain ``Gap`` values, so they run without a guideline (tests, benchmarks).
"""

from __future__ import annotations

from promo_planner.core.planner.build import DEFAULT_HORIZON_WEEKS, build_path, gaps_of
from promo_planner.core.planner.choose import (
    EXACT_LIMIT,
    Choice,
    Gap,
    choose_gaps,
    readiness_goal,
    weight_needed,
)
from promo_planner.core.planner.explanation import explain
from promo_planner.core.planner.milestones import build_milestones, month_end
from promo_planner.core.planner.path import (
    LeftOut,
    Milestone,
    PathItem,
    PathPlan,
    start_this_week,
)
from promo_planner.core.planner.schedule import (
    Slot,
    chain_lengths,
    critical_chain,
    prerequisites_within,
    schedule_backwards,
)

__all__ = [
    "DEFAULT_HORIZON_WEEKS",
    "EXACT_LIMIT",
    "Choice",
    "Gap",
    "LeftOut",
    "Milestone",
    "PathItem",
    "PathPlan",
    "Slot",
    "build_milestones",
    "build_path",
    "chain_lengths",
    "choose_gaps",
    "critical_chain",
    "explain",
    "gaps_of",
    "month_end",
    "prerequisites_within",
    "readiness_goal",
    "schedule_backwards",
    "start_this_week",
    "weight_needed",
]
