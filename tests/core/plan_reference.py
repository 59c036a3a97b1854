"""SPEC 5.2-5.4 written plainly, as the planner's tests check it: tails by recursion, the plan
one day at a time, feasibility by looking at the last finish. Slow on purpose; no cleverness."""

from __future__ import annotations

from collections.abc import Sequence

from promo_planner.core.planner import Gap


def reference_tails(gaps: Sequence[Gap]) -> dict[str, int]:
    """tail(c) = effort(c) + the longest tail among the gaps that require c (SPEC 5.2)."""
    by_id = {g.id: g for g in gaps}
    memo: dict[str, int] = {}

    def tail(gid: str) -> int:
        if gid not in memo:
            waiting = [g.id for g in gaps if gid in g.requires and g.id != gid]
            memo[gid] = by_id[gid].effort_days + max((tail(d) for d in waiting), default=0)
        return memo[gid]

    return {g.id: tail(g.id) for g in gaps}


def reference_schedule(gaps: Sequence[Gap], capacity: int) -> dict[str, tuple[int, int]]:
    """SPEC 5.2 word for word, one day at a time: (start, finish) per gap, in days from today."""
    ids = {g.id for g in gaps}
    tails = reference_tails(gaps)
    start: dict[str, int] = {}
    finish: dict[str, int] = {}
    day = 0
    while len(start) < len(gaps):
        while True:
            in_progress = [c for c in start if start[c] <= day < finish[c]]
            if len(in_progress) >= capacity:
                break
            ready = [
                g
                for g in gaps
                if g.id not in start
                and all(finish.get(r, day + 1) <= day for r in g.requires if r in ids)
            ]
            if not ready:
                break
            first = min(ready, key=lambda g: (-tails[g.id], not g.needs_opportunity, g.id))
            start[first.id] = day
            finish[first.id] = day + first.effort_days
        day += 1
        assert day <= sum(g.effort_days for g in gaps) + 1, "the reference is stuck"
    return {gid: (start[gid], finish[gid]) for gid in start}


def reference_feasible(gaps: Sequence[Gap], capacity: int, available: int) -> bool:
    """Whether the plan with ``capacity`` places closes every gap within ``available`` days."""
    plan = reference_schedule(gaps, capacity)
    return max((f for _, f in plan.values()), default=0) <= available


def reference_capacity_needed(gaps: Sequence[Gap], capacity: int, available: int) -> int | None:
    """The smallest capacity from ``capacity`` up whose plan fits, by trying each one (past
    one place per gap every capacity gives the same plan)."""
    if not gaps:
        return capacity if available >= 0 else None
    for k in range(capacity, max(capacity, len(gaps)) + 1):
        if reference_feasible(gaps, k, available):
            return k
    return None


def longest_chain(gaps: Sequence[Gap]) -> int:
    """The critical path: the longest chain of remaining efforts along ``requires``."""
    return max(reference_tails(gaps).values(), default=0)
