"""A virtual table of evidence: one widget, whatever the portfolio holds.

Like toolong's log view, the table is a ``ScrollView`` drawn with the Line API. It never holds
more than a few pages of evidence: rows are asked for by offset and limit as they scroll into
view, and kept in a small LRU cache that is dropped whenever the data or the filter changes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from promo_planner.core.records import Evidence
from promo_planner.core.visible import visible

if TYPE_CHECKING:
    from promo_planner.core.store import Store

PAGE_SIZE = 100
CACHED_PAGES = 6
"""At most this many pages (600 items) are held in memory."""


class EvidenceSource(Protocol):
    """Where the table's rows come from: a count and pages by offset."""

    def count(self) -> int:
        """How many rows there are."""
        ...

    def page(self, offset: int, limit: int) -> Sequence[Evidence]:
        """Rows ``offset`` to ``offset + limit``, newest date first."""
        ...


@dataclass(frozen=True)
class StoreEvidence:
    """The store's evidence, optionally narrowed by a search text."""

    store: Store
    search: str | None = None

    def count(self) -> int:
        """How many pieces of evidence match."""
        return self.store.count_evidence(search=self.search)

    def page(self, offset: int, limit: int) -> Sequence[Evidence]:
        """One page of matching evidence."""
        return self.store.list_evidence(search=self.search, limit=limit, offset=offset)


class _NoEvidence:
    def count(self) -> int:
        return 0

    def page(self, offset: int, limit: int) -> Sequence[Evidence]:
        return []


def _clean(text: str) -> str:
    # One line per row: newlines and tabs in user text must not break the table.
    return " ".join(text.split())


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut to exactly ``width`` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def criteria_cell(evidence: Evidence, width: int) -> str:
    """The linked criterion ids when they fit, else the first and a count, else a count."""
    ids = [link.criterion_id for link in evidence.criteria]
    if not ids:
        return "—"
    joined = ", ".join(ids)
    if cell_len(joined) <= width:
        return joined
    if len(ids) > 1:
        more = f" +{len(ids) - 1}"
        if cell_len(ids[0]) + len(more) <= width:
            return ids[0] + more
    return f"{len(ids)} criteria" if len(ids) > 1 else ids[0]


def impact_cell(evidence: Evidence, width: int) -> str:
    """The first impact data point, with how many more there are."""
    if not evidence.impact:
        return ""
    first = _clean(evidence.impact[0])
    if len(evidence.impact) == 1:
        return first
    more = f" +{len(evidence.impact) - 1}"
    return _fit(first, max(1, width - len(more))).rstrip() + more


def tags_cell(evidence: Evidence) -> str:
    """Tags as ``#tag`` words."""
    return " ".join(f"#{tag}" for tag in evidence.tags)


