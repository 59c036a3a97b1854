"""Progress, status and readiness: SPEC section 4, in exact arithmetic.

``assess`` is the one place the core number is computed; the CLI, the TUI and the report all
read it from the ``Assessment`` it returns. The number starts from the level the engineer
already holds (criteria carried over count as held), the manager's latest 👍/👎 overrides the
engineer's claim (``agreed`` vs ``claimed``), and only counted evidence (dated on or before
today, inside the guideline's evidence window) adds progress.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Any, Literal

from promo_planner.core.ladder import Area, Criterion, Guideline
from promo_planner.core.records import (
    EARLIEST_DATE,
    EPOCH,
    Rating,
    Strength,
    Thumb,
    latest_ratings,
)

Status = Literal["met", "held", "partial", "missing"]

LinkFact = tuple[Any, ...]
"""What readiness needs of one link: ``(evidence_id, criterion_id, strength)``, optionally
followed by the evidence's date and the moment the link was made (``CriterionLink.when``).
Links without a date always count (tests and hand-built inputs); the snapshot gives all five."""


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, the day clamped to the month's end (SPEC 4);
    clamped to the calendar's ends rather than overflowing."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_start(today: dt.date, months: int) -> dt.date | None:
    """The oldest date counted evidence may have: ``today`` minus ``months`` calendar months,
    the day clamped to the month's end (SPEC 4); None when every date counts (``months`` 0)."""
    return add_months(today, -months) if months > 0 else None


def counted_on(today: dt.date, window_months: int) -> Callable[[dt.date], bool]:
    """SPEC 4's counted evidence as a test of an evidence date: on or before ``today`` and,
    with a window, on or after ``window_start``. The one rule readiness and the nudges share
    (worked out once per ``today``, then cheap per item)."""
    oldest = window_start(today, window_months)
    if oldest is None:
        return lambda day: day <= today
    return lambda day: oldest <= day <= today


def counts_on(evidence_date: dt.date, today: dt.date, window_months: int) -> bool:
    """Whether evidence dated ``evidence_date`` counts on ``today`` (see ``counted_on``)."""
    return counted_on(today, window_months)(evidence_date)


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


def status_of(progress: Fraction, *, held: bool = False) -> Status:
    """``met`` at 1 (``held`` when that 1 comes only from holding the current level),
    ``missing`` at 0, ``partial`` between."""
    if progress >= 1:
        return "held" if held else "met"
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
    """One required criterion measured against the portfolio (SPEC 4).

    ``progress`` is the **agreed** progress, the one every number is built on; ``claimed``
    is the engineer's view (held, or evidence), ``evidence_progress`` what counted evidence
    alone shows.
    """

    criterion: Criterion
    full: int
    partial: int
    evidence_ids: tuple[int, ...]
    """Counted evidence linked to it (ascending ids)."""
    progress: Fraction
    new_at_target: bool
    evidence_progress: Fraction = Fraction(0)
    claimed: Fraction = Fraction(0)
    carried_over: bool = False
    """Required at the current level too (R(T) ∩ R(C))."""
    held: bool = False
    """Carried over and not disowned by the engineer's own latest 👎: counts as shown."""
    self_rating: Rating | None = None
    manager_rating: Rating | None = None
    disputed: bool = False
    """The manager's latest rating is 👎 while the engineer claims progress."""
    rerate: bool = False
    """Evidence was linked after the manager's latest rating: ask them to look again."""
    uncounted_ids: tuple[int, ...] = ()
    """Evidence linked to it that does not count: older than the window or after today."""

    @property
    def status(self) -> Status:
        """met / held / partial / missing, from the agreed progress."""
        from_holding = (
            self.held
            and self.evidence_progress < 1
            and (self.manager_rating is None or self.manager_rating.value != "up")
        )
        return status_of(self.progress, held=from_holding)

    @property
    def is_gap(self) -> bool:
        """Required and not yet met (agreed progress below 1)."""
        return self.progress < 1

    @property
    def effort_days(self) -> int:
        """Remaining effort in whole days."""
        return remaining_effort_days(self.criterion, self.progress)

    @property
    def self_thumb(self) -> Thumb | None:
        """The engineer's latest 👍/👎, if any."""
        return self.self_rating.thumb if self.self_rating else None

    @property
    def manager_thumb(self) -> Thumb | None:
        """The manager's latest 👍/👎, if any."""
        return self.manager_rating.thumb if self.manager_rating else None


