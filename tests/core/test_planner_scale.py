"""The planner on big and absurd ladders: near-linear work, and a plan (not a crash) when the
efforts run past the end of the calendar."""

from __future__ import annotations

import datetime as dt
import json
import sys
from types import FrameType
from typing import Any

import pytest

from promo_planner.core.guideline import Guideline
from promo_planner.core.loader import parse_guideline
from promo_planner.core.planner import (
    PathPlan,
    asks_now,
    build_path,
    explain,
    next_steps,
    path_document,
)
from promo_planner.core.readiness import assess
from promo_planner.core.records import Plan
from tests.core.big_ladder import ladder_text

TODAY = dt.date(2026, 11, 21)


def plan_on(guideline: Guideline) -> PathPlan:
    found = assess(guideline, "L1", "L2", [])
    return build_path(found, Plan(guideline.id, None, "L1", "L2", dt.date(2027, 9, 1)), TODAY)


def lines_run(n: int, shape: str) -> int:
    """How many lines of Python ``build_path`` runs on a ladder of n criteria: a measure of
    work that, unlike the clock, does not depend on the machine or its load."""
    guideline = parse_guideline(ladder_text(n, shape), "big.yaml")
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        plan_on(guideline)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", ["chain", "mixed", "wide"])
def test_four_times_the_criteria_cost_about_four_times_the_work(shape: str) -> None:
    # n log n gives a ratio a little above 4 (about 4.1 here); quadratic work gives 16, as the
    # planner before this test did (1k / 3k / 10k criteria took 1.2 s / 7 s / 99 s).
    small, large = lines_run(300, shape), lines_run(1200, shape)
    assert large / small < 6, (small, large)


def test_a_plan_beyond_the_end_of_the_calendar_says_so_instead_of_crashing() -> None:
    # 1,100 criteria of 520 weeks, each requiring the one before: about 9,900 years of work.
    guideline = parse_guideline(ladder_text(1100, "chain", effort=520), "absurd.yaml")
    path = plan_on(guideline)
    assert path.beyond_calendar and not path.feasible and path.capacity_needed is None
    assert path.makespan_days > (dt.date.max - TODAY).days
    assert path.earliest_promotion_date == dt.date.max
    assert all(it.start >= TODAY and it.finish >= it.start for it in path.items)
    assert [m.date for m in path.milestones] == sorted(m.date for m in path.milestones)
    (verdict,) = next_steps(path)
    assert verdict.startswith(
        "This plan runs past 9999-12-31, the end of the calendar, so no promotion date can be "
        "planned: the chosen gaps need "
    )
    assert "effort_weeks along its requires chains are far too large" in verdict
    assert asks_now(path) == []  # no ask can be dated in such a plan
    assert explain(path)
    doc = json.loads(json.dumps(path_document(path)))
    assert doc["beyond_calendar"] is True and doc["earliest_promotion_date"] == "9999-12-31"
