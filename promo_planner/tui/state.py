"""The app's picture of the portfolio: one frozen snapshot, recomputed after every write.

Screens never compute readiness or dates themselves; they read ``PortfolioState``, built here
from the core (``portfolio.assessment`` and ``planner.build_path``), so every screen shows the
same numbers at the same moment.

It is built in two steps so the readiness figure needs no path: ``read_portfolio`` reads the
store and measures readiness (a ``PortfolioReading``: a few SQL reads and one ``assess``), and
``with_path`` adds the planned path (the slow part) to make the full ``PortfolioState``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from promo_planner.core.ladder import Guideline
    from promo_planner.core.planner import PathPlan
    from promo_planner.core.readiness import Assessment
    from promo_planner.core.records import Evidence, Note, Plan, Rating, ReportRecord
    from promo_planner.core.store import Store

RECENT_EVIDENCE = 20


@dataclass(frozen=True)
class PortfolioReading:
    """Everything read from the store in one go and measured, before the path is planned."""

    today: dt.date
    plan: Plan
    guideline: Guideline
    assessment: Assessment
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


@dataclass(frozen=True)
class PortfolioState(PortfolioReading):
    """Everything the screens show: the reading and the path planned from it."""

    path: PathPlan


def read_portfolio(store: Store, today: dt.date) -> PortfolioReading | None:
    """Read the portfolio and measure readiness; None when there is no plan yet.

    Only counts and the newest few evidence items are read, never the whole list.
    """
    version = store.data_version()
    plan = store.plan()
    if plan is None:
        return None
    from promo_planner.core.portfolio import assessment

    measured = assessment(store, plan)
    # The store's order (by id) is the one last_report() and the report itself use.
    reports = store.reports()
    return PortfolioReading(
        today=today,
        plan=plan,
        guideline=measured.guideline,
        assessment=measured,
        evidence_count=store.count_evidence(),
        recent=tuple(store.list_evidence(limit=RECENT_EVIDENCE)),
        ratings=tuple(store.ratings()),
        answers=dict(store.answers()),
        notes=tuple(store.notes()),
        reports=tuple(reports),
        data_version=version,
    )


def with_path(reading: PortfolioReading) -> PortfolioState:
    """The full snapshot: ``reading`` and the path planned from its assessment."""
    from promo_planner.core.planner import build_path

    path = build_path(reading.assessment, reading.plan, reading.today)
    return PortfolioState(
        **{f.name: getattr(reading, f.name) for f in fields(PortfolioReading)}, path=path
    )


def load_state(store: Store, today: dt.date) -> PortfolioState | None:
    """Read the portfolio and compute the full snapshot; None when there is no plan yet."""
    reading = read_portfolio(store, today)
    return None if reading is None else with_path(reading)