def standing_notes(cp: CriterionProgress, current_level: str) -> list[str]:
    """Why a criterion counts as it does, one short sentence each, for the engineer (the app's
    detail pane, the report): held, the engineer's own 👎 on a held one, the manager's word,
    what to re-rate, evidence that does not count."""
    notes = []
    if cp.status == "held":
        notes.append(f"Held from {current_level}: counts as shown (rate 👎 if you don't yet).")
    elif cp.carried_over and not cp.held:
        notes.append(f"Expected at {current_level}; your 👎 makes it count from evidence only.")
    if cp.disputed:
        notes.append("Your manager's 👎 counts it as 0 until they rate it again.")
    elif cp.manager_thumb == "up" and cp.evidence_progress < 1 and not cp.held:
        notes.append("Your manager's 👍 counts it as met.")
    if cp.rerate:
        notes.append("New evidence since your manager's rating: ask them to look again.")
    if cp.uncounted_ids:
        n = len(cp.uncounted_ids)
        notes.append(f"{n} linked item{'s' if n != 1 else ''} outside the evidence window.")
    return notes


@dataclass(frozen=True)
class AreaProgress:
    """How one area of the target level stands."""

    area: Area
    met: int
    partial: int
    missing: int
    readiness: Decimal
    """Weighted agreed progress of the area's required criteria, percent, one decimal."""
    held: int = 0
    """Of ``met``, how many only by holding the current level."""
    readiness_claimed: Decimal = Decimal(0)

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
    readiness_claimed_exact: Fraction = Fraction(0)
    today: dt.date | None = None
    window_start: dt.date | None = None
    """Evidence older than this does not count (None: every date counts)."""

    @property
    def readiness(self) -> Decimal:
        """The core number (agreed progress): percent, one decimal."""
        return round_percent(self.readiness_exact)

    @property
    def readiness_claimed(self) -> Decimal:
        """The same sum over the engineer's claimed progress; shown beside ``readiness``
        whenever the two differ."""
        return round_percent(self.readiness_claimed_exact)

    @property
    def areas_below_floor(self) -> list[AreaProgress]:
        """Areas whose readiness (as reported) is below the area floor."""
        return [a for a in self.areas() if a.readiness < self.area_floor]

    @property
    def ready(self) -> bool:
        """Readiness (as reported) at or above the threshold, and every area at or above the
        area floor."""
        return self.readiness >= self.threshold and not self.areas_below_floor

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
        return list(self._areas)

    @cached_property
    def _areas(self) -> tuple[AreaProgress, ...]:
        # Made once: ``ready`` asks for them too, and every screen and report shows them.
        groups: dict[str, list[CriterionProgress]] = defaultdict(list)
        for cp in self.criteria:
            groups[cp.criterion.area].append(cp)
        out = []
        for area in self.guideline.areas:
            items = groups.get(area.id)
            if not items:
                continue
            counts = {"met": 0, "held": 0, "partial": 0, "missing": 0}
            for cp in items:
                counts[cp.status] += 1
            out.append(
                AreaProgress(
                    area=area,
                    met=counts["met"] + counts["held"],
                    partial=counts["partial"],
                    missing=counts["missing"],
                    readiness=round_percent(_weighted(items)),
                    held=counts["held"],
                    readiness_claimed=round_percent(_weighted(items, claimed=True)),
                )
            )
        return tuple(out)


def _weighted(items: Iterable[CriterionProgress], *, claimed: bool = False) -> Fraction:
    num = Fraction(0)
    den = Fraction(0)
    for cp in items:
        w = _exact(cp.criterion.weight)
        value = cp.claimed if claimed else cp.progress
        if value:
            num += w * value
        den += w
    return Fraction(0) if den == 0 else 100 * num / den


_NEVER = (dt.date.min, dt.datetime.min)

LinkWhen = tuple[dt.date, dt.datetime] | None
"""When a link was made (``CriterionLink.when``), or None when not known."""


@dataclass(frozen=True)
class Tally:
    """The counted evidence of one criterion: what readiness reads of its links.

    ``counted`` maps each counted evidence id to its link's strength and moment;
    ``uncounted`` holds linked evidence that does not count (outside the window, after today).
    """

    counted: dict[int, tuple[Strength, LinkWhen]]
    uncounted: frozenset[int] = frozenset()

    @cached_property
    def full(self) -> int:
        """Counted full links."""
        return sum(1 for strength, _ in self.counted.values() if strength == "full")

    @property
    def partial(self) -> int:
        """Counted partial links."""
        return len(self.counted) - self.full

    @cached_property
    def newest(self) -> LinkWhen:
        """The moment of the newest counted link (for ``rerate``)."""
        moments = [when for _, when in self.counted.values() if when is not None]
        return max(moments) if moments else None


_EMPTY = Tally({})


