"""The target level's required set: status and progress per criterion, filters, a detail pane,
and the actions that change a criterion's standing (link, unlink, ratings, new evidence).

One table holds every row (no widget per criterion), refilled from each snapshot; a change
redraws the rows it changed (``RowTable``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from promo_planner.core.visible import visible
from promo_planner.tui.screens.base import SectionScreen
from promo_planner.tui.widgets.cells import THUMB, cut, plain
from promo_planner.tui.widgets.hanging import HangingText, Paragraph
from promo_planner.tui.widgets.meter import meter
from promo_planner.tui.widgets.row_table import Column, RowTable

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from promo_planner.core.planner import PathItem
    from promo_planner.core.readiness import CriterionProgress
    from promo_planner.core.records import CriterionLink, Evidence, Strength, Thumb
    from promo_planner.core.snapshot import Snapshot
    from promo_planner.core.store import Store

STATUS_MARK = {"met": "✓", "held": "≡", "partial": "◐", "missing": "·"}
WIDE = 110  # from this width the detail pane sits beside the table (criteria.tcss)
DETAIL_WIDTH = 36  # its width there
FIXED_CELLS = 1 + 11 + 3 + 5 + 5 * 2
"""The table's cells that are not the title: mark, progress, flags, ratings, and one cell of
padding either side of each of the five columns."""
SCROLLBAR = 2
LEGEND = "N new at target · O needs opportunity · S you · M manager"
SELF_RATING = Binding.Group("Self", compact=True)
AREA_ROW = "area:"  # row keys of the area headings; criterion ids never contain a colon
FILTERS = {"gaps": "gaps only", "new": "new at target", "opportunity": "needs opportunity"}


def plan_words(item: PathItem, today: dt.date) -> Content:
    """When the plan works on a gap and its last safe start, never as a date behind us."""
    # One line at 80 columns: the detail pane has seven.
    start = "today" if item.start == today else str(item.start)
    behind = (today - item.latest_start).days
    if behind > 0:
        safe = Content.styled(f"last safe start passed {behind} d ago", "$warning")
    elif item.slack_days < 0:
        safe = Content.styled(
            f"last safe start {item.latest_start}, {-item.slack_days} d late", "$warning"
        )
    else:
        safe = Content(f"last safe start {item.latest_start} ({item.slack_days} d slack)")
    return Content.assemble(f"plan {start} → {item.finish} · ", safe)


def counted(cp: CriterionProgress) -> str:
    """``1.5/2``: evidence counted (partial links as halves) of the evidence required."""
    return f"{cp.full + cp.partial / 2:g}/{cp.criterion.evidence_required}"


"""The table's column keys, in order."""


def progress_cell(cp: CriterionProgress) -> str:
    """``███░░ 2/3``-style: bar plus evidence counted."""
    return f"{meter(cp.progress, 5)} {counted(cp):>5}"


def flags_cell(cp: CriterionProgress) -> str:
    """``N`` new at the target level, ``O`` needs an opportunity."""
    return (
        ("N" if cp.new_at_target else " ") + " " + ("O" if cp.criterion.needs_opportunity else " ")
    )


