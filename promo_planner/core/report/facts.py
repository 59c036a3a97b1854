"""What every report section draws on (SPEC section 6): the plan with the ladder's names, the
profile and the period, the assessment and the path, the evidence, the ratings, the answers and
notes, and the check-in "since the last check-in" compares with.

``Facts`` is gathered once, from a ``Snapshot`` (``facts_of``) or from hand-made records in tests
(``assemble_facts``); each section (``sections/``) builds its own model from it. Readiness and the
path are read from ``Assessment`` and ``PathPlan``, never recomputed here. The pieces several
sections share (the gaps in plan order, the asks for the manager, the health check) are worked
out here once, on first use.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from promo_planner.core.planner.path import asks_now
from promo_planner.core.readiness import Assessment, CriterionProgress, Status
from promo_planner.core.records import (
    QUESTIONS,
    Checkin,
    CriterionLink,
    Evidence,
    Note,
    Plan,
    Profile,
    Rating,
    Thumb,
)
from promo_planner.core.report.health import HealthRow, health_check
from promo_planner.core.report.words import plural

if TYPE_CHECKING:
    from promo_planner.core.planner import PathItem, PathPlan
    from promo_planner.core.snapshot import Snapshot

Kind = Literal["gap", "packet"]
KINDS: tuple[Kind, ...] = ("gap", "packet")
IndexEntry = tuple[int, dt.date, tuple[CriterionLink, ...]]
"""What the report knows of every piece of evidence: ``(id, date, links)``, newest first."""

NEEDS_OPPORTUNITY = "needs an opportunity"


@dataclass(frozen=True)
class PlanSummary:
    """Where the engineer stands and wants to go, with the ladder's names filled in."""

    guideline_id: str
    guideline_name: str
    guideline_version: str | None
    current_level: str
    current_title: str
    target_level: str
    target_title: str
    target_date: dt.date | None
    deadline: dt.date | None
    capacity: int
    threshold: Decimal
    feasible: bool
    earliest_promotion_date: dt.date | None
    readiness_after: Decimal
    capacity_needed: int | None = None
    """The smallest capacity that would make the target date (the path's)."""
    days_late: int = 0
    """How far after the target date the earliest promotion date falls (0 when it fits)."""


@dataclass(frozen=True)
class Gap:
    """A required criterion not yet met, with its place on the path and what it still needs."""

    criterion_id: str
    title: str
    area_id: str
    area_name: str
    level: str
    status: Status
    progress: Fraction
    full: int
    partial: int
    evidence_required: int
    still_needs: str
    """Plain words, e.g. ``1 more full piece of evidence (has 1 partial)``."""
    needs_opportunity: bool
    new_at_target: bool
    effort_days: int
    on_path: bool
    """False when the path leaves it out: closing the chosen gaps already reaches the threshold."""
    start: dt.date | None
    """The day the plan starts it (None when the path leaves it out), never before today."""
    finish: dt.date | None
    latest_start: dt.date | None
    """The last safe day to start it (may be behind us when the plan is late)."""
    slack_days: int | None
    critical: bool
    requires: tuple[str, ...]

    def flags(self) -> list[str]:
        """What sets this gap apart, in the words every format prints (most urgent first)."""
        flags = []
        if self.needs_opportunity:
            flags.append(NEEDS_OPPORTUNITY)
        if self.critical:
            flags.append("critical chain")
        if self.new_at_target:
            flags.append("new at target")
        if not self.on_path:
            flags.append("not needed for the threshold")
        return flags


AskKind = Literal["opportunity", "dispute", "rerate"]


@dataclass(frozen=True)
class Ask:
    """Something only the manager can give: an opportunity, a shared view of a criterion they
    rated 👎 while the engineer claims it, or a fresh look at one with new evidence."""

    kind: AskKind
    criterion_id: str
    title: str
    start: dt.date | None = None
    """For an opportunity: the day the plan starts the work (never before today)."""
    latest_start: dt.date | None = None
    """For an opportunity: the last safe day to start the work."""
    overdue: bool = False
    """For an opportunity: ``latest_start`` is already behind us."""
    now: bool = False
    """For an opportunity: it must be asked for now (``planner.asks_now``)."""
    self_value: Thumb | None = None
    manager_value: Thumb | None = None
    manager_on: dt.date | None = None
    """For a dispute or a re-rate: the day of the manager's rating."""
    claim: str = ""
    """For a dispute: why the engineer counts it (``held from L3``, ``2 of 2 pieces of …``)."""
    new_evidence: int = 0
    """For a re-rate: pieces of evidence linked since the manager's rating."""


