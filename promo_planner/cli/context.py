"""What every command needs: where the portfolio is and what day it is."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from promo_planner.core.errors import InputError
from promo_planner.core.paths import default_data_path
from promo_planner.core.records import read_date


def parse_date(text: str, where: str) -> dt.date:
    """A ``YYYY-MM-DD`` date, or an InputError naming ``where`` (e.g. ``--date``)."""
    value, problem = read_date(text)
    if value is None:
        raise InputError(f"{where}: {problem}")
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
