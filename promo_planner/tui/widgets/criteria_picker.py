"""Choose which criteria a piece of evidence shows, fully or partly.

A search box over one ``OptionList`` of the guideline's criteria: the target level's required
set first (marked with status), then the rest of the ladder. Each row is a title, cut at its
end when it must be; the highlighted criterion's id, area and level are spelled out whole
under the list (an id cut in the middle is neither readable nor typable). Space cycles a
criterion none → full → partial → none; ``f`` and ``p`` toggle full and partial directly. Every
change posts ``CriteriaPicker.Changed`` with the chosen links, so any screen can reuse it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from promo_planner.core.records import CriterionLink, Strength
from promo_planner.core.visible import visible

if TYPE_CHECKING:
    from promo_planner.core.guideline import Criterion, Guideline

_NEXT: dict[Strength | None, Strength | None] = {None: "full", "full": "partial", "partial": None}
# (text, style) pairs, assembled without markup: a list of a hundred criteria is built as the
# form opens, and parsing markup for each row would cost it a good part of that.
_MARK: dict[Strength | None, tuple[str, str]] = {
    "full": ("● full", "$success"),
    "partial": ("◐ part", "$warning"),
    None: ("○     ", "$text-muted"),
}
_STATUS: dict[str, tuple[str, str]] = {
    # The Criteria section's marks; the status in words is under the list.
    "met": ("✓", "$success"),
    "held": ("≡", "$success"),
    "partial": ("◐", "$warning"),
    "missing": ("·", "$error"),
}


class CriteriaList(OptionList):
    """The criteria, one option each; strength keys act on the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "cycle", "Cycle", id="criteria_picker.cycle"),
        Binding("f", "strength('full')", "Full", id="criteria_picker.full"),
        Binding("p", "strength('partial')", "Partial", id="criteria_picker.partial"),
        Binding("x,delete", "clear", "Unlink", id="criteria_picker.clear"),
    ]

    def _picker(self) -> CriteriaPicker:
        return self.query_ancestor(CriteriaPicker)

    def _highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def action_cycle(self) -> None:
        """none → full → partial → none."""
        criterion_id = self._highlighted_id()
        if criterion_id is not None:
            picker = self._picker()
            picker.set_strength(criterion_id, _NEXT[picker.strength(criterion_id)])

    def action_strength(self, strength: Strength) -> None:
        """Set ``strength``, or clear it when it is already set."""
        criterion_id = self._highlighted_id()
        if criterion_id is not None:
            picker = self._picker()
            current = picker.strength(criterion_id)
            picker.set_strength(criterion_id, None if current == strength else strength)

    def action_clear(self) -> None:
        """Unlink the highlighted criterion."""
        criterion_id = self._highlighted_id()
        if criterion_id is not None:
            self._picker().set_strength(criterion_id, None)