@dataclass(frozen=True)
class Period:
    """What the report covers: from the check-in it compares with (or ``--since``) to today."""

    start: dt.date | None
    end: dt.date
    baseline: Checkin | None
    since: dt.date | None
    """The ``--since`` date asked for, if any."""


@dataclass(frozen=True)
class Facts:
    """Everything the report's sections say is built from this, as of ``today``."""

    kind: Kind
    today: dt.date
    plan: PlanSummary
    profile: Profile
    assessment: Assessment
    path: PathPlan
    index: tuple[IndexEntry, ...]
    """Every piece of evidence, newest first."""
    evidence: Mapping[int, Evidence]
    """The evidence held in full: all of it when ``complete``, else what the sections want."""
    complete: bool
    ratings: tuple[Rating, ...]
    answers: Mapping[str, str]
    manager_answers: Mapping[str, str]
    notes: tuple[Note, ...]
    checkins: tuple[Checkin, ...]
    """The check-ins of the plan's target level, oldest first."""
    period: Period
    counted: frozenset[int] = field(default_factory=frozenset)
    """Evidence that counts for a required criterion (dated in the window)."""

    @property
    def baseline(self) -> Checkin | None:
        """The check-in "since the last check-in" compares with (None: none before)."""
        return self.period.baseline

    @property
    def readiness_change(self) -> Decimal | None:
        """Readiness now minus the baseline check-in's; None without one."""
        base = self.baseline
        return None if base is None else self.assessment.readiness - base.readiness

    @cached_property
    def new_since(self) -> tuple[int, ...]:
        """Evidence ids the baseline check-in did not have, newest first (all of them when
        there is none; with ``--since`` and no check-in, those dated on or after it)."""
        base = self.baseline
        if base is not None:
            seen = set(base.evidence_ids)
            return tuple(i for i, _, _ in self.index if i not in seen)
        since = self.period.since
        return tuple(i for i, day, _ in self.index if since is None or day >= since)

    @cached_property
    def links_by_id(self) -> Mapping[int, tuple[CriterionLink, ...]]:
        """Each piece of evidence's criterion links by its id: a criterion's own evidence is
        looked up, never found by reading every piece (the packet asks once per criterion)."""
        return {evidence_id: links for evidence_id, _, links in self.index}

    @cached_property
    def gaps(self) -> tuple[Gap, ...]:
        """Required criteria not yet met: path order first, then those the path leaves out."""
        return tuple(_gaps(self.assessment, self.path))

    @cached_property
    def health(self) -> tuple[HealthRow, ...]:
        """Every required (and every rated) criterion's 👍/👎 from both sides (SPEC 6 order)."""
        order = [g.criterion_id for g in self.gaps]
        criteria = self.assessment.criteria
        return tuple(
            health_check(
                self.ratings,
                self.assessment.guideline,
                order,
                required=[cp.criterion.id for cp in criteria],
                rerate=[cp.criterion.id for cp in criteria if cp.rerate],
            )
        )

    @cached_property
    def asks(self) -> tuple[Ask, ...]:
        """What to ask the manager for, most urgent first: opportunities that must be asked for
        now, disputed criteria, criteria to rate again, then the later opportunities."""
        return tuple(_asks(self))

    def title_of(self, criterion_id: str) -> str:
        """A criterion's title (its id when the ladder lacks it)."""
        found = self.assessment.guideline.criterion_by_id.get(criterion_id)
        return found.title if found is not None else criterion_id

    def area_name(self, area_id: str) -> str:
        """An area's name (its id when the ladder lacks it)."""
        found = self.assessment.guideline.area_by_id.get(area_id)
        return found.name if found is not None else area_id

    def checkin(self) -> Checkin:
        """What writing this report records (SPEC 6): a check-in on its day for its target."""
        found = self.assessment
        return Checkin(
            id=0,
            date=self.today,
            target_level=self.plan.target_level,
            readiness=found.readiness,
            readiness_claimed=found.readiness_claimed,
            evidence_ids=tuple(sorted(i for i, _, _ in self.index)),
            statuses={cp.criterion.id: cp.status for cp in found.criteria},
            ratings={
                row.criterion_id: (row.self_value, row.manager_value)
                for row in self.health
                if row.self_value is not None or row.manager_value is not None
            },
        )


# --------------------------------------------------------------------------- pieces


