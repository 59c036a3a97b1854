"""The app's picture of the portfolio: one frozen snapshot, recomputed after every write.

Screens never compute readiness or dates themselves; they read ``PortfolioState``, which is
built here from the core (``portfolio.assessment`` and ``planner.build_path``) in one go, off the
main thread, so every screen shows the same numbers at the same moment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from promo_planner.core.guideline import Guideline
    from promo_planner.core.planner import PathPlan
    from promo_planner.core.readiness import Assessment
    from promo_planner.core.records import Evidence, Note, Plan, Rating, ReportRecord
    from promo_planner.core.store import Store

RECENT_EVIDENCE = 20


@dataclass(frozen=True)
class PortfolioState:
    """Everything the screens show, computed together from one read of the store."""

    today: dt.date
    plan: Plan
    guideline: Guideline
    assessment: Assessment
    path: PathPlan
    evidence_count: int
    recent: tuple[Evidence, ...]
    ratings: tuple[Rating, ...]
    answers: dict[str, str] = field(hash=False)
    notes: tuple[Note, ...]
    reports: tuple[ReportRecord, ...]
    data_version: int

    def ratings_of(self, criterion_id: str) -> dict[str, Rating]:
        """This criterion's ratings keyed by who gave them (``self`` / ``manager``)."""
        return {r.who: r for r in self.ratings if r.criterion_id == criterion_id}

    @property
    def last_report(self) -> ReportRecord | None:
        """The most recently recorded report, if any."""
        return self.reports[-1] if self.reports else None


def load_state(store: Store, today: dt.date) -> PortfolioState | None:
    """Read the portfolio and compute the snapshot; None when there is no plan yet."""
    from promo_planner.core.planner import build_path

    version = store.data_version()
    plan = store.plan()
    if plan is None:
        return None
    from promo_planner.core.portfolio import assessment

    measured = assessment(store)
    reports = sorted(store.reports(), key=lambda r: (r.created_at, r.id))
    return PortfolioState(
        today=today,
        plan=plan,
        guideline=measured.guideline,
        assessment=measured,
        path=build_path(measured, plan, today),
        evidence_count=store.count_evidence(),
        recent=tuple(store.list_evidence(limit=RECENT_EVIDENCE)),
        ratings=tuple(store.ratings()),
        answers=dict(store.answers()),
        notes=tuple(store.notes()),
        reports=tuple(reports),
        data_version=version,
    )
