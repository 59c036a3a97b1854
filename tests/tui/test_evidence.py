"""The evidence section as a user drives it: add, validate, edit, delete and undo, link with a
strength, filter, a very large portfolio, and leaving a form with typed text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from promo_planner.core.errors import InputError
from promo_planner.core.records import CriterionLink, Evidence
from promo_planner.core.store import Store
from promo_planner.tui.app import PromoPlannerApp
from promo_planner.tui.dialogs.confirm import ConfirmDialog
from promo_planner.tui.dialogs.evidence_form import EvidenceForm
from promo_planner.tui.screens.evidence import EvidenceScreen
from promo_planner.tui.widgets.criteria_picker import CriteriaList, CriteriaPicker
from promo_planner.tui.widgets.evidence_table import EvidenceTable
from tests.tui.conftest import TODAY, wait_until

MakeApp = Callable[[Path], PromoPlannerApp]
LINK = "https://example.com/pr/1?q=[b]$x"


async def open_evidence(pilot: Pilot[None]) -> EvidenceScreen:
    """Wait for the portfolio, then press 3 as a user would."""
    app = pilot.app
    assert isinstance(app, PromoPlannerApp)
    await wait_until(pilot, lambda: app.state is not None)
    await pilot.press("3")
    await wait_until(pilot, lambda: isinstance(app.screen, EvidenceScreen))
    screen = app.screen
    assert isinstance(screen, EvidenceScreen)
    await pilot.pause()
    return screen


async def open_form(pilot: Pilot[None], key: str = "a") -> EvidenceForm:
    """Press ``key`` (a: add, e: edit the highlighted item) and wait for the evidence form."""
    app = pilot.app
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, EvidenceForm))
    form = app.screen
    assert isinstance(form, EvidenceForm)
    return form


def table_lines(screen: EvidenceScreen) -> list[str]:
    """The table as drawn: header then the visible rows."""
    table = screen.query_one(EvidenceTable)
    return [table.render_line(y).text for y in range(table.size.height)]


def stored(path: Path) -> list[Evidence]:
    with Store.open(path, create=True) as store:
        return store.list_evidence()


async def test_add_from_the_evidence_screen(portfolio_path: Path, make_test_app: MakeApp) -> None:
    before = len(stored(portfolio_path))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence(pilot)
        await open_form(pilot)
        assert app.focused is not None and app.focused.id == "ev-title"
        await pilot.press(*"Led the X migration")
        app.screen.query_one("#ev-links").focus()
        await pilot.press(*LINK)  # brackets and dollars: the user's text, never markup
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        # Dated today, it is the newest: first row, under the cursor, in the detail pane.
        assert "Led the X migration" in table_lines(screen)[1]
        current = screen.query_one(EvidenceTable).current
        assert current is not None and current.title == "Led the X migration"
        detail = str(screen.query_one("#evidence-detail-text").render())
        assert "Led the X migration" in detail and LINK in detail
    after = stored(portfolio_path)
    assert len(after) == before + 1
    assert after[0].title == "Led the X migration" and after[0].date == TODAY
    assert after[0].links == (LINK,)


async def test_bad_date_keeps_what_was_typed(portfolio_path: Path, make_test_app: MakeApp) -> None:
    before = len(stored(portfolio_path))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evidence(pilot)
        form = await open_form(pilot)
        await pilot.press(*"Ran the game day", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *"2026-02-30", "ctrl+s")
        await pilot.pause()
        assert app.screen is form, "a bad date must not close the form"
        assert form.query_one("#ev-title", Input).value == "Ran the game day"
        assert form.query_one("#ev-date", Input).value == "2026-02-30"
        message = str(form.query_one("#error-date").render())
        assert "not a real date" in message
        assert form.query_one("#error-date").display
        # Fixing the date clears the message as it is typed, and the save goes through.
        await pilot.press("backspace", "backspace", *"28")
        await pilot.pause()
        assert not form.query_one("#error-date").display
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is not form)
    added = stored(portfolio_path)
    assert len(added) == before + 1
    assert any(e.title == "Ran the game day" and e.date == dt.date(2026, 2, 28) for e in added)


async def test_empty_title_is_refused(portfolio_path: Path, make_test_app: MakeApp) -> None:
    before = len(stored(portfolio_path))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evidence(pilot)
        form = await open_form(pilot)
        await pilot.press("tab", *"   ")  # something typed, but no title
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "must not be empty" in str(form.query_one("#error-title").render())
        assert app.focused is form.query_one("#ev-title")
    assert len(stored(portfolio_path)) == before


async def test_bad_link_is_named_with_its_line(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evidence(pilot)
        form = await open_form(pilot)
        await pilot.press(*"Wrote the design doc")
        form.query_one("#ev-links").focus()
        await pilot.press(*"https://example.com/doc", "enter", *"github.com/x/y")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        message = str(form.query_one("#error-links").render())
        assert "line 2" in message and "https://" in message


async def test_edit_changes_the_stored_evidence(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    newest = stored(portfolio_path)[0]
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence(pilot)
        form = await open_form(pilot, "e")
        assert form.query_one("#ev-title", Input).value == newest.title
        await pilot.press("end", *" for good")
        form.query_one("#ev-tags").focus()
        await pilot.press(*"quality, ci")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        detail = str(screen.query_one("#evidence-detail-text").render())
        assert "for good" in detail and "#quality · #ci" in detail
        assert "#qual" in table_lines(screen)[1]
    with Store.open(portfolio_path, create=True) as store:
        edited = store.evidence(newest.id)
    assert edited.title == newest.title + " for good"
    assert edited.tags == ("quality", "ci")
    assert edited.criteria == newest.criteria, "links survive an edit that did not touch them"


async def test_delete_asks_and_undo_restores_the_same_id_and_links(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence(pilot)
        table = screen.query_one(EvidenceTable)
        await pilot.press("down")
        victim = table.current
        assert victim is not None and victim.criteria

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # changed my mind
        await wait_until(pilot, lambda: app.screen is screen)
        assert app.store.evidence(victim.id) == victim

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        with pytest.raises(InputError):
            app.store.evidence(victim.id)
        assert all(victim.title[:20] not in line for line in table_lines(screen))
        assert all(evidence_id != victim.id for evidence_id, _, _ in app.store.links())

        await pilot.press("u")
        await pilot.pause()
        restored = app.store.evidence(victim.id)
        assert restored == victim
        assert table.current is not None and table.current.id == victim.id
        assert victim.title[:20] in table_lines(screen)[2]


async def test_link_a_criterion_as_partial_with_the_picker(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evidence(pilot)
        assert app.state is not None
        criterion = app.state.assessment.gaps[0].criterion
        form = await open_form(pilot)
        await pilot.press(*"Paired on the schema design")
        form.query_one("#picker-search").focus()
        await pilot.press(*criterion.id, "down")
        assert isinstance(app.focused, CriteriaList)
        assert app.focused.highlighted_option is not None
        assert app.focused.highlighted_option.id == criterion.id
        await pilot.press("space", "space")  # none → full → partial
        picker = form.query_one(CriteriaPicker)
        assert picker.chosen == (CriterionLink(criterion.id, "partial"),)
        assert "(partial)" in str(form.query_one("#picker-chosen").render())
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, EvidenceForm))
    saved = next(e for e in stored(portfolio_path) if e.title == "Paired on the schema design")
    assert saved.criteria == (CriterionLink(criterion.id, "partial"),)


async def test_picker_keys_f_and_p_toggle(portfolio_path: Path, make_test_app: MakeApp) -> None:
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_evidence(pilot)
        form = await open_form(pilot)
        option_list = form.query_one(CriteriaList)
        option_list.focus()
        await pilot.pause()
        first = option_list.highlighted_option
        assert first is not None and first.id is not None
        picker = form.query_one(CriteriaPicker)
        await pilot.press("f")
        assert picker.chosen == (CriterionLink(first.id, "full"),)
        await pilot.press("p")
        assert picker.chosen == (CriterionLink(first.id, "partial"),)
        await pilot.press("p")
        assert picker.chosen == ()


async def test_filter_narrows_as_you_type(portfolio_path: Path, make_test_app: MakeApp) -> None:
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence(pilot)
        table = screen.query_one(EvidenceTable)
        assert table.row_count == 12
        await pilot.press("slash")
        assert app.focused is screen.query_one("#evidence-filter")
        await pilot.press(*"postgres")
        await wait_until(pilot, lambda: table.row_count == 1)
        lines = table_lines(screen)
        assert "Led the Postgres 16 upgrade" in lines[1]
        assert lines[2].strip() == ""
        assert "1 of 12" in str(screen.query_one("#evidence-count").render())
        await pilot.press("escape")  # clears the filter and returns to the table
        await wait_until(pilot, lambda: table.row_count == 12)
        assert app.focused is table


async def test_ten_thousand_items_open_and_scroll_without_a_widget_per_row(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    with Store.open(portfolio_path, create=True) as store:
        content = store.content()
        template = content.evidence[0]
        many = tuple(
            replace(
                template,
                id=n,
                title=f"Item {n:05d}",
                date=TODAY - dt.timedelta(days=n),
                description="",
            )
            for n in range(1, 10_001)
        )
        store.replace_content(replace(content, evidence=many))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence(pilot)
        table = screen.query_one(EvidenceTable)
        assert table.row_count == 10_000
        assert "Item 00001" in table_lines(screen)[1]
        widgets_before = len(list(app.screen.walk_children()))
        await pilot.press("end")
        await pilot.pause()
        oldest = table.current
        assert oldest is not None and oldest.title == "Item 10000"
        assert "Item 10000" in table_lines(screen)[-1]
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        # Never a widget per item, and only a few pages of items held in memory.
        assert len(list(app.screen.walk_children())) == widgets_before < 40
        assert table.cached_rows <= 600
        assert "10,000 items" in str(screen.query_one("#evidence-count").render())


async def test_escape_with_typed_text_asks_before_discarding(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    before = len(stored(portfolio_path))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence(pilot)
        # Nothing typed: escape leaves the title, a second escape closes.
        await open_form(pilot)
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: app.screen is screen)

        form = await open_form(pilot)
        title = form.query_one("#ev-title", Input)
        await pilot.press(*"Half a thought")
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # keep typing, where the typing was
        await wait_until(pilot, lambda: app.screen is form and app.focused is title)
        assert title.value == "Half a thought"
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
    assert len(stored(portfolio_path)) == before


async def test_palette_offers_the_evidence_actions(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    from textual.command import CommandPalette

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence(pilot)
        victim = screen.query_one(EvidenceTable).current
        assert victim is not None
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Delete")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        with pytest.raises(InputError):
            app.store.evidence(victim.id)


async def test_evidence_written_elsewhere_appears_and_the_cursor_stays(
    portfolio_path: Path, make_test_app: MakeApp
) -> None:
    from promo_planner.core.records import EvidenceDraft

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_evidence(pilot)
        table = screen.query_one(EvidenceTable)
        await pilot.press("down", "down")
        watched = table.current
        assert watched is not None
        # The CLI in a second terminal: its own connection, its own commit.
        with Store.open(portfolio_path, create=True) as other:
            other.add_evidence(EvidenceDraft(title="Added from the CLI", date=TODAY))
        await wait_until(pilot, lambda: table.row_count == 13)
        assert "Added from the CLI" in table_lines(screen)[1]
        assert table.current is not None and table.current.id == watched.id
