"""Step 4 of the path (SPEC section 5): group the scheduled gaps into dated checkpoints.

The checkpoints, in date order:

* **due now or overdue** on today, only when some gap's due date has already passed (an
  infeasible plan) and today is still before the last gap checkpoint;
* **end of <month>** on the last day of each month in which some gap falls due, only for months
  that end before the gaps-closed checkpoint (so a month is never split around it);
* **gaps closed, sustain begins** on the deadline D, when ``sustain_weeks > 0`` and D is not in
  the past (with no sustain period D is the packet date itself);
* **packet ready** on target date − lead_weeks;
* **promotion decision** on the target date.

Each chosen gap is listed in exactly one checkpoint: the first one on or after its due date;
within a checkpoint the gaps keep path order. Intermediate checkpoints exist only when they
hold gaps; the last three always appear (the gaps-closed one when it applies).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from promo_planner.core.planner.path import Milestone, PathItem

PACKET_READY = "packet ready"
PROMOTION_DECISION = "promotion decision"
GAPS_CLOSED = "gaps closed, sustain begins"
OVERDUE = "due now or overdue"

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def build_milestones(
    items: Sequence[PathItem],
    *,
    today: dt.date,
    deadline: dt.date,
    target_date: dt.date,
    lead_weeks: int,
) -> list[Milestone]:
    """Checkpoints between today and the target date, each gap in the first one on or after its
    due date (see the module docstring for which checkpoints exist)."""
    packet = target_date - dt.timedelta(weeks=lead_weeks)
    fixed: list[tuple[dt.date, str]] = []
    if today <= deadline < packet:
        fixed.append((deadline, GAPS_CLOSED))
    fixed.append((packet, PACKET_READY))
    fixed.append((target_date, PROMOTION_DECISION))
    last_gap_checkpoint = fixed[0][0]

    intermediate: dict[dt.date, str] = {}
    for it in items:
        if it.due < today:
            if today < last_gap_checkpoint:
                intermediate[today] = OVERDUE
        else:
            end = month_end(it.due)
            if end < last_gap_checkpoint:
                intermediate.setdefault(end, f"end of {_MONTHS[end.month - 1]} {end.year}")
    checkpoints = sorted(intermediate.items()) + fixed
    groups: list[list[str]] = [[] for _ in checkpoints]
    for it in items:
        for i, (day, _) in enumerate(checkpoints):
            if day >= it.due:
                groups[i].append(it.criterion_id)
                break
        else:  # every due date is on or before D ≤ the packet date, so this is a safety net
            groups[-2].append(it.criterion_id)
    return [
        Milestone(date=day, title=title, criteria=group)
        for (day, title), group in zip(checkpoints, groups, strict=True)
    ]
