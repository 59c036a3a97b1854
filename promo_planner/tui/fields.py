"""What counts as a text field: where keys are text, not shortcuts (issue 17)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from textual.keys import KEY_NAME_REPLACEMENTS
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen


TEXT_FIELDS = frozenset(
    {("textual.widgets._input", "Input"), ("textual.widgets._text_area", "TextArea")}
)
"""Textual's widgets that take typed text, by module and name: checked without importing them
(the text area's module costs start-up time, and the check runs for the first frame)."""


def is_text_field(widget: Widget | None) -> bool:
    """True for a widget that takes typed text (an Input, an editable TextArea, or one made
    from them)."""
    if widget is None:
        return False
    kinds = {(kind.__module__, kind.__name__) for kind in type(widget).__mro__}
    return bool(kinds & TEXT_FIELDS) and not getattr(widget, "read_only", False)


def types_text(key: str) -> bool:
    """True for a key that types a character into a text field (``a``, ``1``, ``plus``,
    ``question_mark``, ``space``), false for ``ctrl+s``, ``escape``, ``enter``, ``up``."""
    if len(key) == 1 or key == "space":
        return True
    if "+" in key:  # a modifier: ctrl+, alt+, shift+
        return False
    name = _UNICODE_NAMES.get(key, key)
    # Textual names a character by its Unicode name with spaces and hyphens as underscores.
    for spelled in (name.replace("_", " "), name.replace("_", "-")):
        try:
            return unicodedata.lookup(spelled).isprintable()
        except KeyError:
            continue
    return False


# Textual's key names that are not the character's Unicode name (see textual.keys).
_UNICODE_NAMES = {value: name for name, value in KEY_NAME_REPLACEMENTS.items()}


def shown_bindings(
    screen: Screen[Any], bindings: dict[str, ActiveBinding]
) -> dict[str, ActiveBinding]:
    """The bindings a footer should offer on ``screen``: while a text field has the focus, the
    keys that would be typed into it are not shortcuts, so they are left out."""
    if not is_text_field(screen.focused):
        return bindings
    return {key: active for key, active in bindings.items() if not types_text(key)}
