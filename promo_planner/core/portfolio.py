"""Opening a portfolio and reading it whole: the two steps every command starts with.

``require_snapshot`` is what the CLI's ``gaps``, ``path``, the report and the app build on; the
arithmetic lives in ``readiness`` and ``planner``, the reading in ``snapshot``.
"""

from __future__ import annotations

import datetime as dt
import os

from promo_planner.core.errors import InputError
from promo_planner.core.snapshot import Snapshot, read_snapshot
from promo_planner.core.store import NO_PLAN, Store


def require_snapshot(store: Store, today: dt.date, *, full_evidence: bool = False) -> Snapshot:
    """The portfolio at this moment (see ``read_snapshot``); InputError "no plan yet" before
    ``init``."""
    snapshot = read_snapshot(store, today, full_evidence=full_evidence)
    if snapshot is None:
        raise InputError(NO_PLAN)
    return snapshot


def open_store(path: str | os.PathLike[str], *, create: bool = False) -> Store:
    """Open the portfolio at ``path``. Only ``create`` (``init``, ``import``, the app) makes a
    new portfolio; otherwise a missing file is the "no plan yet" InputError, so a command that
    only reads never leaves a file behind."""
    return Store.open(path, create=create)
