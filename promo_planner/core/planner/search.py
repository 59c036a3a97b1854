"""The exact side of the choice (SPEC 5.1) on bit masks: local search and branch and bound.

A set of gaps is an int whose bit i is gap i (indexed by sorted id, so a mask's set bits, low
to high, are its sorted ids). Masks cost memory and time in proportion to the number of gaps
per operation, which is why ``choose`` uses them only up to ``REFINE_LIMIT`` gaps.

**Branch and bound.** Each node decides one gap: *take* it (with its whole prerequisite
closure) or *leave* it (with everything that transitively requires it). Every down-set is
reached by exactly one path of decisions, so the search is complete. A node is cut when a lower
bound on the key of anything below it is no better than the best set found: the effort part of
the bound is the largest of the fractional-knapsack relaxations (undecided gaps by gain per day,
the last one taken in part, rounded up to whole days), one for the overall amount and one per
area for what that area still misses; the opportunity part is the count already taken, and the
id part is ``sorted(taken ∪ undecided ids below max(taken))``, which no superset of ``taken``
can beat. The search starts from the heuristic's answer, so it usually only has to prove it.
With a node budget (beyond ``EXACT_LIMIT`` gaps: 4000 nodes, fewer past 40 gaps so the work
stays near 160,000 gap-visits) an unfinished search returns the best set found, not proven.
"""

from __future__ import annotations

from collections.abc import Sequence

from promo_planner.core.planner.problem import Instance

HEURISTIC_NODE_BUDGET = 4000
"""Search nodes the branch and bound may spend improving the heuristic beyond ``EXACT_LIMIT``;
each node costs time in proportion to the number of gaps, so past ``HEURISTIC_WORK / 4000``
gaps the budget shrinks to ``HEURISTIC_WORK // gaps`` nodes."""

HEURISTIC_WORK = 160_000

_RATIO_SCALE = 1 << 64  # see greedy._RATIO_SCALE

Key = tuple[int, int, list[int]]


