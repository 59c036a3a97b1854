"""Step 1 of the path (SPEC section 5): choose the cheapest set of gaps that makes the engineer
ready.

The problem: among the *down-sets* of the gaps (sets closed under ``requires``), find one whose
closing lifts readiness to the threshold, minimising the key ``(total remaining effort, number
of needs_opportunity gaps, sorted list of ids)`` lexicographically.

How:

* **Up to** ``EXACT_LIMIT`` **(20) gaps: exact branch and bound.** Each node decides one gap:
  *take* it (with its whole prerequisite closure) or *leave* it (with everything that
  transitively requires it). Every down-set is reached by exactly one path of decisions, so the
  search is complete. A node is cut when a lower bound on the key of anything below it is no
  better than the best set found: the effort part of the bound is the fractional-knapsack
  relaxation (undecided gaps by gain per day, the last one taken in part, rounded up to whole
  days), the opportunity part is the count already taken, and the id part is
  ``sorted(taken ∪ undecided ids below max(taken))``, which no superset of ``taken`` can beat.
  The search starts from the heuristic's answer, so it usually only has to prove it.
* **Beyond 20 gaps: a documented heuristic.** Greedy on closures (repeatedly add the
  not-yet-taken prerequisite closure with the most readiness gain per day of effort, free ones
  first) until the threshold is reached, then local improvement to a fixed point: drop a gap no
  other chosen gap requires when the rest still suffices, or swap such a gap for another gap's
  closure when that lowers the key. The branch and bound then runs from that answer with a
  node budget (4000 nodes, fewer past 40 gaps so the work stays near 160 000 gap-visits);
  when it finishes inside the budget the answer is proven optimal after all
  (``Choice.exact``). On the benchmark ladder 40 gaps take a few hundredths of a second and
  400 about half a second.

Gains and the amount needed are scaled to integers by a common denominator so the search runs
on exact integer arithmetic (no floating point anywhere).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

EXACT_LIMIT = 20
"""Largest number of gaps the choice is guaranteed exact for."""

HEURISTIC_NODE_BUDGET = 4000
"""Search nodes the branch and bound may spend improving the heuristic beyond ``EXACT_LIMIT``;
each node costs time in proportion to the number of gaps, so past ``HEURISTIC_WORK / 4000``
gaps the budget shrinks to ``HEURISTIC_WORK // gaps`` nodes."""

HEURISTIC_WORK = 160_000


@dataclass(frozen=True)
class Gap:
    """A criterion still to close, as plain numbers (no guideline needed).

    ``weight`` and ``progress`` are the Assessment's exact values; ``requires`` may name
    criteria that are not gaps (met, or outside the required set): those impose nothing.
    """

    id: str
    effort_days: int
    weight: Fraction
    progress: Fraction = Fraction(0)
    requires: tuple[str, ...] = ()
    needs_opportunity: bool = False

    @property
    def missing_weight(self) -> Fraction:
        """The weight closing this gap adds to the readiness numerator: ``w × (1 − progress)``."""
        return self.weight * (1 - self.progress)


@dataclass(frozen=True)
class Choice:
    """The chosen gaps (ids sorted) and the key they were chosen by."""

    ids: tuple[str, ...]
    effort_days: int
    opportunities: int
    exact: bool
    """True when the set is proven to be the optimum; False when it is the heuristic's best."""


def readiness_goal(threshold: Decimal) -> Fraction:
    """The least exact readiness (percent) whose reported value reaches ``threshold``.

    Readiness is reported rounded to one decimal, half away from zero (``round_percent``), and
    "ready" compares that reported value with the threshold. So a threshold ``t`` is reached by
    every exact readiness ``x`` with ``x ≥ t' − 0.05``, where ``t'`` is ``t`` rounded up to one
    decimal (90 → 89.95; 92.25 → 92.25).
    """
    stepped = threshold.quantize(Decimal("0.1"), rounding=ROUND_CEILING)
    return Fraction(stepped) - Fraction(1, 20)


def weight_needed(
    gaps: Sequence[Gap], total_weight: Fraction, readiness_now: Fraction, threshold: Decimal
) -> Fraction:
    """How much ``missing_weight`` the chosen gaps must add up to (≤ 0: nothing is needed).

    ``readiness_now`` is the exact percentage, ``total_weight`` the weight of the whole required
    set. A threshold of 100 asks for every gap (SPEC: "all gaps when the threshold is 100"),
    even where rounding would forgive a sliver.
    """
    if threshold >= 100:
        return sum((g.missing_weight for g in gaps), Fraction(0))
    if total_weight == 0:
        return Fraction(0)
    return (readiness_goal(threshold) - readiness_now) * total_weight / 100


