"""The portfolio at one moment: everything a screen, ``gaps``, ``path`` or a report needs,
read in one read transaction, then measured.

``read_snapshot`` is the one way the program reads a portfolio to show it: the app, the
command line and the report all start from a ``Snapshot``, so every surface shows the same
numbers for the same moment. The readiness (``assessment``) and the plan (``path``) are
computed from it on first use and kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from promo_planner.core.records import (
    Checkin,
    CriterionLink,
    Evidence,
    Note,
    Plan,
    Profile,
    Rating,
    Who,
    latest_ratings,
)

if TYPE_CHECKING:
    from promo_planner.core.ladder import Guideline
    from promo_planner.core.planner import PathPlan
    from promo_planner.core.readiness import Assessment, LinkFact
    from promo_planner.core.store import Store

RECENT_EVIDENCE = 20
"""How many of the newest evidence items a snapshot holds in full by default."""

IndexEntry = tuple[int, dt.date, tuple[CriterionLink, ...]]
"""What a snapshot knows of every piece of evidence: ``(id, date, links)``."""


@dataclass(frozen=True)
class Snapshot:
    """Everything in a portfolio at one moment, as of ``today`` (which ``--today`` may
    pretend). ``index`` holds every piece of evidence (id, date, links), newest first;
    ``recent`` the newest few in full, and ``evidence`` all of them in full when asked for."""

    today: dt.date
    plan: Plan
    guideline: Guideline
    index: tuple[IndexEntry, ...]
    ratings: tuple[Rating, ...]
    """The whole rating history, in the order entered."""
    answers: dict[str, str] = field(hash=False)
    manager_answers: dict[str, str] = field(hash=False)
    notes: tuple[Note, ...]
    checkins: tuple[Checkin, ...]
    profile: Profile
    recent: tuple[Evidence, ...]
    evidence: tuple[Evidence, ...] | None
    data_version: int

    # -- measured -------------------------------------------------------------------------

    @cached_property
    def assessment(self) -> Assessment:
        """Readiness of the target level (SPEC 4), from this moment's evidence and ratings."""
        from promo_planner.core.readiness import assess

        plan = self.plan
        return assess(
            self.guideline,
            plan.current_level,
            plan.target_level,
            self.link_facts(),
            plan.readiness_threshold,
            ratings=self.ratings,
            today=self.today,
        )

    @cached_property
    def path(self) -> PathPlan:
        """The plan of SPEC 5 from this moment's assessment."""
        from promo_planner.core.planner import build_path

        return build_path(self.assessment, self.plan, self.today)

    @property
    def path_ready(self) -> bool:
        """True once ``path`` has been computed (the app plans it off the main thread)."""
        return "path" in self.__dict__

    def link_facts(self) -> Iterator[LinkFact]:
        """Every link as readiness reads it, in evidence-id order, then the order linked."""
        for evidence_id, day, links in sorted(self.index):
            for link in links:
                yield (evidence_id, link.criterion_id, link.strength, day, link.when)

    # -- looked up --------------------------------------------------------------------------

    @property
    def evidence_count(self) -> int:
        """How many pieces of evidence the portfolio holds."""
        return len(self.index)

    @cached_property
    def latest_ratings(self) -> dict[tuple[str, Who], Rating]:
        """The rating that counts for each ``(criterion, side)``."""
        return latest_ratings(self.ratings)

    def ratings_of(self, criterion_id: str) -> dict[Who, Rating]:
        """This criterion's current ratings keyed by who gave them."""
        latest = self.latest_ratings
        return {
            who: latest[criterion_id, who]
            for who in ("self", "manager")
            if (criterion_id, who) in latest
        }

    def history_of(self, criterion_id: str) -> list[Rating]:
        """Every rating ever given on this criterion, oldest first."""
        return sorted(
            (r for r in self.ratings if r.criterion_id == criterion_id), key=lambda r: r.when
        )

    @property
    def target_checkins(self) -> list[Checkin]:
        """The check-ins of the plan's target level, oldest first."""
        return [c for c in self.checkins if c.target_level == self.plan.target_level]

    def last_checkin(self, since: dt.date | None = None) -> Checkin | None:
        """What "since the last check-in" compares with (SPEC 6): the latest check-in of the
        same target on a day before today; with ``since``, the latest one on or before it."""
        limit = since if since is not None else self.today - dt.timedelta(days=1)
        earlier = [c for c in self.target_checkins if c.date <= limit]
        return earlier[-1] if earlier else None


def read_snapshot(
    store: Store,
    today: dt.date,
    *,
    recent: int = RECENT_EVIDENCE,
    full_evidence: bool = False,
) -> Snapshot | None:
    """Read the portfolio in one read transaction; None when there is no plan yet.

    ``full_evidence`` also reads every piece of evidence in full (the JSON report needs it);
    otherwise only the ``recent`` newest are read in full and the rest as the index.
    """
    from promo_planner.core import rows

    with store.reading() as conn:
        version = store.data_version()
        plan = rows.get_plan(conn)
        if plan is None:
            return None
        guideline = store.guideline()
        answers = rows.fetch_answers(conn)
        evidence = (
            tuple(rows.fetch_evidence(conn, tail="ORDER BY date DESC, id DESC"))
            if full_evidence
            else None
        )
        if evidence is not None:
            index = tuple((e.id, e.date, e.criteria) for e in evidence)
            newest = evidence[:recent]
        else:
            index = tuple(rows.fetch_evidence_index(conn))
            newest = (
                tuple(
                    rows.fetch_evidence(
                        conn, tail="ORDER BY date DESC, id DESC LIMIT ?", params=(recent,)
                    )
                )
                if recent
                else ()
            )
        return Snapshot(
            today=today,
            plan=plan,
            guideline=guideline,
            index=index,
            ratings=tuple(rows.fetch_ratings(conn)),
            answers=rows.answers_of(answers, "self"),
            manager_answers=rows.answers_of(answers, "manager"),
            notes=tuple(rows.fetch_notes(conn)),
            checkins=tuple(rows.fetch_checkins(conn)),
            profile=rows.fetch_profile(conn),
            recent=tuple(newest),
            evidence=evidence,
            data_version=version,
        )
