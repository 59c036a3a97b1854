"""The 1:1 gap report as data (SPEC section 6), built once and rendered as Markdown, HTML or JSON.

``assemble_report`` is a pure function of explicit inputs (the assessment, the path, the
evidence, the ratings, the answers, the notes and the last recorded report), so every section
can be tested without a database; ``build_report`` gathers those inputs from a ``Store``.
Readiness and the path are read from ``Assessment`` and ``PathPlan``, never recomputed here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple

from promo_planner.core.planner.explanation import next_steps
from promo_planner.core.readiness import AreaProgress, Assessment, CriterionProgress, Status
from promo_planner.core.records import (
    QUESTIONS,
    Checkin,
    CriterionLink,
    Evidence,
    Note,
    Plan,
    Rating,
    Strength,
    Thumb,
)
from promo_planner.core.report.health import HealthRow, health_check

if TYPE_CHECKING:
    from promo_planner.core.planner import PathItem, PathPlan
    from promo_planner.core.snapshot import Snapshot
    from promo_planner.core.store import Store

# How many gaps the "what do I lack" question lists before summarising the rest.
TOP_GAPS = 5
# How many pieces of evidence the Markdown and HTML reports show per criterion (the newest),
# and how many of the evidence added since the last check-in: a career's worth of evidence
# listed in full is thousands of entries nobody reads in a 1:1, and three recent examples make a
# criterion's case. The JSON report keeps all.
EVIDENCE_SHOWN = 3
NEW_EVIDENCE_SHOWN = 10


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


NEEDS_OPPORTUNITY = "needs an opportunity"
AskKind = Literal["opportunity", "disagreement"]


@dataclass(frozen=True)
class Ask:
    """Something only the manager can give: an opportunity, or a shared view of a criterion."""

    kind: AskKind
    criterion_id: str
    title: str
    start: dt.date | None
    """For an opportunity: the day the plan starts the work (never before today)."""
    latest_start: dt.date | None
    """For an opportunity: the last safe day to start the work."""
    overdue: bool
    """For an opportunity: ``latest_start`` is already behind us."""
    self_value: Thumb | None = None
    manager_value: Thumb | None = None


class LinkedEvidence(NamedTuple):
    """A piece of evidence as it counts for one criterion.

    A named tuple rather than a dataclass: a career's portfolio makes tens of thousands.
    """

    evidence_id: int
    strength: Strength


IndexEntry = tuple[int, dt.date, tuple[CriterionLink, ...]]
"""What the report needs to know of every piece of evidence: ``(id, date, links)``, as
``Store.evidence_index()`` gives it."""


@dataclass(frozen=True)
class CriterionEvidence:
    """A required criterion with the evidence linked to it."""

    criterion_id: str
    title: str
    area_name: str
    status: Status
    full: int
    partial: int
    evidence_required: int
    evidence: tuple[LinkedEvidence, ...]


@dataclass(frozen=True)
class Question:
    """An open question for the 1:1: prefilled from the plan, answered by the engineer."""

    key: str
    text: str
    prefill: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class KeptLink:
    """A link to a criterion the ladder does not have: kept, shown, never counted."""

    evidence_id: int
    criterion_id: str
    strength: Strength


@dataclass(frozen=True)
class Report:
    """Everything the 1:1 gap report says, in the order it says it."""

    today: dt.date
    plan: PlanSummary
    readiness: Decimal
    threshold: Decimal
    ready: bool
    readiness_change: Decimal | None
    """Readiness now minus the last check-in's (same target, an earlier day); None when there
    was none."""
    last_checkin: Checkin | None
    areas: tuple[AreaProgress, ...]
    gaps: tuple[Gap, ...]
    """Path order first (start-by dates), then the gaps the path leaves out, in ladder order."""
    asks: tuple[Ask, ...]
    path: PathPlan
    evidence_by_criterion: tuple[CriterionEvidence, ...]
    other_evidence: tuple[int, ...]
    """Evidence that counts for no required criterion (ids, newest first)."""
    evidence: tuple[Evidence, ...]
    """The evidence in full, newest first: all of it when ``complete``, else only the pieces
    the Markdown and HTML reports show (``shown_evidence_ids``)."""
    evidence_ids: tuple[int, ...]
    """Ids of all the evidence in the report, ascending: what a recorded report remembers."""
    health_check: tuple[HealthRow, ...]
    questions: tuple[Question, ...]
    notes: tuple[Note, ...]
    new_since_last: tuple[int, ...]
    """Evidence ids the last recorded report did not have (all of them when none was)."""
    kept_links: tuple[KeptLink, ...]
    complete: bool = True
    """``evidence`` holds every piece of evidence (the JSON report needs that)."""
    readiness_claimed: Decimal | None = None
    """The engineer's claimed readiness (SPEC 4); shown beside ``readiness`` when it differs."""
    statuses: Mapping[str, Status] = field(default_factory=dict)
    """Each required criterion's status: what a check-in remembers."""
    thumbs: Mapping[str, tuple[Thumb | None, Thumb | None]] = field(default_factory=dict)
    """Each rated criterion's current (self, manager) thumbs: what a check-in remembers."""

    def checkin(self) -> Checkin:
        """What writing this report records (SPEC 6): a check-in on its day for its target."""
        return Checkin(
            id=0,
            date=self.today,
            target_level=self.plan.target_level,
            readiness=self.readiness,
            readiness_claimed=(
                self.readiness_claimed if self.readiness_claimed is not None else self.readiness
            ),
            evidence_ids=self.evidence_ids,
            statuses=dict(self.statuses),
            ratings=dict(self.thumbs),
        )

    def evidence_by_id(self) -> dict[int, Evidence]:
        """The evidence the report holds in full, keyed by id."""
        return {e.id: e for e in self.evidence}

    def shown_evidence_ids(self) -> set[int]:
        """The evidence the Markdown and HTML reports show in full: the ``EVIDENCE_SHOWN``
        newest per criterion and of the unlinked, and the ``NEW_EVIDENCE_SHOWN`` newest new."""
        shown = {
            linked.evidence_id
            for ce in self.evidence_by_criterion
            for linked in ce.evidence[:EVIDENCE_SHOWN]
        }
        shown.update(self.other_evidence[:EVIDENCE_SHOWN])
        shown.update(self.new_since_last[:NEW_EVIDENCE_SHOWN])
        return shown