@dataclass(frozen=True)
class Tallies:
    """Every criterion's ``Tally``, and the links to criteria the ladder does not have: the
    part of readiness that reads the evidence (``tally``), kept apart so that a rating, which
    changes no link, is measured again without reading a single link, and a changed piece of
    evidence re-tallies only its own criteria (``changed``)."""

    by_criterion: dict[str, Tally]
    orphans: tuple[tuple[int, str, Strength], ...]
    today: dt.date | None

    def of(self, criterion_id: str) -> Tally:
        """The tally of one criterion (empty when nothing is linked to it)."""
        return self.by_criterion.get(criterion_id, _EMPTY)

    def changed(
        self,
        guideline: Guideline,
        evidence_id: int,
        before: Sequence[LinkFact],
        after: Sequence[LinkFact],
    ) -> Tallies:
        """These tallies with one piece of evidence's links ``before`` replaced by ``after``
        (its whole set of links, as ``LinkFact``; either may be empty: added, removed)."""
        touched = {f[1] for f in (*before, *after)}
        known = guideline.criterion_by_id
        alias = _aliases(guideline)
        counts = _counter(guideline, self.today)
        by_criterion = dict(self.by_criterion)
        for name in touched:
            cid = name if name in known else alias.get(name)
            if cid is None:
                continue
            old = self.of(cid)
            counted = {k: v for k, v in old.counted.items() if k != evidence_id}
            uncounted = set(old.uncounted) - {evidence_id}
            by_criterion[cid] = Tally(counted, frozenset(uncounted))
        orphans = [o for o in self.orphans if o[0] != evidence_id]
        for fact in after:
            cid = fact[1] if fact[1] in known else alias.get(fact[1])
            if cid is None:
                orphans.append((evidence_id, fact[1], fact[2]))
                continue
            _add(by_criterion, cid, fact, counts)
        orphans.sort(key=lambda o: o[0])
        return Tallies(by_criterion, tuple(orphans), self.today)


def _aliases(guideline: Guideline) -> dict[str, str]:
    known = guideline.criterion_by_id
    return {a: c.id for c in guideline.criteria for a in c.aliases if a not in known}


def _counter(guideline: Guideline, today: dt.date | None) -> Callable[[dt.date], bool] | None:
    return counted_on(today, guideline.promotion.evidence_window_months) if today else None


def _add(
    by_criterion: dict[str, Tally],
    cid: str,
    fact: LinkFact,
    counts: Callable[[dt.date], bool] | None,
) -> None:
    """Tally one link into ``by_criterion`` (copying the criterion's tally)."""
    old = by_criterion.get(cid, _EMPTY)
    evidence_id = fact[0]
    if len(fact) > 3 and counts is not None and not counts(fact[3]):
        if evidence_id not in old.counted:
            by_criterion[cid] = Tally(old.counted, old.uncounted | {evidence_id})
        return
    when = fact[4] if len(fact) > 4 else None
    counted = dict(old.counted)
    counted[evidence_id] = (fact[2], when)
    by_criterion[cid] = Tally(counted, old.uncounted - {evidence_id})


def tally(guideline: Guideline, links: Iterable[LinkFact], today: dt.date | None = None) -> Tallies:
    """Read every link once into per-criterion tallies (SPEC 4's counted evidence: with
    ``today``, only evidence dated on or before it and inside the evidence window counts; a
    link to an alias counts for its criterion)."""
    known = guideline.criterion_by_id
    alias = _aliases(guideline)
    counts = _counter(guideline, today)
    counted: dict[str, dict[int, tuple[Strength, LinkWhen]]] = defaultdict(dict)
    uncounted: dict[str, set[int]] = defaultdict(set)
    orphans: list[tuple[int, str, Strength]] = []
    for fact in links:
        evidence_id, criterion_id, strength = fact[0], fact[1], fact[2]
        cid = criterion_id if criterion_id in known else alias.get(criterion_id)
        if cid is None:
            orphans.append((evidence_id, criterion_id, strength))
        elif len(fact) > 3 and counts is not None and not counts(fact[3]):
            uncounted[cid].add(evidence_id)
        else:
            counted[cid][evidence_id] = (strength, fact[4] if len(fact) > 4 else None)
    return _tallies(counted, uncounted, orphans, today)


