"""Where things live on disk: the default portfolio and the guideline folders.

The ladders that ship with promo-planner are package data (``promo_planner/guidelines``),
found through ``importlib.resources``: the same from any working directory in an editable
install, a wheel or a pipx install. ``$PROMO_PLANNER_GUIDELINES`` names folders of the user's
own ladders, looked at before the bundled one. The app exports reports and check-in forms to
``exports_dir()``.
"""

from __future__ import annotations

import os
from pathlib import Path

from promo_planner.core.errors import InputError

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


def bundled_guidelines_dir() -> Path:
    """The folder of the ladders that ship inside the package.

    An installation that is not a folder on disk (the package imported from a zip archive)
    has no folder to read them from: InputError saying how to install it instead.
    """
    from importlib import resources  # deferred: only the commands that read ladders need it

    folder = resources.files("promo_planner").joinpath("guidelines")
    if not isinstance(folder, Path):
        raise InputError(
            f"the bundled guidelines are inside {folder} (a zip archive), not a folder;"
            " install promo-planner with pip or pipx"
        )
    return folder


def extra_guideline_dirs() -> list[Path]:
    """The user's own ladder folders, from ``$PROMO_PLANNER_GUIDELINES`` (several separated by
    ``os.pathsep``, as in ``PATH``), in the order given; empty entries are skipped."""
    env = os.environ.get(GUIDELINES_ENV, "")
    return [Path(part).expanduser() for part in env.split(os.pathsep) if part.strip()]


def guideline_dirs() -> list[Path]:
    """Every folder ladders are found in, in the order a ladder id is looked up: the user's
    folders first (a ladder there with a bundled id is the one used), then the bundled one."""
    return [*extra_guideline_dirs(), bundled_guidelines_dir()]


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
