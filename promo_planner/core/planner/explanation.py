"""The path in words: why these gaps, what was left out, what is critical, what to ask for, what
to start this week and whether the date holds. Shared by the CLI, the TUI and the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from promo_planner.core.planner.path import PathItem, PathPlan, start_this_week
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
    return f"{n} day" if n == 1 else f"{n} days"


def _gaps(n: int) -> str:
    return f"{n} gap" if n == 1 else f"{n} gaps"


def _named(item: PathItem) -> str:
    return f"{item.title} ({item.criterion_id})"


def _when(path: PathPlan, day: dt.date) -> str:
    delta = (day - path.today).days
    if delta == 0:
        return f"{day.isoformat()}, today"
    if delta > 0:
        return f"{day.isoformat()}, in {_days(delta)}"
    return f"{day.isoformat()}, {_days(-delta)} ago"


def explain(path: PathPlan) -> list[str]:
    """Readable sentences that explain ``path``, most important first."""
    out: list[str] = []
    out.extend(_why(path))
    if path.target_date_assumed:
        out.append(
            f"No target date is set, so the path assumes 26 weeks from today: "
            f"{path.target_date.isoformat()} (set one with `promo-planner init ... "
            f"--target-date YYYY-MM-DD`)."
        )
    out.append(_deadline(path))
    out.extend(_left_out(path))
    out.extend(_critical(path))
    out.extend(_opportunities(path))
    out.extend(_this_week(path))
    out.append(_feasibility(path))
    return out


def _why(path: PathPlan) -> list[str]:
    threshold = _threshold(path.threshold)
    if path.gap_count == 0:
        return [
            f"Readiness is {_pct(path.readiness_now)}: every criterion of the target level is "
            "met, so nothing needs closing."
        ]
    if not path.items:
        return [
            f"Readiness is {_pct(path.readiness_now)}, already at the {threshold} threshold, so "
            "no gap needs closing; the gaps that remain are optional."
        ]
    n = len(path.items)
    how = (
        "every gap, because the threshold is 100%"
        if path.threshold >= 100
        else "the least total effort that reaches the threshold"
    )
    lines = [
        f"Readiness is {_pct(path.readiness_now)} now; closing these {_gaps(n)} "
        f"({_days(path.total_effort_days)} of work in all) lifts it to "
        f"{_pct(path.readiness_after)} against the {threshold} threshold ({how})."
    ]
    if not path.choice_exact:
        lines.append(
            f"With {path.gap_count} gaps to choose from, the set is a heuristic's choice (greedy "
            "by readiness gained per day of effort, then improved by dropping and swapping "
            "gaps); it may not be the very cheapest."
        )
    return lines


def _deadline(path: PathPlan) -> str:
    parts = [
        f"{path.lead_weeks} weeks before the target date {path.target_date.isoformat()} "
        "for the packet"
    ]
    if path.sustain_weeks:
        parts.append(f"{path.sustain_weeks} more weeks to show the new level is sustained")
    return (
        f"Every chosen gap must be closed by the deadline {path.deadline.isoformat()}: "
        + ", plus ".join(parts)
        + "."
    )


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


def _opportunities(path: PathPlan) -> list[str]:
    asks = [it for it in path.items if it.needs_opportunity]
    if not asks:
        return []
    listed = "; ".join(f"{_named(it)}, start by {it.start_by.isoformat()}" for it in asks)
    verb = "needs" if len(asks) == 1 else "need"
    return [
        f"{'This' if len(asks) == 1 else 'These'} {verb} an opportunity someone must grant "
        f"(a project, a role, a hire), so ask your manager early: {listed}."
    ]


def _listed(names: list[str]) -> str:
    if len(names) <= NAMES_LISTED:
        return "; ".join(names)
    return "; ".join(names[:NAMES_LISTED]) + f"; and {len(names) - NAMES_LISTED} more"


def _this_week(path: PathPlan) -> list[str]:
    if not path.items:
        return []
    now = start_this_week(path)
    late = [it for it in now if it.start_by < path.today]
    soon = [it for it in now if it.start_by >= path.today]
    lines = []
    if late:
        lines.append(
            f"Already late: {_gaps(len(late))} should have started before today, which is "
            "why the date does not hold; the most overdue: "
            + _listed([f"{_named(it)}, start by {_when(path, it.start_by)}" for it in late])
            + "."
        )
    if soon:
        lines.append(
            "Start this week: "
            + _listed([f"{_named(it)}, start by {_when(path, it.start_by)}" for it in soon])
            + "."
        )
    if not now:
        first = path.items[0]
        lines.append(
            f"Nothing needs starting this week; the next start is {_named(first)} by "
            f"{_when(path, first.start_by)}."
        )
    return lines


def _feasibility(path: PathPlan) -> str:
    target = path.target_date.isoformat()
    if path.feasible:
        spare = (path.target_date - path.earliest_promotion_date).days
        return (
            f"The target date {target} is feasible with {_days(spare)} to spare: the earliest "
            f"promotion date is {path.earliest_promotion_date.isoformat()}."
        )
    remaining = (path.deadline - path.today).days
    if remaining < 0:
        room = f"the deadline {path.deadline.isoformat()} has already passed"
    else:
        room = f"only {_days(remaining)} remain before the deadline {path.deadline.isoformat()}"
    work = (
        f"the chosen gaps need {_days(path.makespan_days)} working back from the deadline but "
        if path.makespan_days
        else ""
    )
    return (
        f"The target date {target} is not feasible: {work}{room}; the earliest promotion "
        f"date is {path.earliest_promotion_date.isoformat()}."
    )
