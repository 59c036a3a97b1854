"""What every command needs: where the portfolio is and what day it is."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from promo_planner.core.errors import InputError
from promo_planner.core.paths import default_data_path
from promo_planner.core.records import EARLIEST_DATE, LATEST_DATE

_YYYY_MM_DD = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date(text: str, where: str) -> dt.date:
    """A ``YYYY-MM-DD`` date, or an InputError naming ``where`` (e.g. ``--date``)."""
    # fromisoformat alone also takes 20261121 and 2026-W47-6: not the documented format.
    try:
        if not _YYYY_MM_DD.fullmatch(text):
            raise ValueError(text)
        value = dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"{where}: {text!r} is not a real date (YYYY-MM-DD)") from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InputError(f"{where}: {text} is out of range ({EARLIEST_DATE} to {LATEST_DATE})")
    return value


@dataclass(frozen=True)
class Context:
    """Global options, resolved."""

    data_path: Path
    today_override: dt.date | None

    @property
    def today(self) -> dt.date:
        """``--today`` if given, else the real date."""
        return self.today_override or dt.date.today()

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Resolve ``--data`` and ``--today``."""
        today = parse_date(args.today, "--today") if args.today else None
        data = Path(args.data).expanduser() if args.data else default_data_path()
        return cls(data_path=data, today_override=today)
