"""Where things live on disk: the default portfolio, the bundled guidelines and the folder the
app exports reports and check-in forms to."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "promo-planner"
DATA_ENV = "PROMO_PLANNER_DATA"
GUIDELINES_ENV = "PROMO_PLANNER_GUIDELINES"
EXPORTS_ENV = "PROMO_PLANNER_EXPORTS"


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


def exports_dir() -> Path:
    """Where the app writes reports and check-in forms given a bare file name:
    ``$PROMO_PLANNER_EXPORTS``, else the user's documents folder (``~/Documents`` on Linux and
    macOS)."""
    env = os.environ.get(EXPORTS_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_documents_dir())


def export_target(name: str) -> Path:
    """The file a typed name means: ``~`` and absolute paths as typed, a bare or relative name
    inside ``exports_dir()`` (never the current directory, which for the app is wherever it was
    started)."""
    path = Path(name).expanduser()
    return path if path.is_absolute() else exports_dir() / path