# --------------------------------------------------------------------------- pieces


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def still_needs(cp: CriterionProgress) -> str:
    """What closes a gap, in plain words: ``1 more full piece of evidence (has 1 partial)``.

    A partial link counts half (SPEC section 4), so when only half a piece is missing one more
    partial link would also do, and the text says so.
    """
    if not cp.is_gap:
        return "nothing: met"
    # Below 1, progress is exactly credit / required, so this is what is left to show.
    missing = cp.criterion.evidence_required * (1 - cp.progress)
    full_needed = math.ceil(missing)
    partial_needed = math.ceil(missing * 2)
    text = f"{_plural(full_needed, 'more full piece')} of evidence"
    if partial_needed < 2 * full_needed:
        text += f" or {_plural(partial_needed, 'more partial', 'more partial')}"
    has = []
    if cp.full:
        has.append(f"{cp.full} full")
    if cp.partial:
        has.append(f"{cp.partial} partial")
    if has:
        text += f" (has {' and '.join(has)})"
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


def _asks(gaps: Sequence[Gap], health: Sequence[HealthRow], today: dt.date) -> list[Ask]:
    asks = [
        Ask(
            kind="opportunity",
            criterion_id=g.criterion_id,
            title=g.title,
            start=g.start,
            latest_start=g.latest_start,
            overdue=g.latest_start is not None and g.latest_start < today,
        )
        for g in gaps
        if g.needs_opportunity and g.on_path
    ]
    asks.sort(key=lambda a: (a.start or dt.date.max, a.latest_start or dt.date.max))
    asks += [
        Ask(
            kind="disagreement",
            criterion_id=row.criterion_id,
            title=row.title,
            start=None,
            latest_start=None,
            overdue=False,
            self_value=row.self_value,
            manager_value=row.manager_value,
        )
        for row in health
        if row.agreement == "disagree"
    ]
    return asks


