"""The dashboard's "Next" box: what to start this week, what to ask the manager for, the
next milestone, whether the date holds, and the nudges (gaps gone quiet, evidence about to
leave the window)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.content import Content

from promo_planner.tui.widgets.cells import plain

if TYPE_CHECKING:
    import datetime as dt

    from promo_planner.core.nudges import Nudges
    from promo_planner.core.planner import PathItem
    from promo_planner.core.snapshot import Snapshot

START_SHOWN = 3
"""How many of this week's starts (and asks) the dashboard names."""


def _when(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    return "today" if delta == 0 else f"in {delta} day{'s' if delta != 1 else ''}"


def _why_now(item: PathItem, today: dt.date) -> str:
    """Why an ask cannot wait: its last safe start is behind us, near, or the plan starts it."""
    behind = (today - item.latest_start).days
    if behind > 0:
        return f"last safe start passed {behind} d ago"
    return (
        f"last safe start in {-behind} d" if -behind < 28 else f"starts {_when(item.start, today)}"
    )


def _names(
    items: list[PathItem], today: dt.date, more_hint: str, note: Callable[[PathItem], str]
) -> Content:
    shown = items[:START_SHOWN]
    names = ", ".join(f"{i.title} ({note(i)})" for i in shown)
    more = len(items) - len(shown)
    return Content.assemble(
        plain(names), (f" and {more} more ({more_hint})", "dim") if more else ""
    )


def next_text(state: Snapshot) -> Content:
    """What to start this week and what to ask for (from the plan from today), the next
    milestone, and whether the date holds."""
    from promo_planner.core.planner import asks_now, start_this_week

    path = state.path
    lines: list[Content] = []
    starts = start_this_week(path)
    if starts:
        # The few first only: the Path section has them all, and the date line below must
        # stay on screen at 80x24.
        lines.append(
            Content.assemble(
                ("Start this week ", "bold"),
                _names(starts, state.today, "4 Path", lambda i: _when(i.start, state.today)),
            )
        )
        asks = asks_now(path)
        if asks:
            lines.append(
                Content.assemble(
                    ("Ask manager now ", "bold $warning"),
                    _names(asks, state.today, "4 Path", lambda i: _why_now(i, state.today)),
                )
            )
    else:
        lines.append(Content.assemble(("Start this week ", "bold"), "nothing left to close"))
    upcoming = [m for m in path.milestones if m.criteria]
    if upcoming:
        m = upcoming[0]
        count = f" ({len(m.criteria)} gap{'s' if len(m.criteria) != 1 else ''})"
        lines.append(
            Content.assemble(("Next milestone  ", "bold"), plain(f"{m.date} {m.title}{count}"))
        )
    if path.target_date_assumed:
        lines.append(
            Content.assemble(
                ("Target date     ", "bold"), f"not set; assuming {path.target_date} (ctrl+r)"
            )
        )
    elif path.feasible:
        lines.append(
            Content.assemble(
                ("Target date     ", "bold"),
                f"{path.target_date} ",
                ("✓ feasible", "$success"),
                f" (earliest {path.earliest_promotion_date})",
            )
        )
    elif path.beyond_calendar:
        lines.append(
            Content.assemble(
                ("Target date     ", "bold"),
                f"{path.target_date} ",
                ("✗ not feasible", "bold $error"),
                ": the plan runs past 9999-12-31",
            )
        )
    else:
        fix = (
            f" · {path.capacity_needed} at once would make it"
            if path.capacity_needed is not None
            else ""
        )
        lines.append(
            Content.assemble(
                ("Target date     ", "bold"),
                f"{path.target_date} ",
                (f"✗ {path.days_late} days late", "bold $error"),
                f" · earliest {path.earliest_promotion_date}{fix}",
            )
        )
    lines += nudge_lines(nudges_of(state), state)
    return Content("\n").join(lines)


NAMED_NUDGES = 2
"""Gaps a nudge line names before counting the rest (``nudges`` lists them all)."""


def nudges_of(state: Snapshot) -> Nudges:
    """Today's nudges for the plan (as ``promo-planner nudges`` finds them)."""
    from promo_planner.core.nudges import DEFAULT_NUDGE_WEEKS, find_nudges

    assessment = state.assessment
    return find_nudges(
        [item.criterion_id for item in state.path.items],
        state.index,
        state.today,
        nudge_weeks=state.plan.nudge_weeks or DEFAULT_NUDGE_WEEKS,
        window_months=assessment.guideline.promotion.evidence_window_months,
        criteria=assessment.by_id,
    )


def nudge_lines(nudges: Nudges, state: Snapshot) -> list[Content]:
    """At most two lines: the gaps on the path gone quiet (no new evidence for the weeks said),
    and the criteria whose counted evidence leaves the window within a month."""
    titles = {c.id: c.title for c in state.guideline.criteria}
    lines = []
    if nudges.quiet:
        named = [
            f"{titles.get(q.criterion_id, q.criterion_id)} ({q.weeks_quiet} weeks)"
            for q in nudges.quiet[:NAMED_NUDGES]
        ]
        more = len(nudges.quiet) - NAMED_NUDGES
        lines.append(
            Content.assemble(
                ("Gone quiet      ", "bold $warning"),
                plain(", ".join(named)),
                (f" and {more} more" if more > 0 else "", "dim"),
            )
        )
    if nudges.leaving:
        named = []
        for w in nudges.leaving[:NAMED_NUDGES]:
            title = titles.get(w.criterion_id, w.criterion_id)
            named.append(f"{title} ({w.counted_now}→{w.counted_after} on {w.leaving[0][1]})")
        more = len(nudges.leaving) - NAMED_NUDGES
        lines.append(
            Content.assemble(
                ("Leaving window  ", "bold $warning"),
                plain(", ".join(named)),
                (f" and {more} more" if more > 0 else "", "dim"),
            )
        )
    return lines