def _bits(mask: int) -> list[int]:
    """Set bit positions, ascending; costs one step per set bit, not per bit of length."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _Masks:
    """``Instance`` with prerequisite closures and dependents as bit masks."""

    def __init__(self, p: Instance) -> None:
        self.p = p
        n = p.n
        closure = [1 << i for i in range(n)]
        for i in p.order:  # prerequisites first, so theirs are complete
            for q in p.prerequisites[i]:
                closure[i] |= closure[q]
        self.closure = closure
        dependents = [1 << i for i in range(n)]
        for i in reversed(p.order):
            for d in p.dependents[i]:
                dependents[i] |= dependents[d]
        self.dependents = dependents
        self.full = (1 << n) - 1
        self.areas = range(len(p.area_need))

    def key(self, mask: int) -> Key:
        bits = _bits(mask)
        p = self.p
        return (sum(p.effort[i] for i in bits), sum(p.opp[i] for i in bits), bits)

    def gains(self, mask: int) -> tuple[int, list[int]]:
        """(overall gain, gain per area) of ``mask``."""
        p = self.p
        per_area = [0] * len(p.area_need)
        total = 0
        for i in _bits(mask):
            total += p.gain[i]
            per_area[p.area[i]] += p.gain[i]
        return total, per_area

    def enough(self, total: int, per_area: Sequence[int]) -> bool:
        p = self.p
        return total >= p.need and all(per_area[a] >= p.area_need[a] for a in self.areas)


def _per_day(gain: int, effort: int) -> tuple[int, int]:
    """Sort key, best first: free gaps, then the most gain per day of effort (exact order)."""
    return (0, -gain) if effort == 0 else (1, -((gain * _RATIO_SCALE) // effort))


def refine(p: Instance, start: Sequence[int], budget: int | None) -> tuple[list[int], bool]:
    """Improve the heuristic's ``start`` by local search, then branch and bound from it.

    ``budget``: None searches to the end (exact); otherwise at most that many nodes.
    Returns (indexes, proven optimal).
    """
    m = _Masks(p)
    mask = 0
    for i in start:
        mask |= 1 << i
    best, exact = _branch_and_bound(m, _improve(m, mask), budget)
    return _bits(best), exact


def default_budget(gaps: int) -> int:
    """The node budget beyond ``EXACT_LIMIT``: ``HEURISTIC_NODE_BUDGET``, fewer for many gaps."""
    return min(HEURISTIC_NODE_BUDGET, max(1, HEURISTIC_WORK // max(1, gaps)))


def _improve(m: _Masks, start: int) -> int:
    """Drop and swap moves to a fixed point, each strictly lowering the key.

    A drop removes a gap no other chosen gap requires; a swap also adds another gap's
    prerequisite closure (one that does not need the dropped gap, or the swap would undo
    itself). The best move of a pass is applied, then the pass repeats.
    """
    p = m.p
    current = start
    current_key = m.key(current)
    while True:
        # What each unchosen gap would bring with its closure, against the current set.
        offers: list[tuple[int, int, int]] = []  # (effort, y, added mask)
        for y in range(p.n):
            if not current >> y & 1:
                add = m.closure[y] & ~current
                offers.append((sum(p.effort[j] for j in _bits(add)), y, add))
        offers.sort()
        best_move = current
        best_key = current_key
        for x in _bits(current):
            if m.dependents[x] & current != 1 << x:
                continue  # another chosen gap requires x
            rest = current & ~(1 << x)
            base_effort = current_key[0] - p.effort[x]
            base_opp = current_key[1] - p.opp[x]
            if m.enough(*m.gains(rest)):
                if _better(m, (base_effort, base_opp), rest, best_key):
                    best_move, best_key = rest, m.key(rest)
                continue
            for effort, y, add in offers:
                if effort > p.effort[x] or base_effort + effort > best_key[0]:
                    break  # offers are sorted by effort: none further can lower the key
                if m.closure[y] >> x & 1:
                    continue
                candidate = rest | add
                head = (base_effort + effort, base_opp + sum(p.opp[j] for j in _bits(add)))
                if _better(m, head, candidate, best_key) and m.enough(*m.gains(candidate)):
                    best_move, best_key = candidate, m.key(candidate)
        if best_move == current:
            return current
        current, current_key = best_move, best_key


def _better(m: _Masks, head: tuple[int, int], mask: int, key: Key) -> bool:
    """``key(mask) < key``, given ``head`` = (effort, opportunities) of ``mask``; the id
    list is only built when effort and opportunities tie."""
    if head != key[:2]:
        return head < key[:2]
    return _bits(mask) < key[2]


def _branch_and_bound(m: _Masks, incumbent: int, budget: int | None) -> tuple[int, bool]:
    """Search every down-set from ``incumbent``; returns (best, finished within budget)."""
    p = m.p
    # Decide gaps in order of gain per day, best first, so good sets are found early and the
    # fractional bounds are tight; free gaps first. Each bound reads its gaps in this order,
    # which is what makes it a lower bound.
    order = sorted(range(p.n), key=lambda i: (_per_day(p.gain[i], p.effort[i]), i))
    area_orders = [[i for i in order if p.area[i] == a] for a in m.areas]
    best = incumbent
    best_key = m.key(incumbent)
    nodes = 0
    exhausted = False

    def least_effort(gaps: list[int], undecided: int, rem: int) -> int:
        """Least whole days for ``gaps`` still undecided to add ``rem`` (fractional knapsack),
        or -1 if they cannot."""
        if rem <= 0:
            return 0
        extra = 0
        for i in gaps:
            if not undecided >> i & 1:
                continue
            g = p.gain[i]
            if g >= rem:
                return extra + -(-rem * p.effort[i] // g)
            rem -= g
            extra += p.effort[i]
        return -1

    def effort_bound(undecided: int, gained: int, area_gained: list[int]) -> int:
        bound = least_effort(order, undecided, p.need - gained)
        for a in m.areas:
            if bound < 0:
                break
            rem = p.area_need[a] - area_gained[a]
            if rem > 0:
                found = least_effort(area_orders[a], undecided, rem)
                bound = -1 if found < 0 else max(bound, found)
        return bound

    def visit(taken: int, left: int, effort: int, opp: int, gained: int, areas: list[int]) -> None:
        nonlocal best, best_key, nodes, exhausted
        nodes += 1
        if budget is not None and nodes > budget:
            exhausted = True
            return
        undecided = m.full & ~taken & ~left
        extra = effort_bound(undecided, gained, areas)
        if extra < 0:
            return
        bound_effort = effort + extra
        if bound_effort > best_key[0]:
            return
        if bound_effort == best_key[0]:
            if opp > best_key[1]:
                return
            if opp == best_key[1]:
                top = taken.bit_length() - 1
                below = undecided & ((1 << top) - 1) if top >= 0 else 0
                if _bits(taken | below) >= best_key[2]:
                    return
        if m.enough(gained, areas):
            k = (effort, opp, _bits(taken))
            if k < best_key:
                best, best_key = taken, k
        for i in order:
            if undecided >> i & 1:
                break
        else:
            return
        add = m.closure[i] & ~taken
        add_bits = _bits(add)
        more = list(areas)
        for j in add_bits:
            more[p.area[j]] += p.gain[j]
        visit(
            taken | add,
            left,
            effort + sum(p.effort[j] for j in add_bits),
            opp + sum(p.opp[j] for j in add_bits),
            gained + sum(p.gain[j] for j in add_bits),
            more,
        )
        if exhausted:
            return
        visit(taken, left | m.dependents[i], effort, opp, gained, areas)

    visit(0, 0, 0, 0, 0, [0] * len(p.area_need))
    return best, not exhausted