@dataclass(frozen=True)
class Columns:
    """Column widths for one table width."""

    date: int
    title: int
    criteria: int
    impact: int
    tags: int

    @classmethod
    def for_width(cls, width: int) -> Columns:
        """Fixed date, proportional criteria and tags, the rest shared by title and impact."""
        date = 10
        criteria = max(10, min(24, width * 15 // 100))
        tags = max(6, min(20, width * 11 // 100))
        rest = max(2, width - date - criteria - tags - 4)
        title = rest * 2 // 3
        return cls(date, title, criteria, rest - title, tags)

    def line(self, cells: tuple[str, str, str, str, str]) -> str:
        """The cells fitted to their columns and joined with one space."""
        widths = (self.date, self.title, self.criteria, self.impact, self.tags)
        # Drawn as plain segments (never markup); stored text's control characters spelled out.
        return " ".join(_fit(visible(text), w) for text, w in zip(cells, widths, strict=True))


HEADER = ("Date", "Title", "Criteria", "Impact", "Tags")


class EvidenceTable(ScrollView, can_focus=True):
    """Every piece of evidence, one line each, with a row cursor.

    Set ``source`` to show other rows (a new filter); call ``reload()`` when the data changed.
    """

    DEFAULT_CSS = """
    EvidenceTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        height: 1fr;
        & > .evidence-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .evidence-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .evidence-table--empty {
            color: $text-muted;
            text-style: italic;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .evidence-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "evidence-table--header",
        "evidence-table--cursor",
        "evidence-table--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="evidence_table.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="evidence_table.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="evidence_table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="evidence_table.page_down"),
        Binding("home", "first", "First", show=False, id="evidence_table.first"),
        Binding("end", "last", "Last", show=False, id="evidence_table.last"),
        Binding("enter", "select", "Open", show=False, id="evidence_table.select"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row among the current rows."""

    empty_text: reactive[str] = reactive("No evidence yet.")

    class Highlighted(Message):
        """The cursor moved to ``evidence`` (None when the table is empty)."""

        def __init__(self, table: EvidenceTable, evidence: Evidence | None) -> None:
            super().__init__()
            self.table = table
            self.evidence = evidence

        @property
        def control(self) -> EvidenceTable:
            """The table."""
            return self.table

    class Selected(Message):
        """Enter or a double click on ``evidence``."""

        def __init__(self, table: EvidenceTable, evidence: Evidence) -> None:
            super().__init__()
            self.table = table
            self.evidence = evidence

        @property
        def control(self) -> EvidenceTable:
            """The table."""
            return self.table

    def __init__(
        self,
        source: EvidenceSource | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._source: EvidenceSource = source if source is not None else _NoEvidence()
        self._pages: OrderedDict[int, Sequence[Evidence]] = OrderedDict()
        self._count = 0
        self._last_highlighted: tuple[int, object] | None = None

    # -- data ----------------------------------------------------------------------------

    @property
    def source(self) -> EvidenceSource:
        """Where the rows come from."""
        return self._source

    @source.setter
    def source(self, source: EvidenceSource) -> None:
        self._source = source
        self.cursor_row = 0
        self.scroll_to(y=0, animate=False)
        self.reload()

    @property
    def row_count(self) -> int:
        """How many rows the table shows (the whole match, not just what is cached)."""
        return self._count

    @property
    def cached_rows(self) -> int:
        """How many items the table holds in memory right now."""
        return sum(len(page) for page in self._pages.values())

    def reload(self) -> None:
        """Forget cached rows and ask the source again (after any write or a new filter)."""
        self._pages.clear()
        self._count = self._source.count()
        self._last_highlighted = None
        self._update_virtual_size()
        self.cursor_row = min(self.cursor_row, max(0, self._count - 1))
        self.refresh()

    def row(self, index: int) -> Evidence | None:
        """The evidence at ``index``, fetched with its page when it is not cached."""
        if not 0 <= index < self._count:
            return None
        number, within = divmod(index, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._source.page(number * PAGE_SIZE, PAGE_SIZE)
            self._pages[number] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[within] if within < len(page) else None

    @property
    def current(self) -> Evidence | None:
        """The evidence under the cursor."""
        return self.row(self.cursor_row)

    def index_of(self, evidence_id: int, *, look_at: int = 2000) -> int | None:
        """Where ``evidence_id`` is among the first ``look_at`` rows, or None."""
        for index in range(min(self._count, look_at)):
            found = self.row(index)
            if found is not None and found.id == evidence_id:
                return index
        return None

    def select_id(self, evidence_id: int) -> bool:
        """Move the cursor to ``evidence_id`` when it is shown; True when it was found."""
        index = self.index_of(evidence_id)
        if index is None:
            return False
        self.cursor_row = index
        return True

    # -- geometry ------------------------------------------------------------------------

    @property
    def _body_height(self) -> int:
        # The first line of the viewport is the header, which does not scroll.
        return max(1, self.scrollable_content_region.height - 1)

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, self._count + 1)

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, force=True)
        elif self.cursor_row >= top + self._body_height:
            self.scroll_to(y=self.cursor_row - self._body_height + 1, animate=False, force=True)

    def watch_cursor_row(self, row: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        evidence = self.current
        key = (row, evidence)
        if key != self._last_highlighted:
            self._last_highlighted = key
            self.post_message(self.Highlighted(self, evidence))

    def watch_empty_text(self) -> None:
        self.refresh()

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        columns = Columns.for_width(width)
        if y == 0:
            style = base + self.get_component_rich_style("evidence-table--header")
            return self._strip(columns.line(HEADER), width, style)
        if self._count == 0:
            if y == 1:
                style = base + self.get_component_rich_style("evidence-table--empty")
                return self._strip(" " + self.empty_text, width, style)
            return Strip.blank(width, base)
        index = round(self.scroll_y) + y - 1
        evidence = self.row(index)
        if evidence is None:
            return Strip.blank(width, base)
        cells = (
            evidence.date.isoformat(),
            _clean(evidence.title),
            criteria_cell(evidence, columns.criteria),
            impact_cell(evidence, columns.impact),
            tags_cell(evidence),
        )
        style = base
        if index == self.cursor_row:
            style = base + self.get_component_rich_style("evidence-table--cursor")
        return self._strip(columns.line(cells), width, style, meta={"row": index})

    @staticmethod
    def _strip(text: str, width: int, style: Style, meta: dict[str, int] | None = None) -> Strip:
        if meta is not None:
            style = style + Style.from_meta(meta)
        return Strip([Segment(_fit(text, width), style)], width)

    # -- keys and mouse ------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        """Highlight the row above."""
        self.cursor_row = max(0, self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        """Highlight the row below."""
        self.cursor_row = max(0, min(self._count - 1, self.cursor_row + 1))

    def action_page_up(self) -> None:
        """Up by one screenful."""
        self.cursor_row = max(0, self.cursor_row - self._body_height)

    def action_page_down(self) -> None:
        """Down by one screenful."""
        self.cursor_row = max(0, min(self._count - 1, self.cursor_row + self._body_height))

    def action_first(self) -> None:
        """Highlight the newest evidence."""
        self.cursor_row = 0

    def action_last(self) -> None:
        """Highlight the oldest evidence."""
        self.cursor_row = max(0, self._count - 1)

    def action_select(self) -> None:
        """Open the highlighted evidence."""
        evidence = self.current
        if evidence is not None:
            self.post_message(self.Selected(self, evidence))

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row") if event.style else None
        if not isinstance(row, int):
            return
        self.cursor_row = row
        if event.chain >= 2:
            self.action_select()
