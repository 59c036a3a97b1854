"""Step 2 of the path (SPEC section 5.2-5.4): the plan from today, and what it would take.

Times here are whole days counted from today (day 0). A gap with ``start = 3`` and
``finish = 10`` is in progress on days 3 to 9 and closed on day 10.

**List scheduling forward from today.** Day by day: while fewer than ``capacity`` gaps are in
progress and some unstarted gap is *ready* (every prerequisite in the set has finished on or
before this day), the ready gap that comes first by (a) the longest **tail**, (b)
``needs_opportunity`` first, (c) id, starts. A zero-effort gap starts and finishes on the same
day, so it never counts as in progress, and its dependents are ready that very day; it still
starts only while a place is free, as the rule says. Nothing happens between the days on which
a gap finishes, so the simulation jumps from one such day to the next: with heaps for the ready
and the running gaps, a schedule costs O((n + e) log n) for n gaps and e ``requires`` edges.

**Tail** of a gap: its remaining effort plus the longest chain of remaining efforts of its
dependents in the set. With D days available before the deadline, ``latest_start = D − tail``
(the critical path method from the deadline, capacity ignored) and ``slack = latest_start −
start``. A list schedule never leaves a place free while a gap is ready, so Graham's bound
holds: ``makespan ≤ total / capacity + critical_path × (1 − 1 / capacity)``; it is at least
the critical path and ``total / capacity``; with ``capacity ≥ n`` it *is* the critical path.

**What capacity would make the date.** List scheduling is not monotone in capacity (Graham's
anomalies: one more place can make a schedule longer), so ``capacity_needed`` never bisects. It
tries capacities upwards from the plan's and returns the first feasible one. It skips only
capacities proven infeasible for *every* schedule (the work that must be done by some day, or
that cannot start before some day, does not fit), and stops at the first capacity proven
feasible (Graham's bound for every list schedule; or the width of the unlimited schedule, from
which on the plan is as long as the critical path), which it still checks. Each try stops at
the first gap that starts after its latest start, since then the date is already lost. In the
worst case that is one schedule per capacity between the two proofs; on the 10,000-criteria
benchmark ladder it is about a dozen.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from promo_planner.core.planner.problem import Gap, RequiresGraph


@dataclass(frozen=True)
class Slot:
    """When one gap is worked on, in whole days from today: ``start ≤ finish``."""

    id: str
    start: int
    finish: int


class Network:
    """The chosen gaps with their ``requires`` edges, tails and priority, worked out once.

    ``ValueError`` when ``requires`` has a cycle among the gaps (a validated ladder has none).
    """

    def __init__(self, gaps: Sequence[Gap]) -> None:
        graph = RequiresGraph(gaps)
        self.ids = graph.ids
        self.prerequisites = graph.prerequisites
        self.dependents = graph.dependents
        self.order = graph.order
        n = len(self.ids)
        self.effort = [g.effort_days for g in gaps]
        self.tail = [0] * n
        for i in reversed(self.order):
            self.tail[i] = self.effort[i] + max(
                (self.tail[d] for d in self.dependents[i]), default=0
            )
        self.head = [0] * n
        """The longest chain of effort ending with each gap (through its prerequisites)."""
        for i in self.order:
            self.head[i] = self.effort[i] + max(
                (self.head[p] for p in self.prerequisites[i]), default=0
            )
        # The priority of SPEC 5.2 as one integer per gap: heaps compare ints cheaply.
        by_priority = sorted(
            range(n), key=lambda i: (-self.tail[i], not gaps[i].needs_opportunity, self.ids[i])
        )
        self.by_rank = by_priority
        self.rank = [0] * n
        for r, i in enumerate(by_priority):
            self.rank[i] = r
        self.critical_path = max(self.tail, default=0)
        self.total = sum(self.effort)

    def __len__(self) -> int:
        return len(self.ids)

    def schedule(self, capacity: int) -> list[Slot]:
        """The list schedule of SPEC 5.2 with ``capacity`` places (one Slot per gap, in the
        order the gaps were given). ``ValueError`` when ``capacity < 1``."""
        starts = self._run(capacity, None)
        assert starts is not None  # only a run with an ``available`` limit gives up
        return [
            Slot(gid, s, s + e) for gid, s, e in zip(self.ids, starts, self.effort, strict=True)
        ]

    def feasible(self, capacity: int, available: int) -> bool:
        """Whether the list schedule with ``capacity`` places finishes within ``available``
        days (every slack ≥ 0); stops at the first gap that starts too late."""
        if not self.ids:
            return available >= 0
        return self._run(capacity, available) is not None

    def _run(self, capacity: int, available: int | None) -> list[int] | None:
        """Start days per gap; None as soon as a gap cannot start by ``available − tail``."""
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        n = len(self.ids)
        effort, tail, rank, by_rank = self.effort, self.tail, self.rank, self.by_rank
        dependents = self.dependents
        waiting = [len(reqs) for reqs in self.prerequisites]
        ready = [rank[i] for i in range(n) if waiting[i] == 0]
        heapq.heapify(ready)
        running: list[tuple[int, int]] = []  # (finish, gap)
        starts = [0] * n
        started = 0
        day = 0

        def release(i: int) -> None:
            for d in dependents[i]:
                waiting[d] -= 1
                if waiting[d] == 0:
                    heapq.heappush(ready, rank[d])

        while True:
            while running and running[0][0] <= day:
                release(heapq.heappop(running)[1])
            while len(running) < capacity and ready:
                i = by_rank[heapq.heappop(ready)]
                if available is not None and day > available - tail[i]:
                    return None  # negative slack: the date is lost
                starts[i] = day
                started += 1
                if effort[i]:
                    heapq.heappush(running, (day + effort[i], i))
                else:
                    release(i)  # finished already: its dependents are ready today
            if available is not None and ready and day >= available - tail[by_rank[ready[0]]]:
                return None  # the most urgent waiting gap can no longer start in time
            if not running:
                break
            day = running[0][0]
        if started != n:  # pragma: no cover - cycles are rejected in __init__
            raise ValueError("cycle in 'requires'")
        return starts

    def width(self) -> int:
        """The most gaps in progress at once in the schedule with unlimited capacity. From
        this capacity on, every gap with effort starts when it would with unlimited capacity
        (a zero-effort gap may wait for a free place, but only while nothing waits for it),
        so the plan is as long as the critical path."""
        slots = self.schedule(max(1, len(self.ids)))
        events = sorted(
            [(s.start, 1) for s in slots if s.finish > s.start]
            + [(s.finish, -1) for s in slots if s.finish > s.start]
        )
        most = now = 0
        for _, change in events:  # a finish (-1) sorts before a start (+1) on the same day
            now += change
            most = max(most, now)
        return max(1, most)

    def capacity_needed(self, capacity: int, available: int) -> int | None:
        """The smallest capacity ≥ ``capacity`` whose schedule fits in ``available`` days, or
        None when none does (the critical chain alone is too long, or no day is left)."""
        if self.feasible(capacity, available):
            return capacity
        if not self.ids or self.critical_path > available or available <= 0:
            return None
        # Proven feasible from here on: Graham's bound, or the unlimited schedule's width.
        enough = self.width()
        if available > self.critical_path:
            spare = available - self.critical_path
            enough = min(enough, -(-(self.total - self.critical_path) // spare))
        first = max(capacity + 1, self._least_capacity(available))
        for k in range(first, enough):
            if self.feasible(k, available):
                return k
        # Proven above, and checked all the same: past one place per gap nothing ever waits,
        # so the plan is the critical path long, which fits.
        k = max(capacity + 1, enough)
        while not self.feasible(k, available):
            k += 1
        return k

    def _least_capacity(self, available: int) -> int:
        """A capacity below which no schedule at all fits in ``available`` days.

        Each gap must finish by its latest finish ``available − tail + effort`` and cannot start
        before its earliest start ``head − effort``; so the work due by day x must fit in x days
        and the work that cannot start before day y in the days from y to the end.
        """
        least = -(-self.total // available)
        due: dict[int, int] = {}
        released: dict[int, int] = {}
        for i, e in enumerate(self.effort):
            if e:
                due_day = available - self.tail[i] + e
                due[due_day] = due.get(due_day, 0) + e
                release_day = self.head[i] - e
                released[release_day] = released.get(release_day, 0) + e
        work = 0
        for day in sorted(due):
            work += due[day]
            least = max(least, -(-work // day))
        work = 0
        for day in sorted(released, reverse=True):
            work += released[day]
            least = max(least, -(-work // (available - day)))
        return least


def critical_chain(network: Network) -> list[str]:
    """The gaps of the critical path, prerequisite first: from the gap with the longest tail,
    each time the dependent that carries the rest of it (smallest id among equals). Empty when
    there is no effort at all."""
    if not network.critical_path:
        return []
    ids, tail, effort = network.ids, network.tail, network.effort
    node = min(
        (i for i in range(len(ids)) if tail[i] == network.critical_path), key=ids.__getitem__
    )
    chain = [node]
    while tail[node] > effort[node]:
        want = tail[node] - effort[node]
        node = min((d for d in network.dependents[node] if tail[d] == want), key=ids.__getitem__)
        chain.append(node)
    return [ids[i] for i in chain]
