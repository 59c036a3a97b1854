"""Text bars for progress and readiness: eighth-block precision, readable without colour."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"


def meter(value: Fraction | Decimal | float, width: int) -> str:
    """A bar ``width`` cells wide filled to ``value`` (0..1), the rest drawn as ``░``."""
    value = min(max(Fraction(value), Fraction(0)), Fraction(1))
    eighths = int(value * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (_EIGHTHS[part] if part and full < width else "")
    return bar + "░" * (width - len(bar))


def sparkline(values: list[Decimal]) -> str:
    """A one-line trend of percentages (0..100): one block per value."""
    return "".join(_SPARKS[min(7, int(Fraction(v) * 8 / 100))] for v in values)