class CriteriaPicker(Vertical):
    """A searchable list of a guideline's criteria with a full/partial strength each."""

    DEFAULT_CSS = """
    CriteriaPicker {
        height: 1fr;
        & > #picker-search {
            margin: 0;
        }
        & > CriteriaList {
            height: 1fr;
            min-height: 3;
            border: none;
            padding: 0;
            scrollbar-size-vertical: 1;
            background: $foreground 4%;
            &:focus { background: $foreground 9%; }
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & > #picker-highlighted, & > #picker-chosen, & > #picker-hint {
            color: $text-muted;
            padding: 0 1;
            height: 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & > #picker-hint {
            text-style: italic;
        }
    }
    """

    class Changed(Message):
        """The chosen links changed; ``links`` in guideline order."""

        def __init__(self, picker: CriteriaPicker, links: tuple[CriterionLink, ...]) -> None:
            super().__init__()
            self.picker = picker
            self.links = links

        @property
        def control(self) -> CriteriaPicker:
            """The picker."""
            return self.picker

    def __init__(
        self,
        guideline: Guideline,
        *,
        target_level: str | None = None,
        chosen: Iterable[CriterionLink] = (),
        statuses: Mapping[str, str] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.guideline = guideline
        self.target_level = target_level
        self.statuses: Mapping[str, str] = statuses or {}
        self._chosen: dict[str, Strength] = {link.criterion_id: link.strength for link in chosen}
        required = guideline.required_ids(target_level) if target_level else []
        self._required = set(required)
        others = [c.id for c in guideline.criteria if c.id not in self._required]
        self._order: list[str] = [*required, *others]

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="Search criteria (id, title, area, level, examples)",
            id="picker-search",
            compact=True,
        )
        yield CriteriaList(id="picker-list")
        yield Static("", id="picker-highlighted", markup=False)
        yield Static(self._chosen_summary(), id="picker-chosen", markup=False)
        yield Static(self._hint(), id="picker-hint", classes="field-hint", markup=False)

    def on_mount(self) -> None:
        self._fill("")

    # -- the chosen links ----------------------------------------------------------------

    @property
    def chosen(self) -> tuple[CriterionLink, ...]:
        """The chosen links: guideline order, then ids this guideline does not know."""
        known = [cid for cid in self._order if cid in self._chosen]
        unknown = sorted(cid for cid in self._chosen if cid not in self.guideline.criterion_by_id)
        return tuple(CriterionLink(cid, self._chosen[cid]) for cid in [*known, *unknown])

    def strength(self, criterion_id: str) -> Strength | None:
        """How strongly ``criterion_id`` is linked, or None."""
        return self._chosen.get(criterion_id)

    def set_strength(self, criterion_id: str, strength: Strength | None) -> None:
        """Link ``criterion_id`` with ``strength`` (None unlinks) and tell the parent."""
        if strength is None:
            self._chosen.pop(criterion_id, None)
        else:
            self._chosen[criterion_id] = strength
        option_list = self.query_one(CriteriaList)
        try:
            index = option_list.get_option_index(criterion_id)
        except Exception:  # filtered out of view: nothing to redraw
            index = None
        if index is not None:
            option_list.replace_option_prompt_at_index(index, self._prompt(criterion_id))
        self.query_one("#picker-chosen", Static).update(self._chosen_summary())
        self.post_message(self.Changed(self, self.chosen))

    # -- the list ------------------------------------------------------------------------

    def _label(self, criterion: Criterion) -> str:
        area = self.guideline.area_by_id.get(criterion.area)
        return area.name if area is not None else criterion.area

    def _prompt(self, criterion_id: str) -> Content:
        mark = _MARK[self._chosen.get(criterion_id)]
        criterion = self.guideline.criterion_by_id.get(criterion_id)
        if criterion is None:
            return Content.assemble(
                mark, " ", visible(criterion_id), (" not in this guideline", "$text-muted")
            )
        # Status first: it is what decides whether linking here helps. Then the title, which
        # is what people read; the list cuts it at its end. The id is under the list, whole.
        status = _STATUS.get(self.statuses.get(criterion_id, ""), (" ", ""))
        return Content.assemble(mark, " ", status, " ", visible(criterion.title))

    def _describe_highlighted(self, criterion_id: str | None) -> str:
        criterion = self.guideline.criterion_by_id.get(criterion_id or "")
        if criterion is None:
            return criterion_id or ""
        status = self.statuses.get(criterion.id)
        said = f" · {status}" if status else ""
        return visible(f"{criterion.id}{said} · {self._label(criterion)} · {criterion.level}")

    def _matches(self, criterion_id: str, words: list[str]) -> bool:
        criterion = self.guideline.criterion_by_id.get(criterion_id)
        haystack = criterion_id.lower()
        if criterion is not None:
            # Descriptions and examples too: people search by what they did ("runbook").
            haystack = " ".join(
                (
                    haystack,
                    criterion.title,
                    self._label(criterion),
                    criterion.level,
                    criterion.description or "",
                    *criterion.examples,
                )
            ).lower()
        return all(word in haystack for word in words)

    def _fill(self, search: str) -> None:
        option_list = self.query_one(CriteriaList)
        keep = option_list.highlighted_option.id if option_list.highlighted_option else None
        words = search.lower().split()
        options: list[Option] = []

        def section(title: str, ids: list[str]) -> None:
            shown = [cid for cid in ids if self._matches(cid, words)]
            if shown:
                options.append(Option(Content.styled(visible(title), "bold"), disabled=True))
                options.extend(Option(self._prompt(cid), id=cid) for cid in shown)

        required = [cid for cid in self._order if cid in self._required]
        others = [cid for cid in self._order if cid not in self._required]
        unknown = sorted(cid for cid in self._chosen if cid not in self.guideline.criterion_by_id)
        if self.target_level is not None:
            section(f"Required for {self.target_level}", required)
            section("Other criteria", others)
        else:
            section("Criteria", others)
        section("Not in this guideline", unknown)
        if not options:
            options.append(
                Option(Content(f"No criterion matches “{visible(search)}”"), disabled=True)
            )
        option_list.set_options(options)
        ids = [option.id for option in options]
        if keep is not None and keep in ids:
            option_list.highlighted = ids.index(keep)
        else:
            first = next((i for i, option in enumerate(options) if not option.disabled), None)
            option_list.highlighted = first

    def _hint(self) -> str:
        """The list's keys as the footer names them (read from its bindings: they cannot
        disagree)."""
        shown = []
        for binding in CriteriaList.BINDINGS:
            if isinstance(binding, Binding):
                # The first key, as the footer shows it ("x", not "x,delete").
                key = self.app.get_key_display(replace(binding, key=binding.key.split(",")[0]))
                shown.append(f"{key} {binding.description.lower()}")
        return "List: " + " · ".join(shown)

    def _chosen_summary(self) -> str:
        if not self._chosen:
            return "No criteria linked."
        parts = [
            link.criterion_id + (" (partial)" if link.strength == "partial" else "")
            for link in self.chosen
        ]
        return "Linked: " + ", ".join(parts)

    @on(Input.Changed, "#picker-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    @on(Input.Submitted, "#picker-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.set_focus(self.query_one(CriteriaList))

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.query_one("#picker-highlighted", Static).update(
            self._describe_highlighted(event.option.id)
        )

    @on(OptionList.OptionSelected, "#picker-list")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter (or a click) on a criterion cycles it, like space.
        event.stop()
        self.query_one(CriteriaList).action_cycle()

    def on_key(self, event: Key) -> None:
        search = self.query_one("#picker-search", Input)
        if event.key == "down" and search.has_focus:
            event.stop()
            self.screen.set_focus(self.query_one(CriteriaList))