def tally_rows(
    guideline: Guideline,
    read: tuple[
        Sequence[tuple[int, str]], Sequence[tuple[int, str, Strength, str | None, str | None]]
    ],
    today: dt.date | None,
) -> Tallies:
    """``tally`` of an index as read (``rows.fetch_index_rows``: the evidence's ids and
    dates, the links in the order linked), without making the index or a fact per link: the
    evidence window is judged once per item, each date parsed once, and the moment of a link
    only when it counts."""
    # One lookup per link: a criterion's id, or an alias, to the criterion it counts for.
    resolve = _aliases(guideline)
    resolve.update((cid, cid) for cid in guideline.criterion_by_id)
    counts = _counter(guideline, today)
    dates, links = read
    parse_day, parse_moment = dt.date.fromisoformat, dt.datetime.fromisoformat
    days: dict[str, dt.date] = {}
    if counts is None:
        counted_ids = {i for i, _ in dates}
    else:
        for _, text in dates:
            if text not in days:
                days[text] = parse_day(text)
        counted_ids = {i for i, text in dates if counts(days[text])}
    counted: dict[str, dict[int, tuple[Strength, LinkWhen]]] = defaultdict(dict)
    uncounted: dict[str, set[int]] = defaultdict(set)
    orphans: list[tuple[int, str, Strength]] = []
    for evidence_id, criterion_id, strength, on, at in links:
        cid = resolve.get(criterion_id)
        if cid is None:
            orphans.append((evidence_id, criterion_id, strength))
        elif evidence_id in counted_ids:
            linked_on = (days.get(on) or days.setdefault(on, parse_day(on))) if on else None
            when = (linked_on or EARLIEST_DATE, parse_moment(at) if at else EPOCH)
            counted[cid][evidence_id] = (strength, when)  # as CriterionLink.when has it
        else:
            uncounted[cid].add(evidence_id)
    orphans.sort(key=lambda o: o[0])  # by evidence, as tally reads a snapshot's facts
    return _tallies(counted, uncounted, orphans, today)


def _tallies(
    counted: dict[str, dict[int, tuple[Strength, LinkWhen]]],
    uncounted: dict[str, set[int]],
    orphans: list[tuple[int, str, Strength]],
    today: dt.date | None,
) -> Tallies:
    by_criterion = {
        cid: Tally(
            counted.get(cid, {}), frozenset(uncounted.get(cid, ()) - counted.get(cid, {}).keys())
        )
        for cid in counted.keys() | uncounted.keys()
    }
    return Tallies(by_criterion, tuple(orphans), today)


def assess(
    guideline: Guideline,
    current_level: str,
    target_level: str,
    links: Iterable[LinkFact] | Tallies,
    threshold: Decimal | None = None,
    *,
    ratings: Sequence[Rating] = (),
    today: dt.date | None = None,
) -> Assessment:
    """Measure the required set of ``target_level`` for an engineer who holds
    ``current_level`` (SPEC 4).

    ``links`` are ``(evidence_id, criterion_id, strength[, evidence_date, linked_when])``
    (see ``LinkFact``), or their ``tally`` already made; a link to a criterion's alias counts
    for the criterion. With ``today`` only evidence dated on or before it, and inside the
    guideline's evidence window, counts. ``ratings`` is the rating history; the latest of each
    side counts. An empty required set is 100 % ready (nothing is asked for). ``threshold``
    defaults to the guideline's.
    """
    tallies = links if isinstance(links, Tallies) else tally(guideline, links, today)
    latest = latest_ratings(ratings)
    held_ids = set(guideline.required_ids(current_level))
    items = tuple(
        _measure(
            c,
            tallies.of(c.id),
            carried=c.id in held_ids,
            self_rating=latest.get((c.id, "self")),
            manager_rating=latest.get((c.id, "manager")),
        )
        for c in guideline.required(target_level)
    )
    window = guideline.promotion.evidence_window_months
    return Assessment(
        guideline=guideline,
        current_level=current_level,
        target_level=target_level,
        threshold=threshold if threshold is not None else guideline.promotion.readiness_threshold,
        criteria=items,
        readiness_exact=_weighted(items) if items else Fraction(100),
        orphan_links=tallies.orphans,
        area_floor=guideline.promotion.area_floor,
        readiness_claimed_exact=_weighted(items, claimed=True) if items else Fraction(100),
        today=today,
        window_start=window_start(today, window) if today else None,
    )


def _measure(
    c: Criterion,
    counted: Tally,
    *,
    carried: bool,
    self_rating: Rating | None,
    manager_rating: Rating | None,
) -> CriterionProgress:
    """One criterion's progress: evidence, held, claimed, agreed, and the two flags."""
    full, partial, newest_link = counted.full, counted.partial, counted.newest
    shown = progress_of(c, full, partial)
    held = carried and not (self_rating is not None and self_rating.value == "down")
    claimed = _ONE if held else shown
    # The manager's latest word decides; without one, the engineer's claim stands.
    verdict = {"up": _ONE, "down": _ZERO}
    agreed = claimed if manager_rating is None else verdict[manager_rating.value]
    return CriterionProgress(
        criterion=c,
        full=full,
        partial=partial,
        evidence_ids=tuple(sorted(counted.counted)),
        progress=agreed,
        new_at_target=not carried,
        evidence_progress=shown,
        claimed=claimed,
        carried_over=carried,
        held=held,
        self_rating=self_rating,
        manager_rating=manager_rating,
        disputed=manager_rating is not None and manager_rating.value == "down" and claimed > 0,
        rerate=(
            manager_rating is not None
            and newest_link is not None
            and newest_link > (manager_rating.rated_on, manager_rating.recorded_at)
        ),
        uncounted_ids=tuple(sorted(counted.uncounted)),
    )
