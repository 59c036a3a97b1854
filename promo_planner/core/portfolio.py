"""The portfolio seen whole: the plan measured against its stored guideline.

``assessment`` is what the CLI's ``gaps``, the path, the report and the TUI start from; it only
gathers the inputs (plan, guideline copy, links) and leaves the arithmetic to ``readiness``.
"""

from __future__ import annotations

import os
from pathlib import Path

from promo_planner.core.errors import InputError
from promo_planner.core.readiness import Assessment, assess
from promo_planner.core.records import Plan
from promo_planner.core.store import NO_PLAN, Store


def assessment(store: Store, plan: Plan | None = None) -> Assessment:
    """The target level's required set measured against the portfolio's links.

    Threshold: the plan's when set, else the guideline's. Links to criteria the stored
    guideline lacks (after a re-plan) are kept and reported as ``orphan_links``.
    InputError "no plan yet" before ``init``. A caller that has read ``plan`` already passes it,
    so the plan row is read once.
    """
    plan = plan or store.require_plan()
    return assess(
        store.guideline(),
        plan.current_level,
        plan.target_level,
        store.links(),
        plan.readiness_threshold,
    )


def open_store(path: str | os.PathLike[str], *, create: bool = True) -> Store:
    """Open the portfolio at ``path``. With ``create=False`` a missing file is the
    "no plan yet" InputError, so read-only commands never leave an empty file behind."""
    if not create and not Path(path).exists():
        raise InputError(NO_PLAN)
    return Store.open(path)
