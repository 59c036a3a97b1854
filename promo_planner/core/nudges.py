"""Nudges: what the dashboard reminds the engineer of before it becomes a problem.

* **Gone quiet**: a chosen gap (on the path) that has evidence, the newest of it ``nudge_weeks``
  or more old: the work stalled, or it happened and was not logged. A chosen gap with no
  evidence at all has not gone quiet; the path already says when to start it.
* **Leaving the window**: under a guideline's ``evidence_window_months`` (SPEC 4), evidence
  older than the window stops counting; these are the criteria that lose counted evidence
  within the next month, with when and how much is left.

Pure functions of plain values (the path's items, the evidence index ``(id, date, links)``,
today), so any caller can feed them whatever its snapshot of the portfolio looks like.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from promo_planner.core.readiness import add_months, counts_on
from promo_planner.core.records import CriterionLink

DEFAULT_NUDGE_WEEKS = 4

EvidenceIndex = Iterable[tuple[int, dt.date, Sequence[CriterionLink]]]


@dataclass(frozen=True)
class QuietGap:
    """A chosen gap with no new evidence for a while."""

    criterion_id: str
    last_evidence: dt.date
    weeks_quiet: int

    def to_json(self) -> dict[str, Any]:
        """JSON shape (``nudges --json``)."""
        return {
            "criterion": self.criterion_id,
            "last_evidence": self.last_evidence.isoformat(),
            "weeks_quiet": self.weeks_quiet,
        }


@dataclass(frozen=True)
class LeavingWindow:
    """A criterion whose counted evidence starts to leave the evidence window soon."""

    criterion_id: str
    leaving: tuple[tuple[int, dt.date], ...]
    """``(evidence id, first day it no longer counts)``, soonest first."""
    counted_now: int
    counted_after: int
    """Counted evidence left once those have gone (evidence added meanwhile aside)."""

    def to_json(self) -> dict[str, Any]:
        """JSON shape (``nudges --json``)."""
        return {
            "criterion": self.criterion_id,
            "leaving": [{"evidence": i, "stops_counting": d.isoformat()} for i, d in self.leaving],
            "counted_now": self.counted_now,
            "counted_after": self.counted_after,
        }


@dataclass(frozen=True)
class Nudges:
    """Everything worth a reminder today."""

    quiet: tuple[QuietGap, ...]
    leaving: tuple[LeavingWindow, ...]

    def __bool__(self) -> bool:
        return bool(self.quiet or self.leaving)

    def to_json(self) -> dict[str, Any]:
        """JSON shape (``nudges --json``)."""
        return {
            "quiet": [q.to_json() for q in self.quiet],
            "leaving_window": [w.to_json() for w in self.leaving],
        }


def stops_counting(evidence_date: dt.date, window_months: int) -> dt.date:
    """The first day evidence dated ``evidence_date`` is no longer counted under the window."""
    day = add_months(evidence_date, window_months) - dt.timedelta(days=3)
    while counts_on(evidence_date, day, window_months) or day <= evidence_date:
        day += dt.timedelta(days=1)
    return day


def find_nudges(
    chosen: Iterable[str],
    evidence: EvidenceIndex,
    today: dt.date,
    *,
    nudge_weeks: int | None = None,
    window_months: int = 0,
    criteria: Collection[str] | None = None,
) -> Nudges:
    """The nudges for ``today``.

    ``chosen``: the criterion ids of the path's items, checked for quiet at ``nudge_weeks``
    (default ``DEFAULT_NUDGE_WEEKS``). ``evidence``: ``(id, date, links)`` of every item.
    ``criteria``: the criteria whose window losses matter (the target's required set; all when
    None).
    """
    weeks = nudge_weeks or DEFAULT_NUDGE_WEEKS
    newest: dict[str, dt.date] = {}
    counted: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)
    for evidence_id, day, links in evidence:
        if day > today:
            continue
        for link in links:
            cid = link.criterion_id
            if cid not in newest or day > newest[cid]:
                newest[cid] = day
            if counts_on(day, today, window_months):
                counted[cid].append((evidence_id, day))
    return Nudges(
        quiet=_quiet(chosen, newest, today, weeks),
        leaving=_leaving(counted, today, window_months, criteria),
    )


def _quiet(
    chosen: Iterable[str], newest: dict[str, dt.date], today: dt.date, weeks: int
) -> tuple[QuietGap, ...]:
    out = []
    for criterion_id in chosen:
        last = newest.get(criterion_id)
        if last is None:
            continue
        quiet_days = (today - last).days
        if quiet_days >= 7 * weeks:
            out.append(QuietGap(criterion_id, last, quiet_days // 7))
    out.sort(key=lambda q: (q.last_evidence, q.criterion_id))
    return tuple(out)


def _leaving(
    counted: dict[str, list[tuple[int, dt.date]]],
    today: dt.date,
    window_months: int,
    criteria: Collection[str] | None,
) -> tuple[LeavingWindow, ...]:
    if window_months <= 0:
        return ()
    horizon = add_months(today, 1)
    out = []
    for criterion_id, items in counted.items():
        if criteria is not None and criterion_id not in criteria:
            continue
        leaving = sorted(
            ((i, stops_counting(day, window_months)) for i, day in items),
            key=lambda pair: (pair[1], pair[0]),
        )
        leaving = [(i, day) for i, day in leaving if day <= horizon]
        if leaving:
            out.append(
                LeavingWindow(criterion_id, tuple(leaving), len(items), len(items) - len(leaving))
            )
    out.sort(key=lambda w: (w.leaving[0][1], w.criterion_id))
    return tuple(out)
