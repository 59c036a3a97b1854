"""``build_path``: from an Assessment and a Plan to the plan from today (SPEC section 5).

Every step works in whole days counted from today, as integers; dates are made only at the
end, by ``_Calendar``, which keeps them inside the calendar (0001-01-01 to 9999-12-31) and
notes when it had to: a ladder with absurd efforts then gets a plan that says its dates are
beyond what can be planned, instead of a crash. Each step costs O((n + e) log n) for n gaps
and e ``requires`` edges, except the search for ``capacity_needed`` on a late plan (one
schedule per capacity it must try; see ``schedule``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction

from promo_planner.core.errors import InputError
from promo_planner.core.planner.choose import Gap, choose_gaps, weight_needed
from promo_planner.core.planner.milestones import build_milestones
from promo_planner.core.planner.path import LeftOut, PathItem, PathPlan
from promo_planner.core.planner.schedule import Network, critical_chain
from promo_planner.core.readiness import Assessment, round_percent
from promo_planner.core.records import Plan

DEFAULT_HORIZON_WEEKS = 26
"""Target date assumed when the plan has none: today + this many weeks."""


def gaps_of(assessment: Assessment) -> list[Gap]:
    """The assessment's gaps as plain ``Gap`` values (prerequisites kept as written)."""
    return [
        Gap(
            id=cp.criterion.id,
            effort_days=cp.effort_days,
            weight=Fraction(cp.criterion.weight),
            progress=cp.progress,
            requires=cp.criterion.requires,
            needs_opportunity=cp.criterion.needs_opportunity,
            area=cp.criterion.area,
        )
        for cp in assessment.gaps
    ]


def area_needs(assessment: Assessment, gaps: list[Gap]) -> dict[str, Fraction]:
    """For each area, the missing weight its gaps must add for the area to reach the area
    floor (≤ 0: it already does); empty when the guideline sets no floor.

    An area's readiness is measured over all of its criteria in the required set, so its
    weight is theirs, not only its gaps'.
    """
    floor = assessment.area_floor
    if floor <= 0:
        return {}
    weight: dict[str, Fraction] = defaultdict(Fraction)
    shown: dict[str, Fraction] = defaultdict(Fraction)
    for cp in assessment.criteria:
        w = Fraction(cp.criterion.weight)
        weight[cp.criterion.area] += w
        shown[cp.criterion.area] += w * cp.progress
    by_area: dict[str, list[Gap]] = defaultdict(list)
    for g in gaps:
        by_area[g.area].append(g)
    return {
        area: weight_needed(by_area[area], total, 100 * shown[area] / total, floor)
        for area, total in weight.items()
    }


