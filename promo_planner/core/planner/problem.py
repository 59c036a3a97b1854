"""The gaps as data: ``Gap`` (one criterion still to close, as plain numbers), ``RequiresGraph``
(their prerequisites among themselves, in an order that respects them: the choice and the
schedule both read it), ``Choice`` (the answer of SPEC 5.1) and ``Instance`` (the gaps as the
integer lists that every route of the choice reads: ``greedy``, ``search``)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Gap:
    """A criterion still to close, as plain numbers (no guideline needed).

    ``weight`` and ``progress`` are the Assessment's exact values; ``requires`` may name
    criteria that are not gaps (met, or outside the required set): those impose nothing.
    ``area`` counts the gap towards that area's floor.
    """

    id: str
    effort_days: int
    weight: Fraction
    progress: Fraction = Fraction(0)
    requires: tuple[str, ...] = ()
    needs_opportunity: bool = False
    area: str = ""

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


class RequiresGraph:
    """Gaps as indexes in the order given, with their ``requires`` edges among themselves
    (prerequisites that are not among them impose nothing) and an order that puts every gap
    after its prerequisites. ``ValueError`` on duplicate ids or a cycle."""

    def __init__(self, gaps: Sequence[Gap]) -> None:
        self.ids = [g.id for g in gaps]
        index = {gid: i for i, gid in enumerate(self.ids)}
        if len(index) != len(self.ids):
            raise ValueError("gap ids must be unique")
        self.prerequisites: list[list[int]] = [
            sorted({index[r] for r in g.requires if r in index and r != g.id}) for g in gaps
        ]
        self.dependents: list[list[int]] = [[] for _ in gaps]
        for i, reqs in enumerate(self.prerequisites):
            for p in reqs:
                self.dependents[p].append(i)
        # Kahn's algorithm: no recursion, so a chain of any length is fine.
        waiting = [len(reqs) for reqs in self.prerequisites]
        order = [i for i, w in enumerate(waiting) if w == 0]
        for i in order:  # the list grows while it is read
            for d in self.dependents[i]:
                waiting[d] -= 1
                if waiting[d] == 0:
                    order.append(d)
        if len(order) != len(self.ids):
            stuck = min(self.ids[i] for i, w in enumerate(waiting) if w > 0)
            raise ValueError(f"cycle in 'requires' through {stuck!r}")
        self.order = order


class Instance:
    """The gaps as integer lists, indexed by sorted id (what every route of the choice reads).

    ``gain[i]`` is gap i's missing weight scaled to an integer; ``need`` the overall amount and
    ``area_need[a]`` each area's, on the same scale (≤ 0 when already reached).
    ``ValueError`` on duplicate ids or a cycle in ``requires``.
    """

    def __init__(
        self, gaps: Sequence[Gap], need: Fraction, area_needs: Mapping[str, Fraction]
    ) -> None:
        ordered = sorted(gaps, key=lambda g: g.id)
        graph = RequiresGraph(ordered)
        self.ids = graph.ids
        self.prerequisites = graph.prerequisites
        self.dependents = graph.dependents
        self.order = graph.order
        self.n = len(ordered)
        self.effort = [g.effort_days for g in ordered]
        self.opp = [1 if g.needs_opportunity else 0 for g in ordered]
        areas = sorted({g.area for g in ordered} | set(area_needs))
        area_index = {a: k for k, a in enumerate(areas)}
        self.area = [area_index[g.area] for g in ordered]
        scale = math.lcm(
            need.denominator,
            *(f.denominator for f in area_needs.values()),
            *(g.missing_weight.denominator for g in ordered),
        )
        self.gain = [int(g.missing_weight * scale) for g in ordered]
        self.need = math.ceil(need * scale)
        self.area_need = [math.ceil(area_needs.get(a, Fraction(0)) * scale) for a in areas]

    def satisfied_by(self, chosen: Sequence[int]) -> bool:
        """Whether closing ``chosen`` (indexes) reaches the overall and every area's amount."""
        total = 0
        per_area = [0] * len(self.area_need)
        for i in chosen:
            total += self.gain[i]
            per_area[self.area[i]] += self.gain[i]
        return total >= self.need and all(
            got >= want for got, want in zip(per_area, self.area_need, strict=True)
        )

    def nothing_needed(self) -> bool:
        """Every amount is already reached."""
        return self.need <= 0 and all(want <= 0 for want in self.area_need)

    def choice(self, chosen: Sequence[int], exact: bool) -> Choice:
        """The ``Choice`` for these indexes."""
        picked = sorted(chosen)
        return Choice(
            ids=tuple(self.ids[i] for i in picked),
            effort_days=sum(self.effort[i] for i in picked),
            opportunities=sum(self.opp[i] for i in picked),
            exact=exact,
        )