class _Problem:
    """Gaps indexed by sorted id (so a bit mask's set bits, low to high, are its sorted ids)."""

    def __init__(self, gaps: Sequence[Gap], need: Fraction) -> None:
        ordered = sorted(gaps, key=lambda g: g.id)
        self.ids = [g.id for g in ordered]
        if len(set(self.ids)) != len(self.ids):
            raise ValueError("gap ids must be unique")
        index = {gid: i for i, gid in enumerate(self.ids)}
        n = len(ordered)
        self.n = n
        self.effort = [g.effort_days for g in ordered]
        self.opp = [1 if g.needs_opportunity else 0 for g in ordered]
        scale = math.lcm(need.denominator, *(g.missing_weight.denominator for g in ordered))
        self.gain = [int(g.missing_weight * scale) for g in ordered]
        self.need = math.ceil(need * scale)
        prereq = [[index[r] for r in g.requires if r in index and r != g.id] for g in ordered]
        # Transitive closures as bit masks, by fixpoint (terminates even on a cyclic input).
        closure = [1 << i for i in range(n)]
        changed = True
        while changed:
            changed = False
            for i in range(n):
                mask = closure[i]
                for p in prereq[i]:
                    mask |= closure[p]
                if mask != closure[i]:
                    closure[i] = mask
                    changed = True
        self.closure = closure
        dependents = [1 << i for i in range(n)]
        for i in range(n):
            for j in _bits(closure[i]):
                dependents[j] |= 1 << i
        self.dependents = dependents
        self.full = (1 << n) - 1

    def effort_of(self, mask: int) -> int:
        return sum(self.effort[i] for i in _bits(mask))

    def gain_of(self, mask: int) -> int:
        return sum(self.gain[i] for i in _bits(mask))

    def key(self, mask: int) -> tuple[int, int, list[int]]:
        bits = _bits(mask)
        return (sum(self.effort[i] for i in bits), sum(self.opp[i] for i in bits), bits)


def _bits(mask: int) -> list[int]:
    """Set bit positions, ascending; costs one step per set bit, not per bit of length."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def choose_gaps(
    gaps: Sequence[Gap],
    need: Fraction,
    *,
    exact_limit: int = EXACT_LIMIT,
    node_budget: int | None = None,
) -> Choice:
    """The cheapest down-set of ``gaps`` whose ``missing_weight`` adds up to at least ``need``.

    Exact (branch and bound) for up to ``exact_limit`` gaps; beyond that the greedy-and-improve
    heuristic, refined by a branch and bound of at most ``node_budget`` nodes (by default
    ``HEURISTIC_NODE_BUDGET``, fewer for very many gaps). When even all
    gaps together fall short of ``need``, all gaps are chosen.
    """
    problem = _Problem(gaps, need)
    if problem.need <= 0:
        return Choice(ids=(), effort_days=0, opportunities=0, exact=True)
    if problem.gain_of(problem.full) < problem.need:
        # Even everything falls short (only when called with an impossible need): take all.
        best = problem.full
        exact = True
    else:
        best = _improve(problem, _greedy(problem))
        if problem.n <= exact_limit:
            budget = None
        elif node_budget is not None:
            budget = node_budget
        else:
            budget = min(HEURISTIC_NODE_BUDGET, max(1, HEURISTIC_WORK // problem.n))
        best, exact = _branch_and_bound(problem, best, budget)
    effort, opp, bits = problem.key(best)
    return Choice(
        ids=tuple(problem.ids[i] for i in bits), effort_days=effort, opportunities=opp, exact=exact
    )


# --------------------------------------------------------------------------- heuristic


_RATIO_SCALE = 1 << 64
"""Gain per day is compared as ``floor(gain × 2**64 / effort)``: two different ratios of
integers with efforts below 2**32 differ by at least ``1 / (e1 × e2) > 2**-64``, so the scaled
integers keep their exact order, and integer comparison is far cheaper than Fraction's."""


