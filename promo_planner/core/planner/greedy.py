"""The near-linear heuristic of the choice (SPEC 5.1 beyond the exact limit).

1. **Greedy on closures.** A candidate is an untaken gap with its untaken prerequisites (its
   *closure*: taking a gap means taking those too). It is ranked by what it brings per day of
   effort: the part of its gain that still counts towards the overall amount, plus the part
   that counts towards its areas' amounts (both capped at what is still missing), divided by
   its effort; free candidates first. The best candidate is taken, and so on until every amount
   is reached.
2. **Dropping.** Then every chosen gap that no chosen gap requires is dropped, largest effort
   first, when the rest still reaches every amount; dropping one may free its prerequisites to
   be dropped in turn.

To stay near-linear on any ladder, a candidate's rank reads at most ``LOOKAHEAD`` gaps of its
closure; a candidate whose closure is longer (a deep chain of untaken prerequisites) waits
until no candidate with a fully read closure is left, by when its closure has usually shrunk.
Ranks live in a heap and are refreshed lazily: a popped candidate is re-ranked, and put back
when its rank got worse (at most ``REQUEUES`` times each); when gaps are taken, the gaps that
directly require them are re-ranked at once, as their closures just shrank. Taking a closure
visits each gap and edge once over the whole run. So the heuristic costs
O((n + e) × LOOKAHEAD × log n) for n gaps and e ``requires`` edges.
"""

from __future__ import annotations

import heapq

from promo_planner.core.planner.problem import Instance

LOOKAHEAD = 16
"""Gaps of a candidate's closure read to rank it."""

REQUEUES = 3
"""Times a candidate whose rank got worse is put back before it is taken at its new rank."""

_RATIO_SCALE = 1 << 64
"""Value per day is compared as ``floor(value × 2**64 / effort)``: two different ratios of
integers with efforts below 2**32 differ by at least ``1 / (e1 × e2) > 2**-64``, so the scaled
integers keep their exact order, and integer comparison is far cheaper than Fraction's."""

Rank = tuple[int, int, int, int]
"""(closure read only in part, 0 free / 1 not, −value per day, −value): smaller is better."""


def greedy_choice(p: Instance) -> list[int]:
    """A down-set of ``p`` that reaches every amount (indexes), by the greedy then dropping.

    ``p`` must be satisfiable (all gaps together reach every amount).
    """
    taken = _greedy(p)
    return _drop(p, taken)


def _greedy(p: Instance) -> list[bool]:
    taken = [False] * p.n
    missing = p.need
    area_missing = list(p.area_need)
    version = [0] * p.n
    requeued = [0] * p.n
    heap: list[tuple[Rank, int, int]] = []

    def closure_part(i: int) -> tuple[list[int], bool]:
        """Up to LOOKAHEAD gaps of i's untaken closure, and whether that is all of it."""
        seen = {i}
        stack = [i]
        out = []
        while stack:
            j = stack.pop()
            out.append(j)
            if len(out) >= LOOKAHEAD and (stack or any(not taken[q] for q in p.prerequisites[j])):
                return out, False
            for q in p.prerequisites[j]:
                if not taken[q] and q not in seen:
                    seen.add(q)
                    stack.append(q)
        return out, True

    def rank(i: int) -> Rank | None:
        members, whole = closure_part(i)
        total = 0
        per_area: dict[int, int] = {}
        effort = 0
        for j in members:
            total += p.gain[j]
            per_area[p.area[j]] = per_area.get(p.area[j], 0) + p.gain[j]
            effort += p.effort[j]
        value = min(total, max(0, missing)) + sum(
            min(got, max(0, area_missing[a])) for a, got in per_area.items()
        )
        if value <= 0:
            return None
        per_day = value if effort == 0 else (value * _RATIO_SCALE) // effort
        return (0 if whole else 1, 0 if effort == 0 else 1, -per_day, -value)

    def push(i: int) -> None:
        found = rank(i)
        version[i] += 1
        if found is not None:
            heapq.heappush(heap, (found, version[i], i))

    def take(i: int) -> list[int]:
        added = []
        stack = [i]
        taken[i] = True
        while stack:
            j = stack.pop()
            added.append(j)
            for q in p.prerequisites[j]:
                if not taken[q]:
                    taken[q] = True
                    stack.append(q)
        return added

    for i in range(p.n):
        push(i)
    while (missing > 0 or any(m > 0 for m in area_missing)) and heap:
        old, ver, i = heapq.heappop(heap)
        if taken[i] or ver != version[i]:
            continue
        new = rank(i)
        if new is None:
            continue
        if new > old and requeued[i] < REQUEUES:
            requeued[i] += 1
            version[i] += 1
            heapq.heappush(heap, (new, version[i], i))
            continue
        added = take(i)
        for j in added:
            missing -= p.gain[j]
            area_missing[p.area[j]] -= p.gain[j]
        for j in added:
            for d in p.dependents[j]:
                if not taken[d]:
                    push(d)
    return taken


def _drop(p: Instance, taken: list[bool]) -> list[int]:
    """Drop chosen gaps nothing chosen requires, largest effort first, while every amount holds.

    Among equal efforts a needs_opportunity gap goes first, then the larger id (the tie-breaks
    of SPEC 5.1 prefer fewer opportunities and smaller ids). Zero-effort gaps that need no
    opportunity stay: dropping them saves nothing.
    """
    total = sum(p.gain[i] for i in range(p.n) if taken[i])
    per_area = [0] * len(p.area_need)
    for i in range(p.n):
        if taken[i]:
            per_area[p.area[i]] += p.gain[i]
    required_by = [sum(1 for d in p.dependents[i] if taken[d]) for i in range(p.n)]
    # ids are indexed in sorted order, so a larger index is a larger id.
    leaves = [(-p.effort[i], -p.opp[i], -i) for i in range(p.n) if taken[i] and not required_by[i]]
    heapq.heapify(leaves)
    while leaves:
        _, _, minus_i = heapq.heappop(leaves)
        i = -minus_i
        if p.effort[i] == 0 and not p.opp[i]:
            continue
        a = p.area[i]
        if total - p.gain[i] < p.need or per_area[a] - p.gain[i] < p.area_need[a]:
            continue  # needed; sums only fall from here, so it stays needed
        taken[i] = False
        total -= p.gain[i]
        per_area[a] -= p.gain[i]
        for q in p.prerequisites[i]:
            required_by[q] -= 1
            if required_by[q] == 0 and taken[q]:
                heapq.heappush(leaves, (-p.effort[q], -p.opp[q], -q))
    return [i for i in range(p.n) if taken[i]]
