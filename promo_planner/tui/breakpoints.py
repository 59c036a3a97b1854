"""A screen starts with the width class (``-narrow``, ``-wide``) Textual would give it on its
first resize.

Textual sets a screen's breakpoint classes when the screen first learns its size, after its
widgets are mounted and styled; changing the screen's classes then styles every widget again.
For the evidence form that second pass was most of the time between ``a`` and the form being
ready (~0.2 s). Given the class up front, the widgets are styled once and the first resize
changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen


def preset_breakpoints(screen: Screen[Any]) -> None:
    """Give ``screen`` now the horizontal and vertical breakpoint classes for the app's size
    (the same rule as ``Screen._on_resize``: the largest breakpoint not above the size)."""
    app = screen.app
    width, height = app.size
    for breakpoints, dimension in (
        (screen.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS, width),
        (screen.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS, height),
    ):
        for least, class_name in sorted(breakpoints or [], reverse=True):
            if dimension >= least:
                screen.add_class(class_name, update=False)  # styled when mounted
                break
