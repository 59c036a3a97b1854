"""``build_path``: from an Assessment and a Plan to the dated path (SPEC section 5, steps 1-4)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from promo_planner.core.errors import InputError
from promo_planner.core.planner.choose import Gap, choose_gaps, weight_needed
from promo_planner.core.planner.milestones import build_milestones
from promo_planner.core.planner.path import LeftOut, PathItem, PathPlan
from promo_planner.core.planner.schedule import critical_chain, schedule_backwards
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
        )
        for cp in assessment.gaps
    ]


def build_path(assessment: Assessment, plan: Plan, today: dt.date) -> PathPlan:
    """Choose the gaps to close, schedule them back from the deadline, group them into
    milestones and judge the target date.

    The plan's target date, lead and sustain weeks override the guideline's; with no target
    date the path assumes today + 26 weeks (and says so). The threshold is the assessment's.
    ``InputError`` when the plan's capacity is below 1.
    """
    if plan.capacity < 1:
        raise InputError(
            f"capacity: {plan.capacity} is not a number of gaps at once (use 1 or more)"
        )
    promotion = assessment.guideline.promotion
    lead = plan.lead_weeks if plan.lead_weeks is not None else promotion.lead_weeks
    sustain = plan.sustain_weeks if plan.sustain_weeks is not None else promotion.sustain_weeks
    assumed = plan.target_date is None
    target = plan.target_date or today + dt.timedelta(weeks=DEFAULT_HORIZON_WEEKS)
    deadline = target - dt.timedelta(weeks=lead + sustain)

    gaps = gaps_of(assessment)
    total_weight = Fraction(assessment.total_weight)
    need = weight_needed(gaps, total_weight, assessment.readiness_exact, assessment.threshold)
    choice = choose_gaps(gaps, need)
    chosen_ids = set(choice.ids)
    chosen = [g for g in gaps if g.id in chosen_ids]

    slots = schedule_backwards(chosen, plan.capacity)
    cp_days, chain = critical_chain(chosen)
    on_chain = set(chain)
    by_id = assessment.by_id
    start_of = {gid: deadline - dt.timedelta(days=s.start_before) for gid, s in slots.items()}
    due_of = {gid: deadline - dt.timedelta(days=s.due_before) for gid, s in slots.items()}

    def path_key(gid: str) -> tuple[dt.date, dt.date, str]:
        return (start_of[gid], due_of[gid], gid)

    order = sorted(chosen_ids, key=path_key)
    gap_by_id = {g.id: g for g in gaps}
    items = []
    for gid in order:
        gap = gap_by_id[gid]
        criterion = by_id[gid].criterion
        prereqs = sorted({r for r in gap.requires if r in chosen_ids and r != gid}, key=path_key)
        items.append(
            PathItem(
                criterion_id=gid,
                title=criterion.title,
                area=criterion.area,
                start_by=start_of[gid],
                due=due_of[gid],
                effort_days=gap.effort_days,
                slack_days=(start_of[gid] - today).days,
                requires=tuple(prereqs),
                critical=gid in on_chain,
                needs_opportunity=gap.needs_opportunity,
            )
        )

    makespan = max((s.start_before for s in slots.values()), default=0)
    earliest = today + dt.timedelta(days=makespan) + dt.timedelta(weeks=lead + sustain)
    after = assessment.readiness_exact + assessment.gain_if_closed(chosen_ids)
    left_out = sorted(
        (
            LeftOut(
                criterion_id=g.id,
                title=by_id[g.id].criterion.title,
                effort_days=g.effort_days,
                readiness_gain=round_percent(assessment.gain_if_closed((g.id,))),
                needs_first=_open_prerequisites(g.id, gap_by_id, chosen_ids),
            )
            for g in gaps
            if g.id not in chosen_ids
        ),
        key=lambda lo: (-lo.readiness_gain, lo.effort_days, lo.criterion_id),
    )
    milestones = build_milestones(
        items, today=today, deadline=deadline, target_date=target, lead_weeks=lead
    )
    return PathPlan(
        today=today,
        target_date=target,
        deadline=deadline,
        capacity=plan.capacity,
        feasible=earliest <= target,
        makespan_days=makespan,
        earliest_promotion_date=earliest,
        readiness_now=assessment.readiness,
        readiness_after=round_percent(after),
        items=items,
        milestones=milestones,
        left_out=left_out,
        critical_chain=chain,
        threshold=assessment.threshold,
        lead_weeks=lead,
        sustain_weeks=sustain,
        target_date_assumed=assumed,
        critical_path_days=cp_days,
        total_effort_days=choice.effort_days,
        choice_exact=choice.exact,
        gap_count=len(gaps),
    )


def _open_prerequisites(gid: str, gaps: dict[str, Gap], chosen: set[str]) -> tuple[str, ...]:
    """Gaps that must close before ``gid`` can, transitively, that are not on the path (sorted)."""
    seen: set[str] = set()
    stack = [gid]
    while stack:
        for r in gaps[stack.pop()].requires:
            if r in gaps and r not in chosen and r not in seen and r != gid:
                seen.add(r)
                stack.append(r)
    return tuple(sorted(seen))