class CriteriaScreen(SectionScreen):
    """Required criteria by area; the highlighted one is explained in the detail pane."""

    SECTION = "criteria"
    CSS_PATH = "criteria.tcss"
    AUTO_FOCUS = "#criteria-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "link", "Link", id="criteria.link", tooltip="Link existing evidence"),
        # Unlinking is rarer than linking: in the help and the palette, not the footer.
        Binding(
            "u", "unlink", "Unlink", id="criteria.unlink", show=False, tooltip="Unlink evidence"
        ),
        # One footer item, "+- Self", for the pair.
        Binding(
            "plus",
            "rate_self('up')",
            "Self 👍",
            id="criteria.self_up",
            tooltip="Rate yourself 👍",
            group=SELF_RATING,
        ),
        Binding(
            "minus",
            "rate_self('down')",
            "Self 👎",
            id="criteria.self_down",
            tooltip="Rate yourself 👎",
            group=SELF_RATING,
        ),
        Binding(
            "c",
            "rate_self('')",
            "Clear self",
            id="criteria.self_clear",
            show=False,
            tooltip="Clear your rating",
        ),
        Binding(
            "m",
            "rate_manager",
            "Manager",
            id="criteria.manager",
            tooltip="Record the manager's 👍/👎",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear search",
            id="criteria.clear_filter",
            tooltip="Clear the typed search (g/n/o filters stay)",
        ),
        Binding(
            "g",
            "toggle_filter('gaps')",
            "Gaps only",
            id="criteria.gaps",
            show=False,
            tooltip="Show only gaps",
        ),
        Binding(
            "n",
            "toggle_filter('new')",
            "New at target",
            id="criteria.new",
            show=False,
            tooltip="Show only criteria new at the target",
        ),
        Binding(
            "o",
            "toggle_filter('opportunity')",
            "Needs opportunity",
            id="criteria.opportunity",
            show=False,
            tooltip="Show only criteria that need an opportunity",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters: set[str] = set()
        self.search = ""
        self._cursor_row = 0  # the last criterion row highlighted: which way a heading is left
        self._state: Snapshot | None = None
        """The table as last drawn: the title width and each row's key and cells."""
        self._wanted: str | None = None  # a criterion another section asked to show

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="section-body"):
            yield Input(
                placeholder="filter by id or title; enter keeps it, escape clears",
                id="criteria-search",
            )
            yield Static(id="criteria-filters")
            with Horizontal(id="criteria-main"):
                yield RowTable(id="criteria-table")
                with VerticalScroll(id="criteria-detail", classes="box"):
                    yield HangingText(id="criteria-detail-text")

    def on_mount(self) -> None:
        self.query_one("#criteria-detail").border_title = "Detail"
        super().on_mount()

    # -- filling --------------------------------------------------------------------------

    def show_state(self, state: Snapshot) -> None:
        self._state = state
        self._fill()

    def on_resize(self) -> None:
        if self._state is not None:
            self._fill()

    def visible_rows(self, state: Snapshot) -> list[CriterionProgress]:
        """The required criteria that pass the filters, grouped by area in ladder order."""
        order = {a.id: i for i, a in enumerate(state.guideline.areas)}
        needle = self.search.lower()
        rows = []
        for cp in state.assessment.criteria:
            c = cp.criterion
            if "gaps" in self.filters and not cp.is_gap:
                continue
            if "new" in self.filters and not cp.new_at_target:
                continue
            if "opportunity" in self.filters and not c.needs_opportunity:
                continue
            if needle and needle not in c.id.lower() and needle not in c.title.lower():
                continue
            rows.append(cp)
        return sorted(rows, key=lambda cp: order.get(cp.criterion.area, len(order)))

    def _fill(self) -> None:
        state = self._state
        if state is None:
            return
        table = self.query_one("#criteria-table", RowTable)
        current = self._wanted or self.highlighted_id()
        self._wanted = None
        rows = self.visible_rows(state)
        wide = self.size.width >= WIDE
        main = self.query_one("#criteria-main").size
        table_width = (main.width or self.size.width) - (DETAIL_WIDTH if wide else 0)
        # The title takes what the fixed columns leave, and the scrollbar's room only when the
        # rows (one per criterion, one per area heading) will not all fit.
        headings = len({cp.criterion.area for cp in rows})
        scrolls = len(rows) + headings + 1 > table.size.height
        title_width = max(16, table_width - FIXED_CELLS - (SCROLLBAR if scrolls else 0))
        areas = {a.area.id: a for a in state.assessment.areas()}
        names = state.guideline.area_by_id
        lines: list[tuple[str, tuple[object, ...]]] = []
        area = None
        for cp in rows:
            c = cp.criterion
            if c.area != area:
                # A heading row per area instead of an area column: the names stay whole.
                area = c.area
                summary = areas.get(area)
                lines.append(
                    (
                        AREA_ROW + area,
                        (
                            "",
                            plain(names[area].name if area in names else area, "bold"),
                            Content.styled(f"{summary.met}/{summary.total} met", "dim")
                            if summary
                            else "",
                            "",
                            "",
                        ),
                    )
                )
            rated = state.ratings_of(c.id)
            thumbs = " ".join(
                THUMB[rated[who].value if who in rated else None] for who in ("self", "manager")
            )
            lines.append(
                (
                    c.id,
                    (
                        STATUS_MARK[cp.status],
                        plain(cut(c.title, title_width)),
                        progress_cell(cp),
                        flags_cell(cp),
                        thumbs,
                    ),
                )
            )
        table.show_rows(
            (
                Column("status", " ", 1),
                Column("title", "Criterion", title_width),
                Column("progress", "Progress", 11),
                Column("flags", "N O", 3),
                Column("ratings", "S M", 5),
            ),
            lines,
        )
        ids = [cp.criterion.id for cp in rows]
        if ids:
            # Never rest on a heading: the cursor goes back to its criterion, or the first one.
            table.move_cursor(row=table.get_row_index(current if current in ids else ids[0]))
        self._cursor_row = table.cursor_row
        self._show_filters(len(rows), len(state.assessment.criteria))
        self._show_detail()

    def _show_filters(self, shown: int, total: int) -> None:
        active = [FILTERS[f] for f in FILTERS if f in self.filters]
        if self.search:
            active.append(f"“{visible(self.search)}”")
        keys = LEGEND
        text = f"{shown} of {total} required" + (f" · {', '.join(active)}" if active else "")
        self.query_one("#criteria-filters", Static).update(
            Content.assemble(text, "  ", (keys, "dim"))
        )

    def highlighted_id(self) -> str | None:
        """The criterion under the cursor (None on an area heading or an empty table)."""
        table = self.query_one("#criteria-table", DataTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        if key.value is None or key.value.startswith(AREA_ROW):
            return None
        return str(key.value)

    @on(DataTable.RowHighlighted, "#criteria-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if event.cursor_row != table.cursor_row:
            return  # the cursor has moved on since (keys pressed quickly)
        key = event.row_key.value
        if key is not None and key.startswith(AREA_ROW):
            # Step over the heading in the direction the cursor was going (down at the top).
            step = -1 if event.cursor_row < self._cursor_row else 1
            for direction in (step, -step):
                row = event.cursor_row + direction
                while 0 <= row < table.row_count:
                    row_key = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
                    if row_key is not None and not row_key.startswith(AREA_ROW):
                        table.move_cursor(row=row)
                        return
                    row += direction
            return
        self._cursor_row = event.cursor_row
        self._show_detail()

    def _links_of(self, criterion_id: str) -> list[tuple[Evidence, Strength]]:
        """The evidence linked to the criterion, newest first, with each link's strength.

        The snapshot's assessment already names the linked evidence, so one read fetches just
        those items (this runs on every cursor move), not every link and then item by item.
        """
        if self._state is None:
            return []
        ids = self._state.assessment.by_id[criterion_id].evidence_ids
        out = []
        for ev in self.planner.store.evidence_items(ids):
            strength = next(
                (k.strength for k in ev.criteria if k.criterion_id == criterion_id), None
            )
            if strength is not None:
                out.append((ev, strength))
        return out

    def _show_detail(self) -> None:
        state = self._state
        text = self.query_one("#criteria-detail-text", HangingText)
        cid = self.highlighted_id()
        if state is None or cid is None:
            text.update("No criterion matches the filters." if state else "")
            return
        cp = state.assessment.by_id[cid]
        c = cp.criterion
        area = state.guideline.area_by_id.get(c.area)
        # What to act on first (the pane is 7 lines high at 80×24); the ladder's wording after.
        parts: list[Content | str | Paragraph] = [
            plain(c.title, "bold"),
            Content.assemble(
                (f"{STATUS_MARK[cp.status]} {cp.status}", "bold"),
                f" · {counted(cp)} evidence counted",
                f" · ~{cp.effort_days} days of work left" if cp.is_gap else "",
            ),
        ]
        from promo_planner.core.readiness import standing_notes

        parts += [
            Content.styled(note, "$warning" if cp.disputed or cp.rerate else "$accent")
            for note in standing_notes(cp, state.plan.current_level)
        ]
        when: list[Content] = []
        item = state.path.find(cid)
        if item is not None:
            when.append(plan_words(item, state.today))
        flags = []
        if cp.new_at_target:
            flags.append("new at the target level")
        if c.needs_opportunity:
            flags.append("needs an opportunity (ask your manager)")
        if c.requires:
            flags.append(visible("requires " + ", ".join(c.requires)))
        when += [Content.styled(flag, "$warning") for flag in flags]
        if when:
            parts.append(Content(" · ").join(when))
        rated = state.ratings_of(cid)
        thumbs: list[Content] = []
        for who in ("self", "manager"):
            rating = rated.get(who)
            if rating is None:
                thumbs.append(Content.assemble(f"{who} ", ("not rated", "dim")))
            else:
                note = f" “{rating.note}”" if rating.note else ""
                thumbs.append(plain(f"{who} {THUMB[rating.value]}{note}"))
        parts.append(
            Paragraph(Content.assemble(("Rated: ", "bold"), Content(" · ").join(thumbs)), 7)
        )
        linked = self._links_of(cid)
        parts.append(Content.styled(f"Evidence ({len(linked)})", "bold"))
        if linked:
            # Wrapped titles stay under the title, not under the date.
            parts += [
                Paragraph(plain(f"{ev.date} {ev.title} ({strength}) #{ev.id}"), 11)
                for ev, strength in linked
            ]
        else:
            parts.append(Content.styled("none linked: l links, a adds new", "dim"))
        parts += [
            "",
            plain(
                f"{c.id} · level {c.level} · {area.name if area else c.area} · weight {c.weight}",
                "dim",
            ),
        ]
        if c.description:
            parts += [
                "",
                Content.styled("Description", "bold"),
                plain(c.description.strip(), multiline=True),
            ]
        if c.examples:
            parts += ["", Content.styled("Examples", "bold")]
            parts += [plain(f"• {example}") for example in c.examples]
        text.update(parts)
        self.query_one("#criteria-detail").scroll_home(animate=False)

    def select_criterion(self, criterion_id: str) -> None:
        """Put ``criterion_id`` under the cursor (the Path section's rows open here), clearing
        the filters when they hide it."""
        self._wanted = criterion_id
        state = self._state
        if state is None:
            return  # the first snapshot's fill will take it
        if all(cp.criterion.id != criterion_id for cp in self.visible_rows(state)):
            self.filters.clear()
            self.search = ""
            search = self.query_one("#criteria-search", Input)
            search.value = ""
            search.remove_class("-shown")
        self._fill()
        self.set_focus(self.query_one("#criteria-table"))

    # -- filters --------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show and focus the search box."""
        search = self.query_one("#criteria-search", Input)
        search.add_class("-shown")
        self.set_focus(search)

    def action_toggle_filter(self, name: str) -> None:
        """Switch one of the filters on or off."""
        self.filters ^= {name}
        self._fill()

    @on(Input.Changed, "#criteria-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search = event.value.strip()
        self._fill()

    @on(Input.Submitted, "#criteria-search")
    def _search_done(self) -> None:
        self.set_focus(self.query_one("#criteria-table"))

    def leave_field(self, field: Widget | None) -> None:
        """Escape in the search box clears the search and goes back to the table."""
        if field is self.query_one("#criteria-search", Input):
            self.action_clear_filter()
        self.set_focus(self.query_one("#criteria-table"))

    def action_clear_filter(self) -> None:
        """Drop the typed search (escape, in the box or on the table)."""
        search = self.query_one("#criteria-search", Input)
        search.value = ""
        search.remove_class("-shown")
        self.search = ""
        self._fill()
        self.set_focus(self.query_one("#criteria-table"))
        self.refresh_bindings()

    # -- actions on the highlighted criterion ---------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.search)
        if action in {"link", "unlink", "rate_self", "rate_manager"}:
            return self.highlighted_id() is not None if self.is_mounted else True
        return True

    def _title(self, criterion_id: str) -> str:
        state = self._state
        found = state.guideline.criterion_by_id.get(criterion_id) if state else None
        return _shortened(found.title if found else criterion_id)

    def _evidence_title(self, evidence_id: int) -> str:
        found = self.planner.store.evidence_items([evidence_id])
        return _shortened(found[0].title) if found else f"#{evidence_id}"

    def evidence_preset(self) -> list[CriterionLink]:
        """New evidence (``a``) starts linked to the highlighted criterion."""
        from promo_planner.core.records import CriterionLink

        cid = self.highlighted_id()
        return [CriterionLink(cid, "full")] if cid is not None else []

    def action_link(self) -> None:
        """Link existing evidence to the highlighted criterion."""
        from promo_planner.tui.dialogs.pick_evidence import PickEvidence

        state = self._state
        cid = self.highlighted_id()
        if cid is None or state is None:
            return
        linked = state.assessment.by_id[cid].evidence_ids
        title = visible(state.assessment.by_id[cid].criterion.title)

        def done(picked: tuple[int, Strength] | None) -> None:
            if picked is not None:
                evidence_id, strength = picked
                self.planner.write(
                    lambda store: store.link(evidence_id, cid, strength, today=self.planner.today),
                    done=f"Linked “{self._evidence_title(evidence_id)}” to “{title}” ({strength}).",
                    undo=lambda before: _undo_link(evidence_id, cid, before),
                    then=lambda snapshot, _: snapshot.with_links(
                        evidence_id, self.planner.store.evidence(evidence_id).criteria
                    ),
                )

        self.app.push_screen(PickEvidence(f"Link evidence to {cid}", exclude=linked), done)

    def action_unlink(self) -> None:
        """Unlink one piece of evidence from the highlighted criterion."""
        from promo_planner.tui.dialogs.pick_evidence import PickEvidence

        cid = self.highlighted_id()
        if cid is None:
            return
        linked = [ev for ev, _ in self._links_of(cid)]
        if not linked:
            self.notify("Nothing is linked to this criterion.", timeout=3)
            return

        title = self._title(cid)

        def done(picked: tuple[int, Strength] | None) -> None:
            if picked is not None:
                evidence_id = picked[0]
                self.planner.write(
                    lambda store: store.unlink(evidence_id, cid),
                    done=f"Unlinked “{self._evidence_title(evidence_id)}” from “{title}”.",
                    undo=lambda link: lambda store: store.relink(evidence_id, link),
                    then=lambda snapshot, _: snapshot.with_links(
                        evidence_id, self.planner.store.evidence(evidence_id).criteria
                    ),
                )

        self.app.push_screen(
            PickEvidence(f"Unlink evidence from {cid}", choices=linked, with_strength=False), done
        )

    def action_rate_self(self, value: str) -> None:
        """Your own 👍/👎 on the highlighted criterion (empty clears it)."""
        cid = self.highlighted_id()
        if cid is None:
            return
        thumb: Thumb | None = "up" if value == "up" else "down" if value == "down" else None
        title = self._title(cid)
        self.planner.write(
            lambda store: store.rate(cid, "self", thumb, on=self.planner.today),
            done=f"Rated yourself {THUMB[thumb]} on “{title}”."
            if thumb
            else f"Cleared your rating of “{title}”.",
            undo=lambda rating: lambda store: store.unrate(rating.id),
            then=lambda snapshot, rating: snapshot.with_rating(rating),
        )

    def action_rate_manager(self) -> None:
        """Record what the manager said about the highlighted criterion."""
        from promo_planner.tui.dialogs.manager_rating import ManagerRating, ManagerRatingDialog

        state = self._state
        cid = self.highlighted_id()
        if cid is None or state is None:
            return
        current = state.ratings_of(cid).get("manager")

        def done(result: ManagerRating | None) -> None:
            if result is not None:
                value, note = result
                self.planner.write(
                    lambda store: store.rate(
                        cid, "manager", value, note=note, on=self.planner.today
                    ),
                    done=f"Recorded your manager's {THUMB[value]} on “{shown}”."
                    if value
                    else f"Cleared your manager's rating of “{shown}”.",
                    undo=lambda rating: lambda store: store.unrate(rating.id),
                    then=lambda snapshot, rating: snapshot.with_rating(rating),
                )

        title = state.assessment.by_id[cid].criterion.title
        shown = visible(title)
        self.app.push_screen(
            ManagerRatingDialog(title, current.note if current else ""),
            done,
        )


def _shortened(text: str) -> str:
    """A title as a toast names it: one line, at most 60 characters."""
    return cut(" ".join(visible(text).split()), 60)


def _undo_link(
    evidence_id: int, criterion_id: str, before: CriterionLink | None
) -> Callable[[Store], object]:
    """How to take back a link: remove it, or put back the link it replaced."""
    if before is None:
        return lambda store: store.unlink(evidence_id, criterion_id)
    return lambda store: store.relink(evidence_id, before)
