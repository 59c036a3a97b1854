"""Where things live on disk: the default portfolio and the bundled guidelines."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "promo-planner"
DATA_ENV = "PROMO_PLANNER_DATA"
GUIDELINES_ENV = "PROMO_PLANNER_GUIDELINES"


def default_data_path() -> Path:
    """The portfolio file: ``$PROMO_PLANNER_DATA`` or ``portfolio.db`` in the user data dir."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # deferred: only needed when no path was given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "portfolio.db"


def guidelines_dir() -> Path:
    """The folder of bundled ladders (``guidelines/`` at the project root)."""
    env = os.environ.get(GUIDELINES_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "guidelines"
