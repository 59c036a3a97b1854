"""Step 1 of the path (SPEC section 5.1): choose the cheapest set of gaps that makes the engineer
ready.

The problem: among the *down-sets* of the gaps (sets closed under ``requires``), find one whose
closing lifts readiness to the threshold **and** every area to the area floor, minimising the
key ``(total remaining effort, number of needs_opportunity gaps, sorted list of ids)``
lexicographically. Each gap adds its ``missing_weight`` to the overall sum and to its own
area's; the amounts needed come from ``weight_needed``, once for the whole required set and
once per area (with that area's weight).

How, by size:

* **Up to** ``EXACT_LIMIT`` **(20) gaps: exact** (``search.branch_and_bound``, see there).
* **Up to** ``REFINE_LIMIT`` **(200) gaps**: the near-linear heuristic below, improved by drop
  and swap moves to a fixed point, then a branch and bound with a node budget that proves it
  optimal when it finishes in time (``Choice.exact``).
* **Beyond**: the near-linear heuristic alone (``greedy.greedy_choice``): greedy on
  prerequisite closures by what they bring per day of effort towards the amounts still
  missing, then dropping what is no longer needed, largest effort first. Its cost grows as
  O((n + e) log n) for n gaps and e ``requires`` edges, so a ladder of 10,000 criteria plans
  in about a second.

Gains and the amounts needed are scaled to integers by a common denominator so every route
runs on exact integer arithmetic (no floating point anywhere).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from functools import lru_cache

from promo_planner.core.planner.greedy import greedy_choice
from promo_planner.core.planner.problem import Choice, Gap, Instance
from promo_planner.core.planner.search import default_budget, refine

__all__ = [
    "EXACT_LIMIT",
    "REFINE_LIMIT",
    "Choice",
    "Gap",
    "choose_gaps",
    "readiness_goal",
    "weight_needed",
]

EXACT_LIMIT = 20
"""Largest number of gaps the choice is guaranteed exact for."""

REFINE_LIMIT = 200
"""Largest number of gaps the heuristic's answer is refined for (local search and a budgeted
branch and bound on bit masks, whose cost grows with the square of the number of gaps)."""


RECENT_CHOICES = 16
"""How many choices ``choose_gaps`` remembers (each holds its gaps: a few kilobytes)."""


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

    ``readiness_now`` is the exact percentage, ``total_weight`` the weight of the whole set it
    is measured over (the required set, or one area of it, with ``gaps`` its gaps). A threshold
    of 100 asks for every gap, even where rounding would forgive a sliver; a threshold of 0
    (no area floor) asks for nothing.
    """
    if threshold >= 100:
        return sum((g.missing_weight for g in gaps), Fraction(0))
    if total_weight == 0 or threshold <= 0:
        return Fraction(0)
    return (readiness_goal(threshold) - readiness_now) * total_weight / 100


def choose_gaps(
    gaps: Sequence[Gap],
    need: Fraction,
    *,
    area_needs: Mapping[str, Fraction] | None = None,
    exact_limit: int = EXACT_LIMIT,
    node_budget: int | None = None,
) -> Choice:
    """The cheapest down-set of ``gaps`` whose ``missing_weight`` adds up to at least ``need``
    overall and to at least ``area_needs[a]`` within each area ``a``.

    Exact for up to ``exact_limit`` gaps; up to ``REFINE_LIMIT`` the heuristic's answer is
    refined by local search and a branch and bound of at most ``node_budget`` nodes (by default
    ``search.default_budget``, fewer for more gaps); beyond, the heuristic alone. When
    even all gaps together fall short of some amount (a floor no set can reach), all gaps are
    chosen.

    The choice is a function of its arguments alone, so the last few are remembered: most
    changes to a portfolio (a rating, a note, evidence for a criterion already met) leave the
    gaps as they were, and the app plans the path again after each one.
    """
    return _choose(
        tuple(gaps),
        need,
        tuple(sorted((area_needs or {}).items())),
        exact_limit,
        node_budget,
    )


@lru_cache(maxsize=RECENT_CHOICES)
def _choose(
    gaps: tuple[Gap, ...],
    need: Fraction,
    area_needs: tuple[tuple[str, Fraction], ...],
    exact_limit: int,
    node_budget: int | None,
) -> Choice:
    problem = Instance(gaps, need, dict(area_needs))
    if problem.nothing_needed():
        return Choice(ids=(), effort_days=0, opportunities=0, exact=True)
    everything = list(range(problem.n))
    if not problem.satisfied_by(everything):
        return problem.choice(everything, exact=True)
    start = greedy_choice(problem)
    if problem.n > max(exact_limit, REFINE_LIMIT):
        return problem.choice(start, exact=False)
    if problem.n <= exact_limit:
        budget = None
    else:
        budget = node_budget if node_budget is not None else default_budget(problem.n)
    best, exact = refine(problem, start, budget)
    return problem.choice(best, exact)
