"""A long Markdown document (the report preview) as one widget, however long it is.

Textual's ``Markdown`` widget mounts a widget per block: a 10,000-item report became ~7,500
widgets, and every screen switch re-styled them all (seconds). Here the document is rendered to
lines once, off the main thread (``render_document``), and each frame draws only the lines in
sight, so showing, scrolling and leaving the section cost the same for a page as for a book.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from textual import work
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState, get_current_worker


def render_document(source: str, width: int) -> list[Strip]:
    """``source`` (Markdown) rendered to lines ``width`` cells wide; safe in any thread."""
    width = max(width, 20)
    console = Console(
        width=width, color_system="truecolor", force_terminal=True, legacy_windows=False
    )
    options = console.options.update(width=width, height=None)
    lines = console.render_lines(RichMarkdown(source, hyperlinks=False), options, pad=False)
    return [Strip(Segment.simplify(line)) for line in lines]


class DocumentView(ScrollView, can_focus=True):
    """Lines rendered ahead (``show``), drawn a screenful at a time; scrolls with the keys
    (a scrollable container's). A new width renders the lines again, in a thread."""

    DEFAULT_CSS = """
    DocumentView { height: 1fr; padding: 0 1; }
    DocumentView:focus { background: $boost; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = ""
        """The Markdown shown (what was rendered)."""
        self.rendered_width = 0
        """The width the lines were rendered for (0: none yet)."""
        self._lines: list[Strip] = []

    @property
    def text_width(self) -> int:
        """The width lines should be rendered for: the room inside the padding and the
        scrollbar; before the view is laid out (its tab just opened), the screen's width."""
        if not self.size.width:
            return max(self.app.size.width - 4, 20)
        return max(self.scrollable_content_region.width, 20)

    def show(self, source: str, lines: list[Strip], width: int) -> None:
        """Show ``lines``, the rendering of ``source`` at ``width``."""
        same = source == self.source
        self.source = source
        self.rendered_width = width
        self._lines = lines
        # Rendered to fit: no sideways scrolling (a new width renders it again).
        self.virtual_size = Size(width, len(lines))
        if not same:
            self.scroll_home(animate=False)
        self.refresh()
        # Laid out at another width meanwhile, or narrower now that a scrollbar is needed
        # (which sends no resize): rendered again once the layout is known.
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self.source and self.size.width and self.text_width != self.rendered_width:
            self._rewrap(self.source, self.text_width)

    def update(self, make_source: Callable[[], str]) -> None:
        """Show the document ``make_source`` returns, made and rendered in a thread (the
        brief: the section is on screen at once, the lines shown stay until the new ones are
        ready)."""
        self._build(make_source, self.text_width)

    @work(
        thread=True,
        exclusive=True,
        group="build",
        exit_on_error=False,
        description="the document made and rendered",
    )
    def _build(self, make_source: Callable[[], str], width: int) -> None:
        source = make_source()
        lines = render_document(source, width)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, source, lines, width)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A document that could not be made says so where it would have been, not nowhere.
        if event.worker.group == "build" and event.state == WorkerState.ERROR:
            error = event.worker.error
            text = f"Could not make this document: {type(error).__name__}: {error}"
            self.show(text, [Strip([Segment(text)])], self.text_width)

    def on_resize(self) -> None:
        self._fit()

    @work(
        thread=True,
        exclusive=True,
        group="document",
        exit_on_error=False,
        description="the document rendered again",
    )
    def _rewrap(self, source: str, width: int) -> None:
        lines = render_document(source, width)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._rewrapped, source, lines, width)

    def _rewrapped(self, source: str, lines: list[Strip], width: int) -> None:
        if source == self.source:  # not replaced by another document meanwhile
            self.show(source, lines, width)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.rich_style  # the widget's colours under the text's own styles
        if index >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, None).apply_style(style)
