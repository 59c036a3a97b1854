"""Step 5 of the path (SPEC section 5.5): group the planned gaps into dated checkpoints.

P is the promotion date the plan aims at: the target date when the plan is feasible, else the
earliest promotion date. The checkpoints, in date order, all from today on:

* **end of <month>** on the last day of each month in which some gap finishes, for months that
  end before the gaps-closed checkpoint (so a month is never split around it);
* **gaps closed, sustain begins** on P − lead_weeks − sustain_weeks, when sustain_weeks > 0;
* **packet ready** on P − lead_weeks;
* **promotion decision** on P.

Each chosen gap is listed in exactly one checkpoint: the first one on or after its finish;
within a checkpoint the gaps keep plan order. Month checkpoints exist only when they hold gaps;
the last two always appear (and the gaps-closed one when it applies).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Sequence

from promo_planner.core.planner.path import Milestone, PathItem

PACKET_READY = "packet ready"
PROMOTION_DECISION = "promotion decision"
GAPS_CLOSED = "gaps closed, sustain begins"

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
    promotion: dt.date,
    packet: dt.date,
    gaps_closed: dt.date | None,
) -> list[Milestone]:
    """Checkpoints up to ``promotion`` (P), each gap in the first one on or after its finish.

    ``packet`` is P − lead_weeks; ``gaps_closed`` is P − lead − sustain weeks, or None when
    there is no sustain period. Every finish must be on or before the last gap checkpoint
    (``gaps_closed`` or ``packet``), which the plan guarantees.
    """
    fixed: list[tuple[dt.date, str]] = []
    if gaps_closed is not None:
        fixed.append((gaps_closed, GAPS_CLOSED))
    fixed.append((packet, PACKET_READY))
    fixed.append((promotion, PROMOTION_DECISION))
    last_gap_checkpoint = fixed[0][0]

    months: dict[dt.date, str] = {}
    for it in items:
        end = month_end(it.finish)
        if end < last_gap_checkpoint and end not in months:
            months[end] = f"end of {_MONTHS[end.month - 1]} {end.year}"
    checkpoints = sorted(months.items()) + fixed
    days = [day for day, _ in checkpoints]
    groups: list[list[str]] = [[] for _ in checkpoints]
    for it in items:
        # The first checkpoint on or after the finish; past the gaps' last one only if the
        # caller broke the promise above, and then the gap still lands on the packet.
        at = min(bisect.bisect_left(days, it.finish), len(days) - 2)
        groups[at].append(it.criterion_id)
    return [
        Milestone(date=day, title=title, criteria=group)
        for (day, title), group in zip(checkpoints, groups, strict=True)
    ]
