"""The path planner (SPEC section 5): choose the cheapest set of gaps that makes the engineer
ready, plan it from today, find each gap's last safe start, group it into milestones, explain
it.

* ``choose``: which gaps (exact branch and bound up to 20 gaps, near-linear heuristic beyond;
  ``problem``, ``greedy`` and ``search`` are its parts);
* ``schedule``: when (list scheduling forward from today, tails and the critical chain, the
  capacity that would make the date);
* ``milestones``: the dated checkpoints;
* ``explanation``: ``next_steps`` and ``explain``, the path in sentences, and
  ``path_document``, the ``path --json`` document;
* ``build``: ``build_path`` ties them to an Assessment and a Plan;
* ``path``: the result types, ``start_this_week`` and ``asks_now``.

The algorithms take plain ``Gap`` values, so they run without a guideline (tests, benchmarks).
"""

from __future__ import annotations

from promo_planner.core.planner.build import (
    DEFAULT_HORIZON_WEEKS,
    area_needs,
    build_path,
    gaps_of,
)
from promo_planner.core.planner.choose import (
    EXACT_LIMIT,
    REFINE_LIMIT,
    Choice,
    Gap,
    choose_gaps,
    readiness_goal,
    weight_needed,
)
from promo_planner.core.planner.explanation import explain, next_steps, path_document
from promo_planner.core.planner.milestones import build_milestones, month_end
from promo_planner.core.planner.path import (
    ASK_NOTICE_DAYS,
    THIS_WEEK_DAYS,
    LeftOut,
    Milestone,
    PathItem,
    PathPlan,
    asks_now,
    start_this_week,
)
from promo_planner.core.planner.schedule import Network, Slot, critical_chain

__all__ = [
    "ASK_NOTICE_DAYS",
    "DEFAULT_HORIZON_WEEKS",
    "EXACT_LIMIT",
    "REFINE_LIMIT",
    "THIS_WEEK_DAYS",
    "Choice",
    "Gap",
    "LeftOut",
    "Milestone",
    "Network",
    "PathItem",
    "PathPlan",
    "Slot",
    "area_needs",
    "asks_now",
    "build_milestones",
    "build_path",
    "choose_gaps",
    "critical_chain",
    "explain",
    "gaps_of",
    "month_end",
    "next_steps",
    "path_document",
    "readiness_goal",
    "start_this_week",
    "weight_needed",
]
