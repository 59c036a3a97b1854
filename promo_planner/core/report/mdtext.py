"""Markdown (GitHub-flavoured) text for the report's sections: user text made literal, tables,
lists and links that paste cleanly into a chat or a doc.

Every piece of text the user (or a third-party ladder) wrote goes through ``inline``, ``cell``
or ``block``. They escape only what would change the document's structure, with a backslash,
never an HTML entity: ``Delivery & execution``, ``14 -> 4`` and ``$1.1M`` stay as typed, while
``<script>``, ``[x](javascript:...)``, ``*emphasis*``, a ``# heading`` at the start of a line or
a ``|`` in a table cell are shown as text. The only links are the user's own http(s)/mailto
links, written as autolinks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from promo_planner.core.report import words

# Longest text a table cell shows; the JSON report keeps everything.
CELL_LIMIT = 160
# Longest free text (description, answer, note) shown in full before it is cut.
BLOCK_LIMIT = 3000
# Longest impact data point shown in full.
IMPACT_LIMIT = 600
# Source lines of free text are wrapped so the raw file reads well too.
WRAP = 96

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_NOT_AUTOLINKABLE = re.compile(r"[<>|`\\]")
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# Characters that can mean something to a Markdown reader anywhere in a line; a line without
# any (and with a plain first character) is returned as is: the report escapes thousands.
_SPECIAL = re.compile(r"[\\`*_\[\]~$&<|]")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# An entity or numeric character reference: only these make ``&`` mean something.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
# ``<`` opens HTML or an autolink only before a letter, ``/``, ``!`` or ``?``.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_LINK_CLOSE = re.compile(r"\](?=[(\[:])")
# What a line may not start with: a heading, a list item, a quote, a fence, a setext underline,
# a thematic break, a link reference definition or task box.
_LINE_STARTS = "#+-*=>`~_["
_BLOCK_START = re.compile(
    r"#{1,6}(?:\s|$)|[-+*](?:\s|$)|([-*_])(?:\s*\1){2,}\s*$|=+\s*$|`{3}|~{3}|>|\["
)
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return ch != "" and (ch in _ASCII_PUNCTUATION or unicodedata.category(ch)[0] in "PS")


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the delimiter run ``text[start:end]`` is left- and right-flanking (CommonMark
    6.2); outside the text counts as whitespace."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    left = not _is_space(after) and (not _is_punct(after) or _is_space(before) or _is_punct(before))
    right = not _is_space(before) and (
        not _is_punct(before) or _is_space(after) or _is_punct(after)
    )
    return left, right


def _runs(text: str, ch: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(ch) + "+", text)]


def _emphasis_runs(text: str, ch: str) -> list[tuple[int, int]]:
    """The ``*`` or ``_`` runs that could open or close emphasis (the report itself puts
    ``**`` around text, so even a lone one must not act)."""
    found = []
    for start, end in _runs(text, ch):
        left, right = _flanking(text, start, end)
        if ch == "_":
            before = text[start - 1] if start > 0 else ""
            after = text[end] if end < len(text) else ""
            opens = left and (not right or _is_punct(before))
            closes = right and (not left or _is_punct(after))
        else:
            opens, closes = left, right
        # A run at either end may meet the report's own ``**`` around the text: never leave it.
        if opens or closes or start == 0 or end == len(text):
            found.append((start, end))
    return found


def _paired_runs(text: str, ch: str) -> list[tuple[int, int]]:
    """The ``~`` runs that could strike text through: when a run that can open comes before one
    that can close (viewers differ on the lengths they pair), every run that can do either. A
    lone ``~40%`` stays as typed."""
    runs = [(s, e, *_flanking(text, s, e)) for s, e in _runs(text, ch)]
    first_opener = next((s for s, _, opens, _ in runs if opens), None)
    if first_opener is None or not any(closes and s > first_opener for s, _, _, closes in runs):
        return []
    return [(s, e) for s, e, opens, closes in runs if opens or closes]


def _math_dollars(text: str) -> set[int]:
    """Indexes of ``$`` signs that would start or end inline math where a viewer renders it:
    an opening ``$`` before a non-space with a later closing ``$`` after a non-space and not
    before a digit. ``$20,000 and $30,000`` is money, not math."""
    found: set[int] = set()
    opener: int | None = None
    for i, ch in enumerate(text):
        if ch != "$" or (i > 0 and text[i - 1] == "\\"):
            continue
        after = text[i + 1] if i + 1 < len(text) else ""
        before = text[i - 1] if i > 0 else ""
        if opener is not None and not _is_space(before) and not after.isdigit():
            found.update((opener, i))
            opener = None
        elif not _is_space(after):
            opener = i
    return found


def escape(text: str, *, in_table: bool = False) -> str:
    """One line of user text made literal wherever it stands (a paragraph, a list item, a
    heading, bold text, a table cell with ``in_table``), with as few backslashes as that takes.
    """
    if not text or (
        not _SPECIAL.search(text) and text[0] not in _LINE_STARTS and not text[0].isdecimal()
    ):
        return text
    marked: set[int] = set()
    for i, ch in enumerate(text):
        if ch == "\\":
            # A backslash means something only before punctuation (or at the very end, where
            # the report's own text follows it).
            after = text[i + 1] if i + 1 < len(text) else ""
            if after == "" or after in _ASCII_PUNCTUATION:
                marked.add(i)
        elif ch == "`" or (ch == "|" and in_table) or (ch == "[" and i == 0):
            marked.add(i)
    runs: list[tuple[int, int]] = []
    if "*" in text:
        runs += _emphasis_runs(text, "*")
    if "_" in text:
        runs += _emphasis_runs(text, "_")
    if "~" in text:
        runs += _paired_runs(text, "~")
    for start, end in runs:
        marked.update(range(start, end))
    if "$" in text:
        marked |= _math_dollars(text)
    if "&" in text:
        marked.update(m.start() for m in _ENTITY.finditer(text))
    if "<" in text:
        marked.update(m.start() for m in _TAG_START.finditer(text))
    if "]" in text:
        marked.update(m.start() for m in _LINK_CLOSE.finditer(text))
    if text[0] in _LINE_STARTS and _BLOCK_START.match(text):
        marked.add(0)
    out = "".join("\\" + ch if i in marked else ch for i, ch in enumerate(text))
    if text[0].isdecimal():
        out = _ORDERED_START.sub(r"\1\\\2", out)
    return out


def wrap(flat: str, width: int = WRAP) -> list[str]:
    """``flat`` (words single-spaced, no spaces at the ends) in lines of at most ``width``.

    The same lines as ``textwrap.wrap(flat, width, break_on_hyphens=False)``, long words cut
    included, found with slicing and ``rfind`` rather than textwrap's chunk-by-chunk loop.
    """
    lines: list[str] = []
    start, end_of_text = 0, len(flat)
    while end_of_text - start > width:
        end = start + width
        if flat[end] == " ":  # the line is exactly full; the space after it goes
            lines.append(flat[start:end])
            start = end + 1
            continue
        space = flat.rfind(" ", start, end)
        word_end = flat.find(" ", space + 1)
        if space < 0 or (word_end if word_end >= 0 else end_of_text) - space - 1 > width:
            # A word longer than a line fills what is left of this one and goes on the next.
            lines.append(flat[start:end])
            start = end
        else:
            lines.append(flat[start:space])
            start = space + 1
    if start < end_of_text:
        lines.append(flat[start:])
    return lines


def flat(text: str) -> str:
    """User text on one line: control characters dropped, whitespace collapsed."""
    return " ".join(_CONTROL.sub("", text).split())


def inline(text: str, limit: int | None = None) -> str:
    """User text as one literal line: whitespace (newlines included) collapsed to spaces."""
    line = flat(text)
    if limit is not None:
        line = words.truncate(line, limit)
    return escape(line) if line else ""


def cell(text: str, limit: int = CELL_LIMIT) -> str:
    """User text for a table cell: one line, cut to ``limit`` characters, ``|`` escaped."""
    line = words.truncate(flat(text), limit)
    return escape(line, in_table=True) if line else " "


def code(identifier: str) -> str:
    """An id as inline code when it is a plain id, else as escaped text."""
    if _SAFE_ID.fullmatch(identifier):
        return f"`{identifier}`"
    return inline(identifier)


def block(text: str, indent: str = "", limit: int = BLOCK_LIMIT) -> str:
    """Multi-line user text as literal paragraphs, its line breaks kept as hard breaks.

    ``indent`` puts every line inside a list item. Long lines are wrapped (the raw text stays
    readable); text past ``limit`` characters is cut, saying how much was left out.
    """
    text = _NEWLINES.sub("\n", _CONTROL.sub("", text)).strip()
    cut = 0
    if len(text) > limit:
        cut = len(text) - limit
        text = text[:limit].rstrip()
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        lines = []
        for raw in paragraph.split("\n"):
            line = " ".join(raw.split())
            if not line:
                continue
            # A line shaped like a table's delimiter row would turn the one above into a table.
            escaped = escape(line, in_table=bool(_DELIMITER_ROW.match(line)))
            pieces = _wrap_escaped(escaped) if len(escaped) > WRAP else [escaped]
            lines.append("\n".join(indent + p for p in pieces))
        if lines:
            # A backslash at the end of a line is a hard break: the user's own line breaks stay.
            paragraphs.append("\\\n".join(lines))
    if cut:
        paragraphs.append(f"{indent}*… {cut:,} more characters (the JSON report has it all)*")
    return "\n\n".join(paragraphs)


def _wrap_escaped(line: str) -> list[str]:
    """An escaped line wrapped at ``WRAP``; a continuation line that would start a block (a
    ``#``, a list marker, a number and a dot) gets its first character escaped."""
    out = []
    for i, piece in enumerate(wrap(line)):
        if i and piece and (_BLOCK_START.match(piece) or _ORDERED_START.match(piece)):
            piece = _ORDERED_START.sub(r"\1\\\2", piece) if piece[0].isdecimal() else "\\" + piece
        out.append(piece)
    return out


def item(marker: str, text: str, indent: str = "  ", limit: int = BLOCK_LIMIT) -> str:
    """A list item holding wrapped user text: ``marker`` starts it, ``indent`` continues it."""
    body = block(text, indent=indent, limit=limit)
    return marker + body[len(indent) :]


def link(url: str) -> str:
    """An http(s)/mailto link as an autolink; anything else as plain text, not clickable."""
    safe = words.safe_link(url)
    if safe is not None and not _NOT_AUTOLINKABLE.search(safe):
        return f"<{safe}>"
    return inline(url, CELL_LIMIT) + " *(not a web link: shown as text)*"


def row(cells: Iterable[str]) -> str:
    """One table row from cells already made safe (``cell``)."""
    return "| " + " | ".join(cells) + " |"


def table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """A GFM table: the header, the delimiter row and the rows."""
    return [row(header), row("---" for _ in header), *(row(r) for r in rows)]


def listed(names: list[str], limit: int, noun: str = "more") -> str:
    """Up to ``limit`` names joined with ``; ``, the rest counted: ``A; B; and 3 more``."""
    if len(names) <= limit:
        return "; ".join(names)
    return "; ".join(names[:limit]) + f"; and {len(names) - limit:,} {noun}"
