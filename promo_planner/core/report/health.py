"""The health check: the engineer's and the manager's 👍/👎 per criterion, side by side.

Ordered for the 1:1 (SPEC 6): disagreements first, because they are what it must resolve; then
the criteria to rate again (``rerate``: evidence linked since the manager's rating); then those
the manager has not rated yet; last the settled ones (the manager's word stands).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from promo_planner.core.ladder import Guideline
from promo_planner.core.records import Rating, Thumb, latest_ratings

Agreement = Literal["disagree", "agree", "self-only", "manager-only", "unrated"]


@dataclass(frozen=True)
class HealthRow:
    """One criterion's ratings from both sides of the table."""

    criterion_id: str
    title: str
    """The criterion's title, or its id when the ladder does not have it (a kept rating)."""
    self_value: Thumb | None
    manager_value: Thumb | None
    self_note: str
    manager_note: str
    rerate: bool = False
    """Evidence was linked after the manager's latest rating: ask them to look again."""
    self_on: dt.date | None = None
    manager_on: dt.date | None = None

    @property
    def agreement(self) -> Agreement:
        """disagree / agree when both sides rated; otherwise which side did, or neither."""
        if self.self_value is not None and self.manager_value is not None:
            return "agree" if self.self_value == self.manager_value else "disagree"
        if self.self_value is not None:
            return "self-only"
        return "manager-only" if self.manager_value is not None else "unrated"

    @property
    def group(self) -> int:
        """0 disagreements, 1 to rate again, 2 rated by me only, 3 by neither, 4 settled (the
        manager's word stands)."""
        if self.agreement == "disagree":
            return 0
        if self.rerate:
            return 1
        if self.manager_value is None:
            return 2 if self.self_value is not None else 3
        return 4


def health_check(
    ratings: Iterable[Rating],
    guideline: Guideline,
    order: Sequence[str] = (),
    *,
    required: Iterable[str] = (),
    rerate: Iterable[str] = (),
) -> list[HealthRow]:
    """Pair each criterion's latest ratings: disagreements, then the ``rerate`` criteria, then
    those the manager has not rated, then the settled ones.

    Every rated criterion is listed, and every one of ``required`` (the target's required set)
    even when nobody rated it. Within a group, criteria follow ``order`` (the report passes path
    order, then the ladder), then the ladder's own order, then unknown ids alphabetically.
    ``ratings`` is the history: each side's latest rating stands (a ``clear`` leaves that side
    unrated).
    """
    latest = latest_ratings(ratings)
    again = set(rerate)
    listed = dict.fromkeys([*required, *sorted({cid for cid, _ in latest})])

    rank: dict[str, int] = {}
    for criterion_id in [*order, *(c.id for c in guideline.criteria)]:
        rank.setdefault(criterion_id, len(rank))

    rows = []
    for criterion_id in listed:
        mine = latest.get((criterion_id, "self"))
        theirs = latest.get((criterion_id, "manager"))
        criterion = guideline.criterion_by_id.get(criterion_id)
        rows.append(
            HealthRow(
                criterion_id=criterion_id,
                title=criterion.title if criterion is not None else criterion_id,
                self_value=mine.thumb if mine else None,
                manager_value=theirs.thumb if theirs else None,
                self_note=mine.note if mine else "",
                manager_note=theirs.note if theirs else "",
                rerate=criterion_id in again,
                self_on=mine.rated_on if mine else None,
                manager_on=theirs.rated_on if theirs else None,
            )
        )
    rows.sort(key=lambda row: (row.group, rank.get(row.criterion_id, len(rank)), row.criterion_id))
    return rows