def still_needs(cp: CriterionProgress) -> str:
    """What closes a gap, in plain words: ``1 more full piece of evidence (has 1 partial)``.

    A partial link counts half (SPEC section 4), so when only half a piece is missing one more
    partial link would also do, and the text says so. A gap the manager rated 👎 needs their
    👍, whatever the evidence.
    """
    if not cp.is_gap:
        return "nothing: met"
    if cp.manager_thumb == "down" and cp.evidence_progress >= 1:
        return "my manager's 👍 up (the evidence is there; they rated it 👎 down)"
    # Below 1, progress is exactly credit / required, so this is what is left to show.
    missing = cp.criterion.evidence_required * (1 - cp.evidence_progress)
    full_needed = math.ceil(missing)
    partial_needed = math.ceil(missing * 2)
    text = f"{plural(full_needed, 'more full piece')} of evidence"
    if partial_needed < 2 * full_needed:
        text += f" or {partial_needed:,} more partial"
    has = []
    if cp.full:
        has.append(f"{cp.full} full")
    if cp.partial:
        has.append(f"{cp.partial} partial")
    if has:
        text += f" (has {' and '.join(has)})"
    if cp.manager_thumb == "down":
        text += ", then my manager's 👍 up"
    return text


def _gaps(assessment: Assessment, path: PathPlan) -> list[Gap]:
    guideline = assessment.guideline
    items: dict[str, PathItem] = {item.criterion_id: item for item in path.items}
    by_id = assessment.by_id
    on_path = [by_id[cid] for cid in items if cid in by_id and by_id[cid].is_gap]
    chosen = {cp.criterion.id for cp in on_path}
    left_out = [cp for cp in assessment.gaps if cp.criterion.id not in chosen]
    out = []
    for cp in [*on_path, *left_out]:
        c = cp.criterion
        item = items.get(c.id)
        area = guideline.area_by_id.get(c.area)
        out.append(
            Gap(
                criterion_id=c.id,
                title=c.title,
                area_id=c.area,
                area_name=area.name if area else c.area,
                level=c.level,
                status=cp.status,
                progress=cp.progress,
                full=cp.full,
                partial=cp.partial,
                evidence_required=c.evidence_required,
                still_needs=still_needs(cp),
                needs_opportunity=c.needs_opportunity,
                new_at_target=cp.new_at_target,
                effort_days=cp.effort_days,
                on_path=item is not None,
                start=item.start if item else None,
                finish=item.finish if item else None,
                latest_start=item.latest_start if item else None,
                slack_days=item.slack_days if item else None,
                critical=item.critical if item else False,
                requires=tuple(item.requires) if item else c.requires,
            )
        )
    return out


def claim_of(cp: CriterionProgress, current_level: str) -> str:
    """Why the engineer counts a criterion, in words: ``held from L3``, ``2 of 2 pieces of
    evidence``, ``my 👍 up``."""
    from promo_planner.core.report.words import credit, thumb

    if cp.held:
        return f"held from {current_level}"
    if cp.evidence_progress > 0:
        return credit(cp.full, cp.partial, cp.criterion.evidence_required)
    return f"my {thumb(cp.self_thumb)}" if cp.self_thumb else "no claim"


def _asks(facts: Facts) -> list[Ask]:
    path = facts.path
    found = facts.assessment
    urgent = {it.criterion_id for it in asks_now(path)}
    opportunities = [
        Ask(
            kind="opportunity",
            criterion_id=it.criterion_id,
            title=it.title,
            start=it.start,
            latest_start=it.latest_start,
            overdue=it.latest_start < facts.today,
            now=it.criterion_id in urgent,
        )
        for it in path.items
        if it.needs_opportunity
    ]
    by_gap_order = {g.criterion_id: i for i, g in enumerate(facts.gaps)}
    ladder = sorted(found.criteria, key=lambda cp: by_gap_order.get(cp.criterion.id, -1))
    disputes = [
        Ask(
            kind="dispute",
            criterion_id=cp.criterion.id,
            title=cp.criterion.title,
            self_value=cp.self_thumb,
            manager_value=cp.manager_thumb,
            manager_on=cp.manager_rating.rated_on if cp.manager_rating else None,
            claim=claim_of(cp, found.current_level),
        )
        for cp in ladder
        # My own 👎 agrees with theirs: nothing to talk over, whatever the evidence says.
        if cp.disputed and cp.self_thumb != "down"
    ]
    rerates = [
        Ask(
            kind="rerate",
            criterion_id=cp.criterion.id,
            title=cp.criterion.title,
            self_value=cp.self_thumb,
            manager_value=cp.manager_thumb,
            manager_on=cp.manager_rating.rated_on if cp.manager_rating else None,
            new_evidence=_linked_since(facts.links_by_id, cp),
        )
        for cp in ladder
        if cp.rerate and not cp.disputed
    ]
    return [
        *(a for a in opportunities if a.now),
        *disputes,
        *rerates,
        *(a for a in opportunities if not a.now),
    ]


