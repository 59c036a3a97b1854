"""The health check: the engineer's and the manager's 👍/👎 per criterion, side by side.

Disagreements come first because they are what the 1:1 must resolve; then agreements; then
criteria only one side has rated (the other side's view is the next thing to ask for).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from promo_planner.core.ladder import Guideline
from promo_planner.core.records import Rating, Thumb, latest_ratings

Agreement = Literal["disagree", "agree", "self-only", "manager-only"]

_GROUP: dict[Agreement, int] = {"disagree": 0, "agree": 1, "self-only": 2, "manager-only": 2}


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

    @property
    def agreement(self) -> Agreement:
        """disagree / agree when both sides rated; otherwise which side did."""
        if self.self_value is not None and self.manager_value is not None:
            return "agree" if self.self_value == self.manager_value else "disagree"
        return "self-only" if self.self_value is not None else "manager-only"


def health_check(
    ratings: Iterable[Rating], guideline: Guideline, order: Sequence[str] = ()
) -> list[HealthRow]:
    """Pair each criterion's ratings: disagreements, then agreements, then one-sided ratings.

    Within a group, criteria follow ``order`` (the report passes path order, then the ladder),
    then the ladder's own order, then unknown ids alphabetically. ``ratings`` is the history:
    each side's latest rating stands (a ``clear`` leaves that side unrated).
    """
    latest = latest_ratings(ratings)
    rated = sorted({criterion_id for criterion_id, _ in latest})

    rank: dict[str, int] = {}
    for criterion_id in [*order, *(c.id for c in guideline.criteria)]:
        rank.setdefault(criterion_id, len(rank))

    rows = []
    for criterion_id in rated:
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
            )
        )
    rows.sort(
        key=lambda row: (
            _GROUP[row.agreement],
            rank.get(row.criterion_id, len(rank)),
            row.criterion_id,
        )
    )
    return rows