class _Calendar:
    """Days from today as dates, kept inside the calendar; ``clamped`` says if one was not."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.first = (dt.date.min - today).days
        self.last = (dt.date.max - today).days
        self.clamped = False

    def day(self, offset: int) -> dt.date:
        if offset > self.last:
            self.clamped = True
            return dt.date.max
        if offset < self.first:
            self.clamped = True
            return dt.date.min
        return self.today + dt.timedelta(days=offset)


def build_path(assessment: Assessment, plan: Plan, today: dt.date) -> PathPlan:
    """Choose the gaps to close, plan them from today, find each one's last safe start,
    judge the target date (and the capacity that would make it) and set the milestones.

    The plan's target date, lead and sustain weeks override the guideline's; with no target
    date the path assumes today + 26 weeks (and says so). The threshold and the area floor are
    the assessment's. ``InputError`` when the plan's capacity is below 1.
    """
    if plan.capacity < 1:
        raise InputError(
            f"capacity: {plan.capacity} is not a number of gaps at once (use 1 or more)"
        )
    promotion = assessment.guideline.promotion
    lead = plan.lead_weeks if plan.lead_weeks is not None else promotion.lead_weeks
    sustain = plan.sustain_weeks if plan.sustain_weeks is not None else promotion.sustain_weeks
    calendar = _Calendar(today)
    assumed = plan.target_date is None
    target_in = (
        7 * DEFAULT_HORIZON_WEEKS if plan.target_date is None else (plan.target_date - today).days
    )
    target = calendar.day(target_in)
    available = target_in - 7 * (lead + sustain)  # days from today to the deadline D

    gaps = gaps_of(assessment)
    total_weight = Fraction(assessment.total_weight)
    need = weight_needed(gaps, total_weight, assessment.readiness_exact, assessment.threshold)
    choice = choose_gaps(gaps, need, area_needs=area_needs(assessment, gaps))
    chosen_ids = set(choice.ids)
    chosen = [g for g in gaps if g.id in chosen_ids]

    network = Network(chosen)
    slots = network.schedule(plan.capacity)
    makespan = max((s.finish for s in slots), default=0)
    feasible = makespan <= available if chosen else available >= 0
    capacity_needed = (
        plan.capacity if feasible else network.capacity_needed(plan.capacity, available)
    )
    chain = critical_chain(network)
    on_chain = set(chain)
    # Plan order: start, then the priority of SPEC 5.2.
    order = sorted(range(len(chosen)), key=lambda i: (slots[i].start, network.rank[i]))
    position = {chosen[i].id: k for k, i in enumerate(order)}
    by_id = assessment.by_id
    items = []
    for i in order:
        gap, slot = chosen[i], slots[i]
        criterion = by_id[gap.id].criterion
        latest = available - network.tail[i]
        items.append(
            PathItem(
                criterion_id=gap.id,
                title=criterion.title,
                area=criterion.area,
                start=calendar.day(slot.start),
                finish=calendar.day(slot.finish),
                latest_start=calendar.day(latest),
                effort_days=gap.effort_days,
                slack_days=latest - slot.start,
                requires=tuple(
                    sorted(
                        (network.ids[p] for p in network.prerequisites[i]),
                        key=position.__getitem__,
                    )
                ),
                critical=gap.id in on_chain,
                needs_opportunity=gap.needs_opportunity,
                tail_days=network.tail[i],
            )
        )

    wait = 7 * (lead + sustain)
    promotion_in = target_in if feasible else makespan + wait  # P, from today
    milestones = build_milestones(
        items,
        promotion=calendar.day(promotion_in),
        packet=calendar.day(promotion_in - 7 * lead),
        gaps_closed=calendar.day(promotion_in - wait) if sustain else None,
    )
    earliest = calendar.day(makespan + wait)
    deadline = calendar.day(available)
    after = assessment.readiness_exact + assessment.gain_if_closed(chosen_ids)
    gap_ids = {g.id for g in gaps}
    # What each left-out gap would add on its own: the formula of
    # ``Assessment.gain_if_closed``, which reads the total weight on each call (per gap, that
    # would be quadratic on a large ladder).
    percent_per_weight = 100 / total_weight if total_weight else Fraction(0)
    left_out = sorted(
        (
            LeftOut(
                criterion_id=g.id,
                title=by_id[g.id].criterion.title,
                effort_days=g.effort_days,
                readiness_gain=round_percent(g.missing_weight * percent_per_weight),
                needs_first=tuple(
                    sorted({r for r in g.requires if r in gap_ids and r not in chosen_ids})
                ),
            )
            for g in gaps
            if g.id not in chosen_ids
        ),
        key=lambda lo: (-lo.readiness_gain, lo.effort_days, lo.criterion_id),
    )
    return PathPlan(
        today=today,
        target_date=target,
        deadline=deadline,
        capacity=plan.capacity,
        feasible=feasible,
        makespan_days=makespan,
        earliest_promotion_date=earliest,
        capacity_needed=capacity_needed,
        readiness_now=assessment.readiness,
        readiness_after=round_percent(after),
        items=items,
        milestones=milestones,
        left_out=left_out,
        critical_chain=chain,
        threshold=assessment.threshold,
        area_floor=assessment.area_floor,
        lead_weeks=lead,
        sustain_weeks=sustain,
        target_date_assumed=assumed,
        critical_path_days=network.critical_path,
        total_effort_days=choice.effort_days,
        choice_exact=choice.exact,
        gap_count=len(gaps),
        beyond_calendar=calendar.clamped,
    )
