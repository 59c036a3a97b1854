"""``promo-planner --version``: the program's version, the portfolio schema it reads and
writes, and where the portfolio lives (what a bug report needs)."""

from __future__ import annotations

from pathlib import Path


def version_text(data_path: Path) -> str:
    """Three lines: ``promo-planner X``, the schema version, the data folder and file."""
    from promo_planner import __version__
    from promo_planner.core.schema import SCHEMA_VERSION

    data = data_path.expanduser().absolute()
    state = "" if data.exists() else ", not created yet"
    return (
        f"promo-planner {__version__}\n"
        f"portfolio schema version {SCHEMA_VERSION}\n"
        f"data folder {data.parent} ({data.name}{state})\n"
    )
