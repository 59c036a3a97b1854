"""Text whose wrapped lines stay under their first word: bullets, dated lines, labelled lines.

Textual wraps a long line back to column 0, so a bullet's second line sits under the bullet
and a dated line's under the date. ``HangingText`` wraps each paragraph itself at the width it
is given and indents every line after the first by the paragraph's ``indent``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its text and how far its wrapped lines are indented."""

    content: Content
    indent: int = 0


def paragraphs(items: Iterable[Content | str | Paragraph]) -> list[Paragraph]:
    """Plain lines (indent 0) and paragraphs, as paragraphs, one per line of text (a line
    break starts a paragraph of the same indent); a bullet (``• ``) hangs by 2."""
    out = []
    for item in items:
        if isinstance(item, Paragraph):
            content, indent = item.content, item.indent
        else:
            content = Content(item) if isinstance(item, str) else item
            indent = 2 if content.plain.startswith("• ") else 0
        out += [Paragraph(line, indent) for line in content.split("\n")]
    return out


def _breaks(text: str, width: int, indent: int) -> list[int]:
    """Where ``text`` is cut into lines of at most ``width`` cells (the first) and
    ``width - indent`` (the rest), at spaces where it can be, inside a word where it must."""
    offsets: list[int] = []
    start, room = 0, width
    while cell_len(text[start:]) > room:
        end, used, last_space = start, 0, -1
        while end < len(text) and used + cell_len(text[end]) <= room:
            if text[end] == " ":
                last_space = end
            used += cell_len(text[end])
            end += 1
        cut = last_space + 1 if last_space > start else max(end, start + 1)
        offsets.append(cut)
        start, room = cut, max(1, width - indent)
    return offsets


def hanging_lines(paragraph: Paragraph, width: int) -> list[Content]:
    """The paragraph's lines at ``width`` cells, the wrapped ones indented."""
    content = paragraph.content
    if width <= paragraph.indent + 4:  # too narrow to indent: plain folding
        return content.wrap(max(1, width)) or [Content("")]
    pieces = content.divide(_breaks(content.plain, width, paragraph.indent))
    pad = " " * paragraph.indent
    lines = [pieces[0].rstrip()]
    for piece in pieces[1:]:
        spaces = len(piece.plain) - len(piece.plain.lstrip(" "))
        lines.append(Content.assemble(pad, piece[spaces:].rstrip()))
    return lines


class HangingText(Widget):
    """Paragraphs drawn at the widget's width, each wrapped under its first word."""

    DEFAULT_CSS = """
    HangingText { height: auto; }
    """

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, markup: bool = False
    ) -> None:
        super().__init__(id=id, classes=classes, markup=markup)
        self._paragraphs: list[Paragraph] = []
        self._wrapped: tuple[int, list[Content]] | None = None
        """The lines last wrapped and their width: measuring and drawing need the same."""

    @property
    def content(self) -> Content:
        """Every line, unwrapped (what a test or a reader of the widget's text wants)."""
        return Content("\n").join(p.content for p in self._paragraphs)

    def update(self, items: Iterable[Content | str | Paragraph]) -> None:
        """Show these paragraphs."""
        self._paragraphs = paragraphs(items)
        self._wrapped = None
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        if self._wrapped is None or self._wrapped[0] != width:
            lines = [line for p in self._paragraphs for line in hanging_lines(p, width)]
            self._wrapped = (width, lines)
        return self._wrapped[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(width)))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))
