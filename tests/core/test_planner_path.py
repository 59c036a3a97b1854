"""``build_path`` on small ladders, worked by hand: what the engineer sees (SPEC section 5).
Random portfolios are in ``test_planner_path_random``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from promo_planner.core.errors import InputError
from promo_planner.core.planner import (
    asks_now,
    build_path,
    explain,
    next_steps,
    path_document,
    start_this_week,
)
from promo_planner.core.readiness import assess
from tests.core.tiny_ladder import dates_in, full_links, make_ladder, plan_for


def test_seven_times_three_times_one_third_is_seven_days_not_eight() -> None:
    ladder = make_ladder([{"id": "b", "effort_weeks": 3, "evidence_required": 3}])
    found = assess(ladder, "L1", "L2", full_links({"b": 2}))
    path = build_path(found, plan_for(dt.date(2026, 9, 1)), dt.date(2026, 3, 2))
    (item,) = path.items
    assert item.effort_days == 7
    assert (item.start, item.finish) == (dt.date(2026, 3, 2), dt.date(2026, 3, 9))
    assert path.makespan_days == 7


CHAIN = [
    {"id": "x", "effort_weeks": 2},
    {"id": "y", "effort_weeks": 3, "requires": ["x"], "needs_opportunity": True},
]


def test_feasible_hand_example_starts_today_with_the_last_safe_moment_of_each_gap() -> None:
    ladder = make_ladder(CHAIN, lead=2)
    found = assess(ladder, "L1", "L2", [])
    today = dt.date(2026, 4, 1)
    path = build_path(found, plan_for(dt.date(2026, 6, 1), capacity=1), today)
    assert path.deadline == dt.date(2026, 5, 18)
    x, y = path.items
    # x starts today; y when x is done. Tails 35 and 21 days before the deadline.
    assert (x.criterion_id, x.start, x.finish, x.latest_start, x.slack_days) == (
        "x",
        today,
        dt.date(2026, 4, 15),
        dt.date(2026, 4, 13),
        12,
    )
    assert (y.criterion_id, y.start, y.finish, y.latest_start, y.slack_days) == (
        "y",
        dt.date(2026, 4, 15),
        dt.date(2026, 5, 6),
        dt.date(2026, 4, 27),
        12,
    )
    assert y.requires == ("x",) and y.needs_opportunity
    assert x.critical and y.critical and path.critical_chain == ["x", "y"]
    assert path.makespan_days == 35
    assert path.earliest_promotion_date == dt.date(2026, 5, 20)
    assert path.feasible and path.capacity_needed == 1
    assert [(m.date, m.title, m.criteria) for m in path.milestones] == [
        (dt.date(2026, 4, 30), "end of April 2026", ["x"]),
        (dt.date(2026, 5, 18), "packet ready", ["y"]),
        (dt.date(2026, 6, 1), "promotion decision", []),
    ]
    now = next_steps(path)
    assert now[0].startswith("Start today: X (x), last safe start 2026-04-13")
    assert "Next start after this week: Y (y) on 2026-04-15 (in 14 days)" in now[1]
    # y's last safe start is under four weeks away: the ask goes to the manager now.
    assert now[2] == (
        "Ask your manager now for the opportunity this gap needs (a project, a role, a hire): "
        "Y (y): the plan starts it on 2026-04-15 (in 14 days), last safe start 2026-04-27."
    )
    assert "holds with 12 days to spare" in now[-1]
    assert "x → y" in " ".join(explain(path))


def test_infeasible_hand_example_says_how_late_and_never_names_a_past_date() -> None:
    ladder = make_ladder(CHAIN, lead=2)
    found = assess(ladder, "L1", "L2", [])
    today = dt.date(2026, 4, 20)
    path = build_path(found, plan_for(dt.date(2026, 6, 1), capacity=1), today)
    assert not path.feasible
    x, y = path.items
    assert (x.start, x.finish, x.slack_days) == (today, dt.date(2026, 5, 4), -7)
    assert (y.start, y.finish, y.slack_days) == (dt.date(2026, 5, 4), dt.date(2026, 5, 25), -7)
    assert x.latest_start == dt.date(2026, 4, 13)  # D − tail, even though it is behind us
    assert path.earliest_promotion_date == dt.date(2026, 6, 8) and path.days_late == 7
    assert path.capacity_needed is None  # the chain x → y alone takes 35 of the 28 days
    # Milestones lead to the earliest promotion date, all from today on.
    assert [(m.date, m.title, m.criteria) for m in path.milestones] == [
        (dt.date(2026, 5, 25), "packet ready", ["x", "y"]),
        (dt.date(2026, 6, 8), "promotion decision", []),
    ]
    now = next_steps(path)
    assert now[0] == "Start today: X (x), its last safe start passed 7 days ago."
    assert any("Ask your manager now" in line and "(y)" in line for line in now)
    assert "does not hold" in now[-1] and "2026-06-08, 7 days after it" in now[-1]
    assert "No number of gaps at once would" in now[-1]
    text = " ".join([*now, *explain(path)])
    assert "already start after their last safe moment" in text
    target = path.target_date
    assert all(day >= today for day in dates_in(text) if day != target)


def test_a_capacity_that_would_make_the_date_is_named() -> None:
    ladder = make_ladder([{"id": "a", "effort_weeks": 3}, {"id": "b", "effort_weeks": 3}], lead=0)
    found = assess(ladder, "L1", "L2", [])
    today = dt.date(2026, 4, 1)
    path = build_path(found, plan_for(today + dt.timedelta(days=30), capacity=1), today)
    assert not path.feasible and path.makespan_days == 42
    assert path.capacity_needed == 2
    assert "Working on 2 gaps at once would make the date." in next_steps(path)[-1]


def test_a_deadline_already_behind_us_is_said_in_days() -> None:
    ladder = make_ladder([{"id": "a", "effort_weeks": 1}], lead=4)
    today = dt.date(2026, 4, 1)
    found = assess(ladder, "L1", "L2", [])
    path = build_path(found, plan_for(today + dt.timedelta(days=10)), today)
    assert path.days_left == -18 and not path.feasible and path.capacity_needed is None
    text = " ".join([*next_steps(path), *explain(path)])
    assert "that deadline passed 18 days ago" in text
    assert path.deadline.isoformat() not in text
    assert all(m.date >= today for m in path.milestones)


def test_prerequisites_that_are_gaps_are_chosen_and_come_first_met_ones_impose_nothing() -> None:
    criteria = [
        {"id": "base", "effort_weeks": 1, "weight": 0.5},
        {"id": "met", "effort_weeks": 9},
        {"id": "top", "effort_weeks": 1, "weight": 4, "requires": ["base", "met"]},
        {"id": "side", "effort_weeks": 6, "weight": 4},
    ]
    ladder = make_ladder(criteria, threshold=55)
    found = assess(ladder, "L1", "L2", full_links({"met": 1}))
    path = build_path(found, plan_for(dt.date(2027, 1, 1)), dt.date(2026, 1, 5))
    by_id = {it.criterion_id: it for it in path.items}
    assert set(by_id) == {"base", "top"}
    assert by_id["base"].finish <= by_id["top"].start
    assert by_id["top"].requires == ("base",)


def test_an_area_floor_puts_a_weak_area_on_the_path() -> None:
    criteria = [
        {"id": "craft.a", "area": "craft", "effort_weeks": 1, "weight": 3},
        {"id": "craft.b", "area": "craft", "effort_weeks": 1, "weight": 3},
        {"id": "impact.big", "area": "impact", "effort_weeks": 8},
    ]
    links = full_links({"craft.a": 1})
    without = build_path(
        assess(make_ladder(criteria, threshold=55), "L1", "L2", links),
        plan_for(dt.date(2027, 1, 1)),
        dt.date(2026, 1, 5),
    )
    # 3 of 7 now: either craft.b (7 days, to 85.7%) or impact.big (56 days, to 57.1%) reaches
    # 55%; the cheaper one wins, until impact (at 0%) must reach the 50% floor too.
    assert [it.criterion_id for it in without.items] == ["craft.b"]
    with_floor = build_path(
        assess(make_ladder(criteria, threshold=55, area_floor=50), "L1", "L2", links),
        plan_for(dt.date(2027, 1, 1)),
        dt.date(2026, 1, 5),
    )
    assert sorted(it.criterion_id for it in with_floor.items) == ["impact.big"]
    assert "every area at 50% or more" in explain(with_floor)[0]


def test_no_target_date_assumes_26_weeks_and_says_so() -> None:
    ladder = make_ladder([{"id": "a", "effort_weeks": 1}])
    today = dt.date(2026, 1, 5)
    path = build_path(assess(ladder, "L1", "L2", []), plan_for(None), today)
    assert path.target_date == today + dt.timedelta(weeks=26)
    assert path.target_date_assumed
    assert any("assumes 26 weeks" in s for s in explain(path))


def test_already_ready_needs_nothing() -> None:
    ladder = make_ladder([{"id": "a"}, {"id": "b", "effort_weeks": 8}], threshold=50)
    found = assess(ladder, "L1", "L2", full_links({"a": 1}))
    path = build_path(found, plan_for(dt.date(2026, 6, 1)), dt.date(2026, 1, 5))
    assert path.items == [] and path.makespan_days == 0 and path.feasible
    assert path.earliest_promotion_date == dt.date(2026, 1, 5) + dt.timedelta(weeks=4)
    assert [m.title for m in path.milestones] == ["packet ready", "promotion decision"]
    assert "already at the 50% threshold" in explain(path)[0]
    assert start_this_week(path) == [] and asks_now(path) == []


def test_sustain_weeks_move_the_deadline_and_add_a_gaps_closed_milestone() -> None:
    ladder = make_ladder([{"id": "a", "effort_weeks": 1}], lead=4, sustain=2)
    path = build_path(
        assess(ladder, "L1", "L2", []), plan_for(dt.date(2026, 9, 1)), dt.date(2026, 1, 5)
    )
    assert path.deadline == dt.date(2026, 9, 1) - dt.timedelta(weeks=6)
    assert [m.title for m in path.milestones] == [
        "end of January 2026",
        "gaps closed, sustain begins",
        "packet ready",
        "promotion decision",
    ]
    assert path.milestones[0].criteria == ["a"]


def test_capacity_below_one_is_an_input_error() -> None:
    ladder = make_ladder([{"id": "a"}])
    with pytest.raises(InputError, match="capacity"):
        build_path(assess(ladder, "L1", "L2", []), plan_for(None, capacity=0), dt.date(2026, 1, 5))


def test_asks_go_to_the_manager_now_when_the_plan_starts_them_or_their_last_moment_nears() -> None:
    criteria = [
        {"id": "soon", "effort_weeks": 1, "needs_opportunity": True},
        {"id": "long", "effort_weeks": 20},
        {"id": "later", "effort_weeks": 1, "needs_opportunity": True, "requires": ["long"]},
    ]
    ladder = make_ladder(criteria, lead=0)
    today = dt.date(2026, 1, 5)
    path = build_path(
        assess(ladder, "L1", "L2", []), plan_for(today + dt.timedelta(weeks=40), capacity=1), today
    )
    # One place: long (tail 147) first, then later (needs long), then soon.
    assert [it.criterion_id for it in path.items] == ["long", "later", "soon"]
    assert [it.criterion_id for it in asks_now(path)] == []
    tight = build_path(
        assess(ladder, "L1", "L2", []), plan_for(today + dt.timedelta(weeks=23), capacity=1), today
    )
    # 161 days left: later's latest start is day 154, long's 14 days; soon's 154.
    assert [it.criterion_id for it in tight.items] == ["long", "later", "soon"]
    assert [it.criterion_id for it in asks_now(tight)] == []
    two = build_path(
        assess(ladder, "L1", "L2", []), plan_for(today + dt.timedelta(weeks=23), capacity=2), today
    )
    assert [it.criterion_id for it in asks_now(two)] == ["soon"]  # the plan starts it today


def test_json_has_the_spec_shape_with_iso_dates() -> None:
    ladder = make_ladder(CHAIN, lead=2)
    path = build_path(
        assess(ladder, "L1", "L2", []), plan_for(dt.date(2026, 6, 1)), dt.date(2026, 4, 1)
    )
    doc = json.loads(json.dumps(path_document(path)))
    for key in (
        "today",
        "target_date",
        "deadline",
        "capacity",
        "feasible",
        "makespan_days",
        "earliest_promotion_date",
        "capacity_needed",
        "readiness_now",
        "readiness_after",
        "items",
        "milestones",
    ):
        assert key in doc
    assert doc["deadline"] == "2026-05-18" and doc["capacity_needed"] == 2
    item = doc["items"][0]
    assert {k: item[k] for k in SPEC_ITEM_KEYS} == {
        "criterion": "x",
        "start": "2026-04-01",
        "finish": "2026-04-15",
        "latest_start": "2026-04-13",
        "effort_days": 14,
        "slack_days": 12,
        "requires": [],
        "needs_opportunity": False,
    }
    assert doc["milestones"][-1] == {
        "date": "2026-06-01",
        "title": "promotion decision",
        "criteria": [],
    }
    assert doc["readiness_now"] == 0.0 and doc["readiness_after"] == 100.0
    assert doc["next_steps"] == next_steps(path) and doc["explanation"] == explain(path)


SPEC_ITEM_KEYS = (
    "criterion",
    "start",
    "finish",
    "latest_start",
    "effort_days",
    "slack_days",
    "requires",
    "needs_opportunity",
)
