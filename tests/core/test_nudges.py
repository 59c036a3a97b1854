"""Nudges: chosen gaps gone quiet and evidence about to leave the window, from plain values."""

from __future__ import annotations

import datetime as dt

from promo_planner.core.nudges import add_months, find_nudges, stops_counting
from promo_planner.core.records import CriterionLink

TODAY = dt.date(2026, 11, 20)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def links(*ids: str) -> tuple[CriterionLink, ...]:
    return tuple(CriterionLink(i) for i in ids)


def test_a_gap_on_the_path_with_old_evidence_has_gone_quiet() -> None:
    evidence = [
        (1, day("2026-09-01"), links("design.docs")),  # 11 weeks ago: quiet
        (2, day("2026-11-01"), links("mentoring")),  # under 3 weeks ago: not quiet
        (3, day("2026-10-23"), links("craft.tests")),  # exactly 4 weeks ago: quiet
        (4, day("2026-12-01"), links("craft.tests")),  # after today: not counted as new
        (5, day("2026-01-01"), links("ops.oncall")),  # old, but not a chosen gap
    ]
    # impact.metrics has no evidence yet: the path says when to start it, no nudge.
    path = ["design.docs", "mentoring", "craft.tests", "impact.metrics"]
    found = find_nudges(path, evidence, TODAY)
    assert [(q.criterion_id, q.last_evidence, q.weeks_quiet) for q in found.quiet] == [
        ("design.docs", day("2026-09-01"), 11),
        ("craft.tests", day("2026-10-23"), 4),
    ]
    # Six weeks on the plan: only the longer silence is worth a nudge.
    found = find_nudges(path, evidence, TODAY, nudge_weeks=6)
    assert [q.criterion_id for q in found.quiet] == ["design.docs"]
    assert not find_nudges([], evidence, TODAY)


def test_evidence_leaving_the_window_within_a_month() -> None:
    evidence = [
        (1, day("2025-05-25"), links("craft.tests")),  # 18 months on 2026-11-25: leaves soon
        (2, day("2025-12-01"), links("craft.tests")),  # stays
        (3, day("2025-06-10"), links("design.docs", "outside.set")),  # leaves 2026-12-11
        (4, day("2025-07-01"), links("design.docs")),  # leaves 2027-01-02: after the horizon
        (5, day("2025-04-01"), links("mentoring")),  # already outside: nothing to lose
    ]
    found = find_nudges(
        [], evidence, TODAY, window_months=18, criteria={"craft.tests", "design.docs", "mentoring"}
    )
    assert [w.to_json() for w in found.leaving] == [
        {
            "criterion": "craft.tests",
            "leaving": [{"evidence": 1, "stops_counting": "2026-11-26"}],
            "counted_now": 2,
            "counted_after": 1,
        },
        {
            "criterion": "design.docs",
            "leaving": [{"evidence": 3, "stops_counting": "2026-12-11"}],
            "counted_now": 2,
            "counted_after": 1,
        },
    ]
    assert find_nudges([], evidence, TODAY).leaving == ()  # no window: nothing leaves


def test_month_arithmetic_clamps_to_the_months_end() -> None:
    assert add_months(day("2026-08-31"), 6) == day("2027-02-28")
    assert add_months(day("2026-03-31"), -1) == day("2026-02-28")
    assert add_months(day("2024-02-29"), 12) == day("2025-02-28")
    # Counted through 2027-02-28 (that day's window starts on 2026-08-28), gone from 1 March.
    assert stops_counting(day("2026-08-31"), 6) == day("2027-03-01")
    assert stops_counting(day("2026-05-25"), 18) == day("2027-11-26")