def _linked_since(
    links_by_id: Mapping[int, tuple[CriterionLink, ...]], cp: CriterionProgress
) -> int:
    """Pieces of counted evidence linked to ``cp`` after the manager's latest rating of it."""
    rating = cp.manager_rating
    if rating is None:
        return 0
    moment = (rating.rated_on, rating.recorded_at)
    ids = (*cp.criterion.aliases, cp.criterion.id)
    return sum(
        1
        for evidence_id in set(cp.evidence_ids)
        if any(
            link.criterion_id in ids and link.when > moment
            for link in links_by_id.get(evidence_id, ())
        )
    )


# --------------------------------------------------------------------------- assembly


def _summary(plan: Plan, assessment: Assessment, path: PathPlan) -> PlanSummary:
    guideline = assessment.guideline
    current = guideline.level_by_id.get(plan.current_level)
    target = guideline.level_by_id.get(plan.target_level)
    return PlanSummary(
        guideline_id=guideline.id,
        guideline_name=guideline.name,
        guideline_version=guideline.version,
        current_level=plan.current_level,
        current_title=current.title if current else plan.current_level,
        target_level=plan.target_level,
        target_title=target.title if target else plan.target_level,
        target_date=path.target_date,
        deadline=path.deadline,
        capacity=path.capacity,
        threshold=assessment.threshold,
        feasible=path.feasible,
        earliest_promotion_date=path.earliest_promotion_date,
        readiness_after=path.readiness_after,
        capacity_needed=path.capacity_needed,
        days_late=path.days_late,
    )


def baseline_of(
    checkins: Sequence[Checkin], target: str, today: dt.date, since: dt.date | None
) -> Checkin | None:
    """What "since the last check-in" compares with (SPEC 6): the latest check-in of the same
    target on a day before today; with ``since``, the latest one on or before that day."""
    limit = since if since is not None else today - dt.timedelta(days=1)
    earlier = [c for c in checkins if c.target_level == target and c.date <= limit]
    return max(earlier, key=lambda c: (c.date, c.id), default=None)


def assemble_facts(
    *,
    today: dt.date,
    plan: Plan,
    assessment: Assessment,
    path: PathPlan,
    index: Sequence[IndexEntry],
    evidence: Iterable[Evidence],
    complete: bool = True,
    kind: Kind = "gap",
    ratings: Iterable[Rating] = (),
    answers: Mapping[str, str] | None = None,
    manager_answers: Mapping[str, str] | None = None,
    notes: Iterable[Note] = (),
    checkins: Iterable[Checkin] = (),
    profile: Profile | None = None,
    since: dt.date | None = None,
) -> Facts:
    """The facts of a report from explicit inputs; pure, deterministic, no database.

    ``index`` is every piece of evidence, newest first; ``evidence`` the pieces held in full
    (all of them when ``complete``). ``checkins`` may hold any target's: only the plan's count.
    """
    ours = tuple(
        sorted(
            (c for c in checkins if c.target_level == plan.target_level),
            key=lambda c: (c.date, c.id),
        )
    )
    baseline = baseline_of(ours, plan.target_level, today, since)
    start = baseline.date if baseline is not None else since
    if start is None and index:
        start = min(day for _, day, _ in index)
    keys = [key for key, _ in QUESTIONS]
    return Facts(
        kind=kind,
        today=today,
        plan=_summary(plan, assessment, path),
        profile=profile or Profile(),
        assessment=assessment,
        path=path,
        index=tuple(index),
        evidence={e.id: e for e in evidence},
        complete=complete,
        ratings=tuple(ratings),
        answers={k: (answers or {})[k] for k in keys if (answers or {}).get(k, "").strip()},
        manager_answers={
            k: (manager_answers or {})[k]
            for k in keys
            if (manager_answers or {}).get(k, "").strip()
        },
        notes=tuple(sorted(notes, key=lambda n: (n.date, n.id))),
        checkins=ours,
        period=Period(start=start, end=today, baseline=baseline, since=since),
        counted=frozenset(i for cp in assessment.criteria for i in cp.evidence_ids),
    )


def facts_of(snapshot: Snapshot, *, kind: Kind = "gap", since: dt.date | None = None) -> Facts:
    """The facts of one snapshot: its evidence in full when the snapshot holds it all, else
    its ``recent`` pieces (enough for the brief's titles of what is new)."""
    return assemble_facts(
        today=snapshot.today,
        plan=snapshot.plan,
        assessment=snapshot.assessment,
        path=snapshot.path,
        index=snapshot.index,
        evidence=snapshot.evidence if snapshot.evidence is not None else snapshot.recent,
        complete=snapshot.evidence is not None,
        kind=kind,
        ratings=snapshot.ratings,
        answers=snapshot.answers,
        manager_answers=snapshot.manager_answers,
        notes=snapshot.notes,
        checkins=snapshot.checkins,
        profile=snapshot.profile,
        since=since,
    )
