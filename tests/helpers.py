"""Small helpers shared by tests of every layer."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from promo_planner.core.readiness import Assessment
    from promo_planner.core.store import Store

TODAY = dt.date(2026, 11, 28)
"""The date tests pretend it is, unless they say otherwise."""


def assessment(store: Store, today: dt.date = TODAY) -> Assessment:
    """The portfolio's readiness as every surface reads it: from one snapshot."""
    from promo_planner.core.portfolio import require_snapshot

    return require_snapshot(store, today).assessment
