"""Text from users and ladders made safe to show: what could act on a terminal, made visible.

Stored text may hold characters that the input rules refuse today (data from an older version,
a hand-edited ladder): an escape sequence printed raw can retitle the window, clear the screen
or, through OSC 52, write the clipboard. Everything the program shows goes through one of these
two functions, which turn such characters into their escaped spelling (``\\x1b``), so the user
sees them and the terminal never acts on them.
"""

from __future__ import annotations

import re

# C0 controls but line feed and tab, DEL, C1 controls, and lone surrogates (bytes that were not
# UTF-8, carried by surrogateescape). Tab and line feed lay text out; they act on nothing.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# For a field shown on one line: line breaks and tabs too, and the bidirectional embeddings,
# overrides and isolates that make text look like something it is not.
_FIELD_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_MULTILINE_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _spelled(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    if code > 0xFF:
        return f"\\u{code:04x}"
    return f"\\x{code:02x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character that a terminal would act on (control characters but line
    feed and tab, and bytes that were not UTF-8) spelled out as ``\\xNN``; everything else,
    bidirectional marks included, is left exactly as it is. For whole outputs."""
    if _TERMINAL_UNSAFE.search(text) is None:  # the usual case: one fast scan, no copy
        return text
    return _TERMINAL_UNSAFE.sub(_spelled, text)


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` as a field of a table, a list or a detail pane shows it: control characters,
    bytes that were not UTF-8 and bidirectional overrides spelled out (``\\x1b``, ``\\u202e``).
    One-line fields show line breaks and tabs spelled out too; ``multiline`` text keeps them."""
    pattern = _MULTILINE_UNSAFE if multiline else _FIELD_UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_spelled, text)