def _risks(path: PathPlan, gaps: Sequence[Gap], today: dt.date) -> list[str]:
    risks = []
    if not path.feasible:
        # The path's own verdict: how late, what capacity would make it, the earliest date.
        risks.append(f"The path does not fit. {next_steps(path)[-1]}")
    for g in gaps:
        if not g.on_path:
            continue
        reasons = []
        if g.needs_opportunity:
            reasons.append("needs an opportunity someone must grant")
        if g.slack_days is not None and g.slack_days <= 0:
            if g.slack_days == 0:
                reasons.append("no slack: any delay moves the date")
            else:
                reasons.append(
                    f"it starts {_plural(-g.slack_days, 'day')} after its last safe start"
                )
        if reasons:
            start = ""
            if g.start is not None:
                start = (
                    " (the plan starts it today)"
                    if g.start == today
                    else f" (the plan starts it on {g.start.isoformat()})"
                )
            risks.append(f"{g.title}: {'; '.join(reasons)}{start}.")
    return risks


def _lack(gaps: Sequence[Gap]) -> list[str]:
    if not gaps:
        return ["Nothing on the ladder: every required criterion is met."]
    top = [f"{g.title} ({g.area_name}): {g.still_needs}." for g in gaps[:TOP_GAPS]]
    if len(gaps) > TOP_GAPS:
        top.append(f"… and {_plural(len(gaps) - TOP_GAPS, 'more gap')}.")
    return top


def _evidence_by_criterion(
    assessment: Assessment, index: Sequence[IndexEntry]
) -> tuple[list[CriterionEvidence], list[int]]:
    required = assessment.by_id
    linked: dict[str, list[LinkedEvidence]] = {cid: [] for cid in required}
    counted: set[int] = set()
    # tuple.__new__ skips the named tuple's Python-level __new__: a third of the cost, for
    # one LinkedEvidence per link (20,000 on a career's portfolio).
    make = tuple.__new__
    for evidence_id, _, links in index:  # newest first: each criterion lists its newest first
        for link in links:
            found = linked.get(link.criterion_id)
            if found is not None:
                found.append(make(LinkedEvidence, (evidence_id, link.strength)))
                counted.add(evidence_id)
    guideline = assessment.guideline
    rows = []
    for cp in assessment.criteria:
        if not linked[cp.criterion.id]:
            continue
        area = guideline.area_by_id.get(cp.criterion.area)
        rows.append(
            CriterionEvidence(
                criterion_id=cp.criterion.id,
                title=cp.criterion.title,
                area_name=area.name if area else cp.criterion.area,
                status=cp.status,
                full=cp.full,
                partial=cp.partial,
                evidence_required=cp.criterion.evidence_required,
                evidence=tuple(linked[cp.criterion.id]),
            )
        )
    return rows, [evidence_id for evidence_id, _, _ in index if evidence_id not in counted]


def _newest_first(evidence: Iterable[Evidence]) -> list[Evidence]:
    return sorted(evidence, key=lambda e: (e.date, e.id), reverse=True)


def _index_of(evidence: Iterable[Evidence]) -> list[IndexEntry]:
    return [(e.id, e.date, e.criteria) for e in evidence]


# --------------------------------------------------------------------------- assembly


def assemble_report(
    *,
    today: dt.date,
    plan: Plan,
    assessment: Assessment,
    path: PathPlan,
    evidence: Iterable[Evidence],
    ratings: Iterable[Rating] = (),
    answers: Mapping[str, str] | None = None,
    notes: Iterable[Note] = (),
    last_checkin: Checkin | None = None,
) -> Report:
    """The report for these inputs; pure, deterministic, no database.

    ``assessment`` and ``path`` are the single sources of readiness and dates; ``last_report``
    is what "since the last check-in" (readiness change, new evidence) is measured against.
    """
    all_evidence = _newest_first(evidence)
    return _assemble(
        today=today,
        plan=plan,
        assessment=assessment,
        path=path,
        index=_index_of(all_evidence),
        evidence=all_evidence,
        ratings=ratings,
        answers=answers,
        notes=notes,
        last_checkin=last_checkin,
    )


