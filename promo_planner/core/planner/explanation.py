"""The path in words, shared by the CLI, the app and the report.

* ``next_steps``: what to do now: what to start, which asks must go to the manager now, and
  whether the date holds (if not: how late, what capacity would make it, the earliest date).
* ``explain``: why the path looks the way it does: which gaps and why, the deadline, the last
  safe moment of the tightest gaps, the critical chain, the later asks, what was left out.
* ``path_document``: the ``path --json`` document, the data and both of the above.

No sentence ever names a date before today: what is behind us is said in days ("12 days
behind"), and a date past the calendar's end is said to be beyond what can be planned.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from promo_planner.core.planner.path import PathItem, PathPlan, asks_now, start_this_week
from promo_planner.core.records import decimal_text

LEFT_OUT_LISTED = 5
"""Left-out gaps named one by one; the rest are counted."""

NAMES_LISTED = 5
"""Gaps named in one sentence before the rest are only counted."""


def _pct(value: Decimal) -> str:
    return f"{value}%"


def _threshold(value: Decimal) -> str:
    return f"{decimal_text(value)}%"


def _days(n: int) -> str:
    return f"{n:,} day" if n == 1 else f"{n:,} days"


def _gaps(n: int) -> str:
    return f"{n:,} gap" if n == 1 else f"{n:,} gaps"


def _named(item: PathItem) -> str:
    return f"{item.title} ({item.criterion_id})"


def _listed(names: list[str]) -> str:
    if len(names) <= NAMES_LISTED:
        return "; ".join(names)
    return "; ".join(names[:NAMES_LISTED]) + f"; and {len(names) - NAMES_LISTED:,} more"


def _on(path: PathPlan, day: dt.date) -> str:
    """A day from today on, as a reader wants it: ``today``, ``2027-01-04 (in 37 days)``."""
    delta = (day - path.today).days
    if delta == 0:
        return "today"
    if day == dt.date.max and path.beyond_calendar:
        return "beyond 9999-12-31, the end of the calendar"
    return f"on {day.isoformat()} (in {_days(delta)})"


def _safe_start(path: PathPlan, item: PathItem) -> str:
    """The last safe moment of ``item``, without a date in the past."""
    # From the exact slack, not the date: a date may have been kept inside the calendar.
    behind = -item.slack_days - (item.start - path.today).days
    if behind > 0:
        return f"its last safe start passed {_days(behind)} ago"
    if behind == 0:
        return "its last safe start is today"
    return f"last safe start {item.latest_start.isoformat()}"


# --------------------------------------------------------------------------- what to do now


def next_steps(path: PathPlan) -> list[str]:
    """What to do now, most urgent first: start, ask, and whether the date holds."""
    if path.beyond_calendar:
        return [_verdict(path)]  # no step of such a plan means anything
    out = _start_now(path)
    out.extend(_asks_now(path))
    out.append(_verdict(path))
    return out


def _start_now(path: PathPlan) -> list[str]:
    if not path.items:
        return []
    week = start_this_week(path)
    today = [it for it in week if it.start == path.today]
    later = [it for it in week if it.start != path.today]
    lines = [
        "Start today: " + _listed([f"{_named(it)}, {_safe_start(path, it)}" for it in today]) + "."
    ]
    if later:
        lines.append(
            "Later this week: "
            + _listed([f"{_named(it)} {_on(path, it.start)}" for it in later])
            + "."
        )
    after = [it for it in path.items if (it.start - path.today).days >= 7]
    if after:
        first = after[0]
        lines.append(
            f"Next start after this week: {_named(first)} {_on(path, first.start)}, "
            "when a place frees up or its prerequisites close."
        )
    return lines


def _ask_words(path: PathPlan, item: PathItem) -> str:
    if item.start == path.today:
        when = "the plan starts it today"
    else:
        when = f"the plan starts it {_on(path, item.start)}"
    if item.slack_days < 0 and item.latest_start >= path.today:
        return (
            f"{_named(item)}: {when}, {_days(-item.slack_days)} after its last safe start "
            f"{item.latest_start.isoformat()}"
        )
    return f"{_named(item)}: {when}, {_safe_start(path, item)}"


def _asks_now(path: PathPlan) -> list[str]:
    asks = asks_now(path)
    if not asks:
        return []
    return [
        "Ask your manager now for the opportunity "
        + ("this gap needs" if len(asks) == 1 else "these gaps need")
        + " (a project, a role, a hire): "
        + _listed([_ask_words(path, it) for it in asks])
        + "."
    ]


def _verdict(path: PathPlan) -> str:
    target = path.target_date.isoformat()
    if path.beyond_calendar:
        text = (
            "This plan runs past 9999-12-31, the end of the calendar, so no promotion date can "
            "be planned"
        )
        years = path.makespan_days // 365
        if years >= 100:
            text += (
                f": the chosen gaps need {_days(path.makespan_days)} of work from today (about "
                f"{years:,} years). The guideline's effort_weeks along its requires chains are "
                "far too large"
            )
        return text + "."
    if path.feasible:
        spare = (path.target_date - path.earliest_promotion_date).days
        when = (
            f"the gaps close {_on(path, path.finish)}, "
            if path.items
            else "nothing needs closing, "
        )
        return (
            f"The target date {target} holds with {_days(spare)} to spare: {when}so the "
            f"earliest promotion date is {path.earliest_promotion_date.isoformat()}."
        )
    earliest = path.earliest_promotion_date.isoformat()
    late = f"the earliest promotion date is {earliest}, {_days(path.days_late)} after it"
    if path.days_left < 0:
        why = (
            f"the gaps had to be closed {path.lead_weeks + path.sustain_weeks} weeks before it "
            f"(the packet and the sustain period), and that deadline passed "
            f"{_days(-path.days_left)} ago"
        )
    elif not path.items:
        why = f"the packet is due {path.lead_weeks} weeks before it, fewer than are left"
    else:
        at_once = f"{path.capacity} at once"
        why = (
            f"working on {at_once}, the gaps close {_on(path, path.finish)}, "
            f"{_days(path.makespan_days - path.days_left)} after the deadline "
            f"{path.deadline.isoformat()}"
        )
    text = f"The target date {target} does not hold: {why}; {late}."
    if path.capacity_needed is not None:
        text += f" Working on {path.capacity_needed} gaps at once would make the date."
    elif path.items and path.days_left >= 0:
        text += (
            f" No number of gaps at once would: the critical chain alone takes "
            f"{_days(path.critical_path_days)}, and {_days(path.days_left)} are left before "
            "the deadline."
        )
    return text


# --------------------------------------------------------------------------- why


def explain(path: PathPlan) -> list[str]:
    """Readable sentences on why the path is what it is, most important first (what to do
    now is ``next_steps``)."""
    out: list[str] = []
    out.extend(_why(path))
    if path.target_date_assumed:
        out.append(
            f"No target date is set, so the path assumes 26 weeks from today: "
            f"{path.target_date.isoformat()} (set one with `promo-planner init ... "
            f"--target-date YYYY-MM-DD`)."
        )
    out.append(_deadline(path))
    out.extend(_last_safe(path))
    out.extend(_critical(path))
    out.extend(_later_asks(path))
    out.extend(_left_out(path))
    return out


def _why(path: PathPlan) -> list[str]:
    threshold = _threshold(path.threshold)
    floor = (
        f" and every area at {_threshold(path.area_floor)} or more" if path.area_floor > 0 else ""
    )
    if path.gap_count == 0:
        return [
            f"Readiness is {_pct(path.readiness_now)}: every criterion of the target level is "
            "met, so nothing needs closing."
        ]
    if not path.items:
        return [
            f"Readiness is {_pct(path.readiness_now)}, already at the {threshold} threshold"
            f"{floor}, so no gap needs closing; the gaps that remain are optional."
        ]
    n = len(path.items)
    how = (
        "every gap, because the threshold is 100%"
        if path.threshold >= 100
        else "the least total effort that gets there"
    )
    lines = [
        f"Readiness is {_pct(path.readiness_now)} now; closing these {_gaps(n)} "
        f"({_days(path.total_effort_days)} of work in all) lifts it to "
        f"{_pct(path.readiness_after)} against the {threshold} threshold{floor} ({how})."
    ]
    if not path.choice_exact:
        lines.append(
            f"With {path.gap_count:,} gaps to choose from, the set is a heuristic's choice "
            "(greedy by readiness gained per day of effort, then dropping what is not needed); "
            "it may not be the very cheapest."
        )
    return lines


def _deadline(path: PathPlan) -> str:
    parts = [f"{path.lead_weeks} weeks before the target date for the packet"]
    if path.sustain_weeks:
        parts.append(f"{path.sustain_weeks} more weeks to show the new level is sustained")
    if path.days_left < 0:
        when = f"had to be closed by a deadline that passed {_days(-path.days_left)} ago"
    else:
        when = f"must be closed by the deadline {path.deadline.isoformat()}"
    return f"The chosen gaps {when}: " + ", plus ".join(parts) + "."


def _last_safe(path: PathPlan) -> list[str]:
    if not path.items:
        return []
    behind = sorted(
        (it for it in path.items if it.slack_days < 0),
        key=lambda it: (it.slack_days, it.criterion_id),
    )
    if behind:
        return [
            f"{_gaps(len(behind)).capitalize()} already start after their last safe moment, "
            "so each day they wait moves the promotion date; the furthest behind: "
            + _listed([f"{_named(it)}, slack {it.slack_days:,} days" for it in behind])
            + "."
        ]
    tight = sorted(path.items, key=lambda it: (it.slack_days, it.criterion_id))
    return [
        "The last safe moment to start each gap is its latest start; the tightest: "
        + _listed(
            [
                f"{_named(it)}, latest start {it.latest_start.isoformat()} "
                f"({_days(it.slack_days)} of slack)"
                for it in tight
            ]
        )
        + "."
    ]


def _critical(path: PathPlan) -> list[str]:
    if not path.critical_chain:
        return []
    chain = " → ".join(path.critical_chain)
    line = (
        f"Critical chain: {chain} ({_days(path.critical_path_days)} end to end, one after "
        "another because each requires the one before)"
        if len(path.critical_chain) > 1
        else f"Critical chain: {chain} ({_days(path.critical_path_days)}, the longest single gap)"
    )
    if path.makespan_days > path.critical_path_days:
        line += (
            f"; working on {path.capacity} at once, the whole path takes "
            f"{_days(path.makespan_days)}."
        )
    else:
        line += "; the path cannot be shorter than that."
    return [line]


def _later_asks(path: PathPlan) -> list[str]:
    now = {it.criterion_id for it in asks_now(path)}
    later = [it for it in path.items if it.needs_opportunity and it.criterion_id not in now]
    if not later:
        return []
    return [
        "Ask for these opportunities well before the plan starts them: "
        + _listed([_ask_words(path, it) for it in later])
        + "."
    ]


def _left_out(path: PathPlan) -> list[str]:
    if not path.left_out or not path.items:
        if path.left_out:
            return [
                f"Still open but not needed: {_gaps(len(path.left_out))}; closing any of them "
                "only raises readiness further."
            ]
        return []
    lines = []
    for lo in path.left_out[:LEFT_OUT_LISTED]:
        after = f", after {', '.join(lo.needs_first)}" if lo.needs_first else ""
        lines.append(
            f"Left out: {lo.title} ({lo.criterion_id}); closing it would add "
            f"{lo.readiness_gain} points for {_days(lo.effort_days)} of work{after}."
        )
    rest = len(path.left_out) - LEFT_OUT_LISTED
    if rest > 0:
        lines.append(f"{_gaps(rest).capitalize()} more left out, each adding less.")
    return lines


def path_document(path: PathPlan) -> dict[str, Any]:
    """The ``path --json`` document: ``PathPlan.to_json()`` with ``next_steps`` and
    ``explanation``, the sentences every other surface shows."""
    return {**path.to_json(), "next_steps": next_steps(path), "explanation": explain(path)}
