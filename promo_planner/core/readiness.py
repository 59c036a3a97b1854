"""Progress, status and readiness: SPEC section 4, in exact arithmetic.

``assess`` is the one place the core number is computed; the CLI, the TUI and the report all
read it from the ``Assessment`` it returns.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Literal

from promo_planner.core.ladder import Area, Criterion, Guideline
from promo_planner.core.records import Strength

Status = Literal["met", "partial", "missing"]


def progress_of(criterion: Criterion, full: int, partial: int) -> Fraction:
    """``min(1, (full + 0.5 × partial) / evidence_required)``, exactly."""
    if not full and not partial:
        return _ZERO
    # One Fraction from integers: (2 full + partial) / (2 required) is the same number, and
    # building it once is several times cheaper than the arithmetic on a career's evidence.
    return min(_ONE, Fraction(2 * full + partial, 2 * criterion.evidence_required))


_ZERO = Fraction(0)
_ONE = Fraction(1)


@lru_cache(maxsize=256)
def _exact(value: Decimal) -> Fraction:
    """A ladder's weight or effort as an exact fraction (ladders use a handful of values)."""
    return Fraction(value)


def status_of(progress: Fraction) -> Status:
    """``met`` at 1, ``missing`` at 0, ``partial`` between."""
    if progress >= 1:
        return "met"
    return "partial" if progress > 0 else "missing"


def remaining_effort_days(criterion: Criterion, progress: Fraction) -> int:
    """``ceil(7 × effort_weeks × (1 − progress))`` whole days, computed exactly."""
    return math.ceil(7 * _exact(criterion.effort_weeks) * (1 - progress))


def round_percent(value: Fraction) -> Decimal:
    """A percentage rounded to one decimal, half away from zero (92.25 → 92.3)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionProgress:
    """One required criterion measured against the portfolio."""

    criterion: Criterion
    full: int
    partial: int
    evidence_ids: tuple[int, ...]
    progress: Fraction
    new_at_target: bool

    @property
    def status(self) -> Status:
        """met / partial / missing."""
        return status_of(self.progress)

    @property
    def is_gap(self) -> bool:
        """Required and not yet met."""
        return self.progress < 1

    @property
    def effort_days(self) -> int:
        """Remaining effort in whole days."""
        return remaining_effort_days(self.criterion, self.progress)


@dataclass(frozen=True)
class AreaProgress:
    """How one area of the target level stands."""

    area: Area
    met: int
    partial: int
    missing: int
    readiness: Decimal
    """Weighted progress of the area's required criteria, percent, one decimal."""

    @property
    def total(self) -> int:
        """Required criteria in this area."""
        return self.met + self.partial + self.missing


@dataclass(frozen=True)
class Assessment:
    """The target level's required set with each criterion's progress, and the core number."""

    guideline: Guideline
    current_level: str
    target_level: str
    threshold: Decimal
    criteria: tuple[CriterionProgress, ...]
    readiness_exact: Fraction
    orphan_links: tuple[tuple[int, str, Strength], ...]
    """Links to criteria the guideline does not have (kept, reported, never counted)."""
    area_floor: Decimal = Decimal(0)
    """Every area's readiness must reach this percent too for the engineer to be ready."""

    @property
    def readiness(self) -> Decimal:
        """The core number: percent, one decimal."""
        return round_percent(self.readiness_exact)

    @property
    def ready(self) -> bool:
        """Readiness (as reported) at or above the threshold, and every area at or above the
        area floor."""
        return self.readiness >= self.threshold and all(
            a.readiness >= self.area_floor for a in self.areas()
        )

    @cached_property
    def by_id(self) -> dict[str, CriterionProgress]:
        """Required criteria keyed by id."""
        return {cp.criterion.id: cp for cp in self.criteria}

    @property
    def gaps(self) -> list[CriterionProgress]:
        """Required criteria not yet met, in ladder order."""
        return [cp for cp in self.criteria if cp.is_gap]

    @property
    def total_weight(self) -> Decimal:
        """Σ weight over the required set."""
        return sum((cp.criterion.weight for cp in self.criteria), Decimal(0))

    def gain_if_closed(self, criterion_ids: Iterable[str]) -> Fraction:
        """Percentage points readiness would rise if these required criteria were met (exact).

        Ids outside the required set add nothing. ``readiness_exact + gain_if_closed(ids)`` is
        the readiness after closing them: the one formula the planner and report use for it.
        """
        total = Fraction(self.total_weight)
        if not total:
            return Fraction(0)
        by_id = self.by_id
        missing = sum(
            (
                _exact(cp.criterion.weight) * (1 - cp.progress)
                for cp in (by_id.get(cid) for cid in set(criterion_ids))
                if cp is not None
            ),
            Fraction(0),
        )
        return 100 * missing / total

    def areas(self) -> list[AreaProgress]:
        """Per-area summary, in the guideline's area order (areas with nothing required omitted)."""
        groups: dict[str, list[CriterionProgress]] = defaultdict(list)
        for cp in self.criteria:
            groups[cp.criterion.area].append(cp)
        out = []
        for area in self.guideline.areas:
            items = groups.get(area.id)
            if not items:
                continue
            counts = {"met": 0, "partial": 0, "missing": 0}
            for cp in items:
                counts[cp.status] += 1
            out.append(
                AreaProgress(
                    area=area,
                    met=counts["met"],
                    partial=counts["partial"],
                    missing=counts["missing"],
                    readiness=round_percent(_weighted(items)),
                )
            )
        return out


def _weighted(items: Iterable[CriterionProgress]) -> Fraction:
    num = Fraction(0)
    den = Fraction(0)
    for cp in items:
        w = _exact(cp.criterion.weight)
        if cp.progress:
            num += w * cp.progress
        den += w
    return Fraction(0) if den == 0 else 100 * num / den


def assess(
    guideline: Guideline,
    current_level: str,
    target_level: str,
    links: Iterable[tuple[int, str, Strength]],
    threshold: Decimal | None = None,
) -> Assessment:
    """Measure the required set of ``target_level`` against ``links``.

    ``links`` are ``(evidence_id, criterion_id, strength)`` triples. An empty required set is
    100 % ready (nothing is asked for). ``threshold`` defaults to the guideline's.
    """
    known = guideline.criterion_by_id
    full: dict[str, int] = defaultdict(int)
    partial: dict[str, int] = defaultdict(int)
    evidence: dict[str, list[int]] = defaultdict(list)
    orphans: list[tuple[int, str, Strength]] = []
    for evidence_id, criterion_id, strength in links:
        if criterion_id not in known:
            orphans.append((evidence_id, criterion_id, strength))
            continue
        (full if strength == "full" else partial)[criterion_id] += 1
        evidence[criterion_id].append(evidence_id)
    new_ids = {c.id for c in guideline.new_at_target(current_level, target_level)}
    items = tuple(
        CriterionProgress(
            criterion=c,
            full=full[c.id],
            partial=partial[c.id],
            evidence_ids=tuple(sorted(evidence[c.id])),
            progress=progress_of(c, full[c.id], partial[c.id]),
            new_at_target=c.id in new_ids,
        )
        for c in guideline.required(target_level)
    )
    exact = _weighted(items) if items else Fraction(100)
    return Assessment(
        guideline=guideline,
        current_level=current_level,
        target_level=target_level,
        threshold=threshold if threshold is not None else guideline.promotion.readiness_threshold,
        criteria=items,
        readiness_exact=exact,
        orphan_links=tuple(orphans),
        area_floor=guideline.promotion.area_floor,
    )
