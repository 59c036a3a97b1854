"""What keeps the app quick on a large portfolio, held as behaviour: the report preview is one
widget however long the report, and full garbage collections wait for a quiet moment."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from promo_planner.core.records import CriterionLink, EvidenceDraft
from promo_planner.core.store import Store
from promo_planner.tui.widgets.document_view import DocumentView
from tests.tui.conftest import TODAY, open_section, settle, wait_until


async def test_a_long_report_preview_is_one_widget(portfolio_path, make_test_app):
    with Store.open(portfolio_path) as store:
        for n in range(300):
            store.add_evidence(
                EvidenceDraft(
                    f"Shipped change {n}",
                    TODAY - dt.timedelta(days=n % 20),
                    criteria=(CriterionLink("craft.hard-problems", "full"),),
                ),
                today=TODAY,
            )
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "5", "tab-report")
        await settle(pilot)
        preview = screen.query_one("#report-preview", DocumentView)
        assert preview.source.count("Shipped change") > 200  # the report lists them
        # ... drawn from lines, not a widget per paragraph (the Markdown widget made hundreds).
        assert len(list(screen.walk_children())) < 150
        assert preview.virtual_size.height > 300  # and it scrolls through all of it
        preview.focus()
        await pilot.press("end")
        await pilot.pause()
        assert preview.scroll_offset.y > 0


async def test_the_preview_is_wrapped_again_for_a_new_width(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_section(pilot, "5", "tab-report")
        await settle(pilot)
        preview = screen.query_one("#report-preview", DocumentView)
        wide = preview.rendered_width
        await pilot.resize_terminal(80, 30)
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert preview.rendered_width == preview.text_width < wide


@pytest.fixture
def launcher_collection():
    """The garbage collector as the launcher sets it; put back afterwards."""
    from promo_planner import tui

    threshold = gc.get_threshold()
    enabled = gc.isenabled()
    tui.pause_collection()
    yield tui
    tui._quiet_only = False  # the module's own switch, reset for other tests
    gc.set_threshold(*threshold)
    if enabled:
        gc.enable()


def test_full_collections_wait_for_a_quiet_moment(launcher_collection):
    tui = launcher_collection
    tui.resume_collection()
    assert gc.isenabled()
    assert gc.get_threshold()[2] == tui.FULL_COLLECTION_AT  # never by itself

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle only a collection frees
    gc.collect(1)  # the young generations: as usual
    del a, b
    found_before = sum(type(o) is Node for o in gc.get_objects())
    tui.collect_when_quiet()
    found_after = sum(type(o) is Node for o in gc.get_objects())
    assert found_before == 2 and found_after == 0


def count_cell_draws(monkeypatch) -> list[int]:
    """How many table cells are drawn (not taken from the table's cache) from now on."""
    from textual.widgets import DataTable

    drawn = [0]
    original = DataTable._render_cell

    def render_cell(self, *args, **kwargs):
        before = len(self._cell_render_cache)
        result = original(self, *args, **kwargs)
        drawn[0] += len(self._cell_render_cache) != before
        return result

    monkeypatch.setattr(DataTable, "_render_cell", render_cell)
    return drawn


def row_text(table, key: str) -> str:
    """The row's line as drawn on screen."""
    y = table.header_height + table.get_row_index(key) - round(table.scroll_y)
    return table.render_line(y).text


async def test_a_rating_draws_its_row_again_and_no_other(
    portfolio_path, make_test_app, monkeypatch
):
    from promo_planner.tui.widgets.row_table import RowTable

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_section(pilot, "2")
        table = screen.query_one("#criteria-table", RowTable)
        table.move_cursor(row=table.get_row_index("craft.hard-problems"))
        await settle(pilot)
        neighbour = table.coordinate_to_cell_key((table.cursor_row + 1, 0)).row_key.value
        # The spare evidence form built first: its style sheet, read once, styles every
        # widget again (a one-off, which under load fell inside the counted rating).
        await wait_until(pilot, lambda: app.spare_form is not None)
        await settle(pilot)
        assert "👍" not in row_text(table, "craft.hard-problems")
        before = row_text(table, neighbour)
        drawn = count_cell_draws(monkeypatch)
        await pilot.press("plus")
        await settle(pilot)
        assert "👍" in row_text(table, "craft.hard-problems")
        assert row_text(table, neighbour) == before
        # The rated row's five cells, each drawn at most with and without the cursor.
        assert 0 < drawn[0] <= 10


async def test_a_section_shown_again_keeps_its_drawing_unless_the_theme_changed(
    portfolio_path, make_test_app, monkeypatch
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_section(pilot, "2")
        table = screen.query_one("#criteria-table")
        dark = table.styles.background
        # Textual styles a screen again the first time it comes back (it has not yet noted
        # the stylesheet version it was styled with).
        await open_section(pilot, "1")
        await open_section(pilot, "2")
        drawn = count_cell_draws(monkeypatch)
        await open_section(pilot, "1")
        await open_section(pilot, "2")
        assert drawn[0] == 0  # nothing it shows changed: the cells drawn before are kept
        await open_section(pilot, "1")
        app.theme = "textual-light"
        await open_section(pilot, "2")
        assert table.styles.background != dark  # styled again for the new theme
        assert drawn[0] > 0  # and drawn again in it


async def test_the_footer_is_rebuilt_only_when_its_keys_change(portfolio_path, make_test_app):
    from textual.widgets import Input

    from promo_planner.tui.widgets.footer import Footer

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_section(pilot, "2")
        footer = screen.query_one(Footer)
        keys = list(footer.children)
        screen.refresh_bindings()
        app.state = app.state  # a new snapshot shown: the screen says its keys may have changed
        await settle(pilot)
        assert list(footer.children) == keys  # the same widgets: nothing was rebuilt
        screen.query_one("#criteria-search", Input).focus()  # typing: letter keys leave it
        await settle(pilot)
        assert list(footer.children) != keys
        assert len(footer.children) < len(keys)


async def test_a_spare_form_dropped_while_it_mounts_leaves_the_keys_alive(
    portfolio_path, make_test_app
):
    # Textual waits in the app's own queue for a pushed screen to mount; a spare form removed
    # before it had mounted never did, and every key after it waited forever.
    import asyncio

    from promo_planner.tui.screens.criteria import CriteriaScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "1")
        app._drop_spare_form()
        app._last_input = 0.0  # no keys lately: the spare is built at once
        app._build_spare_form()
        app._drop_spare_form()  # before it has mounted
        await asyncio.wait_for(pilot.press("2"), timeout=10)
        await asyncio.wait_for(settle(pilot), timeout=10)
        assert isinstance(app.screen, CriteriaScreen)
        await asyncio.wait_for(pilot.pause(1.2), timeout=10)  # the poll removes it, mounted
        assert not app._unmounted_spares


async def test_a_section_shown_while_a_batch_is_open_is_drawn_when_it_closes(
    portfolio_path, make_test_app
):
    # A footer rebuilding its keys (the spare evidence form's, built after ``a`` and ``esc``)
    # holds repaints in a batch; a section switched to meanwhile was left undrawn until the
    # next key, so ``2`` seemed unanswered. Plain sleeps here: Pilot's pauses poke the screen.
    import asyncio

    from promo_planner.tui.screens.criteria import CriteriaScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "2")
        await open_section(pilot, "1")

        async def rebuilding_a_footer() -> None:
            with app.batch_update():
                await asyncio.sleep(0.2)  # longer than switch_mode's own 50 ms batch

        held = asyncio.create_task(rebuilding_a_footer())
        await asyncio.sleep(0.01)
        await app.action_section("criteria")
        await held
        await asyncio.sleep(0.3)
        screen = app.screen
        assert isinstance(screen, CriteriaScreen)
        waiting = screen._repaint_required or screen._layout_required or screen._dirty_widgets
        assert not waiting, "the section shown is still waiting to be drawn"
