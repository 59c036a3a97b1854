"""Short texts every section draws the same way: a rating's thumb, and text cut to a width."""

from __future__ import annotations

THUMB: dict[str | None, str] = {"up": "👍", "down": "👎", None: "·"}
"""A rating as one glyph; ``None`` (not rated) is a dot."""


def cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells, ending in … when it had to be cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
