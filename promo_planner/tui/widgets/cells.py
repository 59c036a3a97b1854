"""Short texts every section draws the same way: a rating's thumb, text cut to a width, and
the user's or the ladder's text as the app shows it (``plain``)."""

from __future__ import annotations

from textual.content import Content

from promo_planner.core.visible import visible

THUMB: dict[str | None, str] = {"up": "👍", "down": "👎", None: "·"}
"""A rating as one glyph; ``None`` (not rated) is a dot."""


def plain(text: str, style: str = "", *, multiline: bool = False) -> Content:
    """Text a user or a ladder wrote, as a widget shows it: never read as markup (a note's
    ``[@click=app.quit]`` is just text), control characters and bidirectional overrides
    spelled out (``core.visible``). Pass it wherever such text meets a Static, a table cell,
    an option, a title or a notification."""
    return Content.styled(visible(text, multiline=multiline), style)


def cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells, ending in … when it had to be cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