def _assemble(
    *,
    today: dt.date,
    plan: Plan,
    assessment: Assessment,
    path: PathPlan,
    index: Sequence[IndexEntry],
    evidence: Sequence[Evidence],
    ratings: Iterable[Rating],
    answers: Mapping[str, str] | None,
    notes: Iterable[Note],
    last_checkin: Checkin | None,
    complete: bool = True,
) -> Report:
    """The report from ``index`` (every piece of evidence, newest first) with ``evidence``
    the pieces held in full (all of them when ``complete``)."""
    guideline = assessment.guideline
    gaps = _gaps(assessment, path)
    order = [g.criterion_id for g in gaps] + [cp.criterion.id for cp in assessment.criteria]
    health = health_check(ratings, guideline, order)
    per_criterion, other = _evidence_by_criterion(assessment, index)

    answers = answers or {}
    prefills: dict[str, list[str]] = {
        "lack": _lack(gaps),
        "risks": _risks(path, gaps, today),
    }
    questions = tuple(
        Question(key, text, tuple(prefills.get(key, ())), answers.get(key, ""))
        for key, text in QUESTIONS
    )

    seen = set(last_checkin.evidence_ids) if last_checkin else set()
    current = guideline.level_by_id.get(plan.current_level)
    target = guideline.level_by_id.get(plan.target_level)
    summary = PlanSummary(
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
    return Report(
        today=today,
        plan=summary,
        readiness=assessment.readiness,
        threshold=assessment.threshold,
        ready=assessment.ready,
        readiness_change=(
            assessment.readiness - last_checkin.readiness if last_checkin is not None else None
        ),
        last_checkin=last_checkin,
        areas=tuple(assessment.areas()),
        gaps=tuple(gaps),
        asks=tuple(_asks(gaps, health, today)),
        path=path,
        evidence_by_criterion=tuple(per_criterion),
        other_evidence=tuple(other),
        evidence=tuple(evidence),
        evidence_ids=tuple(sorted(evidence_id for evidence_id, _, _ in index)),
        health_check=tuple(health),
        questions=questions,
        notes=tuple(sorted(notes, key=lambda n: (n.date, n.id))),
        new_since_last=tuple(evidence_id for evidence_id, _, _ in index if evidence_id not in seen),
        kept_links=tuple(KeptLink(*link) for link in assessment.orphan_links),
        complete=complete,
        readiness_claimed=assessment.readiness_claimed,
        statuses={cp.criterion.id: cp.status for cp in assessment.criteria},
        thumbs={row.criterion_id: (row.self_value, row.manager_value) for row in health},
    )


def build_report(
    store: Store, today: dt.date, *, complete: bool = True, since: dt.date | None = None
) -> Report:
    """The report of the portfolio in ``store`` as of ``today``, from one snapshot.

    ``complete=False`` reads in full only the evidence the Markdown and HTML reports show
    (the JSON report needs ``complete``): the rest is summed up from the snapshot's index,
    which on a 10,000-item portfolio is several times cheaper than reading every item.
    ``since`` chooses the check-in "since the last check-in" compares with.
    Raises ``InputError`` ("no plan yet") before ``init``.
    """
    from promo_planner.core.errors import InputError
    from promo_planner.core.snapshot import read_snapshot
    from promo_planner.core.store import NO_PLAN

    # The index and the shown items are two reads; a write between them (another process
    # removing an item) would leave a shown id without its text, so read again when the
    # portfolio changed meanwhile, and after a few busy rounds read everything in one go.
    for attempt in range(4):
        whole = complete or attempt == 3
        snapshot = read_snapshot(store, today, recent=0, full_evidence=whole)
        if snapshot is None:
            raise InputError(NO_PLAN)
        report = report_of(snapshot, since=since)
        if whole:
            return report
        shown = store.evidence_items(report.shown_evidence_ids())
        if store.data_version() == snapshot.data_version:
            return replace(report, evidence=tuple(shown))
    raise AssertionError("unreachable")  # pragma: no cover


def report_of(snapshot: Snapshot, *, since: dt.date | None = None) -> Report:
    """The report of one snapshot (its evidence in full when the snapshot holds it)."""
    return _assemble(
        today=snapshot.today,
        plan=snapshot.plan,
        assessment=snapshot.assessment,
        path=snapshot.path,
        index=snapshot.index,
        evidence=snapshot.evidence or (),
        ratings=snapshot.ratings,
        answers=snapshot.answers,
        notes=snapshot.notes,
        last_checkin=snapshot.last_checkin(since),
        complete=snapshot.evidence is not None,
    )
