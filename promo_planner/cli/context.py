"""What every command needs: where the portfolio is and what day it is."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from promo_planner.core.errors import InputError
from promo_planner.core.paths import default_data_path
from promo_planner.core.records import MAX_ID, read_date


def parse_date(text: str, where: str) -> dt.date:
    """A ``YYYY-MM-DD`` date, or an InputError naming ``where`` (e.g. ``--date``)."""
    value, problem = read_date(text)
    if value is None:
        raise InputError(f"{where}: {problem}")
    return value


def record_id(text: str) -> int:
    """An argparse type: the id of an evidence item, a note or a candidate (1 to 2^63 - 1,
    what the portfolio can hold); a bigger or smaller number is a usage error, not a crash."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (a whole number)") from None
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{text} is not an id (ids run from 1 to {MAX_ID})")
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
        """Resolve ``--data`` and ``--today``, given before or after the command (SPEC 7).

        The same option given in both places with different values is a usage error: which
        one was meant cannot be told. An empty value never falls back to the default (the
        parser refuses it).
        """
        data_text = _one_value(args, "data")
        today_text = _one_value(args, "today")
        today = parse_date(today_text, "--today") if today_text is not None else None
        data = Path(data_text).expanduser() if data_text is not None else default_data_path()
        return cls(data_path=data, today_override=today)


def _one_value(args: argparse.Namespace, name: str) -> str | None:
    before = getattr(args, name, None)
    after = getattr(args, f"{name}_after", None)
    if before is not None and after is not None and before != after:
        raise InputError(f"--{name}: given twice ({before!r} and {after!r}); give it once")
    value = after if after is not None else before
    return value if isinstance(value, str) else None