def _per_day(gain: int, effort: int) -> tuple[int, int]:
    """Sort key, best first: free gaps, then the most gain per day of effort (exact order)."""
    return (0, -gain) if effort == 0 else (1, -((gain * _RATIO_SCALE) // effort))


def _greedy(p: _Problem) -> int:
    """Add the untaken closure with the best gain per day (free ones first) until enough."""
    taken = 0
    gained = 0
    # Each candidate's rank only changes when a newly taken gap lies in its closure, so ranks
    # are cached and refreshed for those candidates alone.
    rank: dict[int, tuple[tuple[int, int], int, list[int]]] = {}

    def refresh(i: int) -> None:
        add = _bits(p.closure[i] & ~taken)
        gain = sum(p.gain[j] for j in add)
        rank[i] = (_per_day(gain, sum(p.effort[j] for j in add)), -gain, add)

    for i in range(p.n):
        refresh(i)
    while gained < p.need and rank:
        best = min(rank, key=rank.__getitem__)
        added = p.closure[best] & ~taken
        taken |= added
        gained += p.gain_of(added)
        for i in _bits(added):
            rank.pop(i, None)
        for i in list(rank):
            if p.closure[i] & added:
                refresh(i)
    return taken


def _improve(p: _Problem, start: int) -> int:
    """Drop and swap moves to a fixed point, each strictly lowering the key.

    A drop removes a gap no other chosen gap requires; a swap also adds another gap's
    prerequisite closure (one that does not need the dropped gap, or the swap would undo
    itself). The best move of a pass is applied, then the pass repeats.
    """
    current = start
    current_key = p.key(current)
    while True:
        gained = p.gain_of(current)
        # What each unchosen gap would bring with its closure, against the current set.
        offers: list[tuple[int, int, int, int]] = []  # (effort, -gain, y, added mask)
        for y in range(p.n):
            if current >> y & 1:
                continue
            add = p.closure[y] & ~current
            bits = _bits(add)
            offers.append((sum(p.effort[j] for j in bits), -sum(p.gain[j] for j in bits), y, add))
        offers.sort()
        best_move = current
        best_key = current_key
        opp_now = current_key[1]
        for x in _bits(current):
            if p.dependents[x] & current != 1 << x:
                continue  # another chosen gap requires x
            rest = current & ~(1 << x)
            deficit = p.need - (gained - p.gain[x])
            base_effort = current_key[0] - p.effort[x]
            base_opp = opp_now - p.opp[x]
            if deficit <= 0:
                if _better(p, (base_effort, base_opp), rest, best_key):
                    best_move, best_key = rest, p.key(rest)
                continue
            for effort, neg_gain, y, add in offers:
                if effort > p.effort[x] or base_effort + effort > best_key[0]:
                    break  # offers are sorted by effort: none further can lower the key
                if -neg_gain < deficit or p.closure[y] >> x & 1:
                    continue
                candidate = rest | add
                head = (base_effort + effort, base_opp + sum(p.opp[j] for j in _bits(add)))
                if _better(p, head, candidate, best_key):
                    best_move, best_key = candidate, p.key(candidate)
        if best_move == current:
            return current
        current, current_key = best_move, best_key


def _better(p: _Problem, head: tuple[int, int], mask: int, key: tuple[int, int, list[int]]) -> bool:
    """``p.key(mask) < key``, given ``head`` = (effort, opportunities) of ``mask``; the id
    list is only built when effort and opportunities tie."""
    if head != key[:2]:
        return head < key[:2]
    return _bits(mask) < key[2]


# --------------------------------------------------------------------------- exact search


def _branch_and_bound(p: _Problem, incumbent: int, budget: int | None) -> tuple[int, bool]:
    """Search every down-set from ``incumbent``; returns (best, finished within budget)."""
    # Decide gaps in order of gain per day, best first, so good sets are found early and the
    # fractional bound is tight; free gaps first.
    # The fractional bound below is only a lower bound when it reads gaps in exactly this order.
    order = sorted(range(p.n), key=lambda i: (_per_day(p.gain[i], p.effort[i]), i))
    best = incumbent
    best_key = p.key(incumbent)
    nodes = 0
    exhausted = False

    def effort_bound(taken: int, undecided: int, gained: int) -> int:
        """Least whole days still needed (fractional knapsack), or -1 if unreachable."""
        rem = p.need - gained
        if rem <= 0:
            return 0
        extra = 0
        for i in order:
            if not undecided >> i & 1:
                continue
            g = p.gain[i]
            if g >= rem:
                return extra + -(-rem * p.effort[i] // g)
            rem -= g
            extra += p.effort[i]
        return -1

    def visit(taken: int, left: int, effort: int, opp: int, gained: int) -> None:
        nonlocal best, best_key, nodes, exhausted
        nodes += 1
        if budget is not None and nodes > budget:
            exhausted = True
            return
        undecided = p.full & ~taken & ~left
        extra = effort_bound(taken, undecided, gained)
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
        if gained >= p.need:
            k = (effort, opp, _bits(taken))
            if k < best_key:
                best, best_key = taken, k
        for i in order:
            if undecided >> i & 1:
                break
        else:
            return
        add = p.closure[i] & ~taken
        visit(
            taken | add,
            left,
            effort + p.effort_of(add),
            opp + sum(p.opp[j] for j in _bits(add)),
            gained + p.gain_of(add),
        )
        if exhausted:
            return
        visit(taken, left | p.dependents[i], effort, opp, gained)

    visit(0, 0, 0, 0, 0)
    return best, not exhausted
