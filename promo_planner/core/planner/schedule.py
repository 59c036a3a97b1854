"""Step 2 of the path (SPEC section 5): schedule the chosen gaps backwards from the deadline.

Times here are whole days *before the deadline D*: a gap with ``start_before = 10`` and
``due_before = 3`` must start 10 days before D and be closed 3 days before D; it occupies the
days ``[D − 10, D − 3)``.

Reverse list scheduling: run time backwards from D. In reversed time a gap becomes available
once every chosen gap that requires it has been placed and has started (a prerequisite must be
due on or before its dependent's start); whenever fewer than ``capacity`` gaps are in progress,
the available gap with the longest chain of effort through its own prerequisites goes next
(critical path first; then more prerequisites below it; then id). Each gap is therefore placed
as late as the precedence and capacity rules allow at the moment it is placed, and with
``capacity ≥ |S|`` every gap gets exactly its latest finish time
``min(D, earliest start of its dependents)``.

Because this is a greedy list schedule, Graham's bound holds: the makespan is at most
``total / capacity + critical_path × (1 − 1 / capacity)``, and at least both the critical path
and ``total / capacity``. Zero-effort gaps take no capacity and no days (``due = start_by``).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from promo_planner.core.planner.choose import Gap


@dataclass(frozen=True)
class Slot:
    """Where one gap sits, in whole days before the deadline (``start_before ≥ due_before``)."""

    id: str
    start_before: int
    due_before: int


def prerequisites_within(gaps: Sequence[Gap]) -> dict[str, tuple[str, ...]]:
    """Each gap's prerequisites that are among ``gaps`` (others impose nothing), by id."""
    ids = {g.id for g in gaps}
    return {g.id: tuple(sorted({r for r in g.requires if r in ids and r != g.id})) for g in gaps}


def _topological(gaps: Sequence[Gap], prereq: dict[str, tuple[str, ...]]) -> list[str]:
    """Ids with every prerequisite before its dependents; ValueError on a cycle."""
    order: list[str] = []
    state: dict[str, int] = {}
    for root in sorted(g.id for g in gaps):
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, k = stack.pop()
            reqs = prereq[node]
            if k < len(reqs):
                stack.append((node, k + 1))
                nxt = reqs[k]
                seen = state.get(nxt)
                if seen == 1:
                    raise ValueError(f"cycle in 'requires' through {nxt!r}")
                if seen is None:
                    state[nxt] = 1
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                order.append(node)
    return order


def _chains(
    gaps: Sequence[Gap],
) -> tuple[dict[str, tuple[str, ...]], list[str], dict[str, int], dict[str, int]]:
    """(prerequisites within the set, prerequisite-first order, efforts, chain lengths): what
    the schedule and the critical chain both read, worked out once. ValueError on a cycle."""
    prereq = prerequisites_within(gaps)
    order = _topological(gaps, prereq)
    effort = {g.id: g.effort_days for g in gaps}
    head: dict[str, int] = {}
    for gid in order:
        head[gid] = effort[gid] + max((head[p] for p in prereq[gid]), default=0)
    return prereq, order, effort, head


def chain_lengths(gaps: Sequence[Gap]) -> dict[str, int]:
    """For each gap, the longest chain of effort ending with it (through its prerequisites)."""
    return _chains(gaps)[3]


def critical_chain(gaps: Sequence[Gap]) -> tuple[int, list[str]]:
    """The critical path: its length in days and its gaps, prerequisite first.

    Among chains of equal length the one ending at the smallest id wins, then the smallest id at
    each step back, so the answer is stable. An empty list when there is no effort at all.
    """
    prereq, _, effort, head = _chains(gaps)
    if not head:
        return 0, []
    length = max(head.values())
    if length == 0:
        return 0, []
    node = min(gid for gid, h in head.items() if h == length)
    chain = [node]
    while True:
        want = head[node] - effort[node]
        below = sorted(p for p in prereq[node] if head[p] == want)
        if not below or want == 0:
            break
        node = below[0]
        chain.append(node)
    chain.reverse()
    return length, chain


def schedule_backwards(gaps: Sequence[Gap], capacity: int) -> dict[str, Slot]:
    """Place every gap as late as precedence and ``capacity`` allow, working back from D.

    Returns a ``Slot`` per gap id. ``ValueError`` if ``capacity < 1`` or ``requires`` has a cycle.
    """
    if capacity < 1:
        raise ValueError("capacity must be at least 1")
    prereq, order, effort, head = _chains(gaps)  # also rejects cycles
    below_count = {gid: 0 for gid in prereq}
    waiting = {gid: 0 for gid in prereq}  # dependents not yet started (in reverse time)
    for reqs in prereq.values():
        for r in reqs:
            waiting[r] += 1
    for gid in order:
        below_count[gid] = len(prereq[gid]) + sum(below_count[p] for p in prereq[gid])

    def priority(gid: str) -> tuple[int, int, str]:
        return (-head[gid], -below_count[gid], gid)

    ready: list[tuple[tuple[int, int, str], str]] = [
        (priority(gid), gid) for gid, n in waiting.items() if n == 0
    ]
    heapq.heapify(ready)
    running: list[tuple[int, str]] = []  # (reverse finish = start_before, id)
    slots: dict[str, Slot] = {}
    t = 0

    def finish(gid: str) -> None:
        for r in prereq[gid]:
            waiting[r] -= 1
            if waiting[r] == 0:
                heapq.heappush(ready, (priority(r), r))

    while len(slots) < len(effort):
        # Zero-effort gaps first (they may release more gaps at this same moment), then the
        # free places go to the available gaps by priority.
        available: list[tuple[tuple[int, int, str], str]] = []
        while ready:
            item = heapq.heappop(ready)
            gid = item[1]
            if effort[gid] == 0:
                # Takes no days and no capacity: due exactly when its dependents start.
                slots[gid] = Slot(gid, t, t)
                finish(gid)
            else:
                available.append(item)
        available.sort()
        free = capacity - len(running)
        for _, gid in available[:free]:
            slots[gid] = Slot(gid, t + effort[gid], t)
            heapq.heappush(running, (t + effort[gid], gid))
        for item in available[free:]:
            heapq.heappush(ready, item)
        if not running:
            if len(slots) < len(effort):  # pragma: no cover - cycles are rejected above
                raise ValueError("cycle in 'requires'")
            break
        t = running[0][0]
        while running and running[0][0] == t:
            finish(heapq.heappop(running)[1])
    return slots
