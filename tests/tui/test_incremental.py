"""The app's own writes move the snapshot on without reading the portfolio again, and what it
then shows is exactly what a fresh read would show; a change another terminal made in between
is never lost (the app reads everything again then)."""

from __future__ import annotations

import dataclasses

from textual.widgets import DataTable, Input

from promo_planner.core.snapshot import Snapshot, read_snapshot
from promo_planner.core.store import Store
from tests.tui.conftest import TODAY, open_section, settle
from tests.tui.test_races import before_the_poll, cli

# What a screen reads from a snapshot; ``data_version`` is the connection's, not the data's.
COMPARED = [f.name for f in dataclasses.fields(Snapshot) if f.name != "data_version"]


def count_full_reads(app, monkeypatch) -> list[int]:
    """Record each full read of the portfolio the app makes from now on."""
    import promo_planner.tui.app as app_module

    reads: list[int] = []
    real = app_module.read_snapshot

    def counting(*args, **kwargs):
        reads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "read_snapshot", counting)
    return reads


def assert_as_read(app) -> None:
    """The app's snapshot equals a fresh read of its portfolio, field by field, and so do the
    numbers computed from it."""
    with Store.open(app.data_path) as store:
        fresh = read_snapshot(store, TODAY)
    shown = app.state
    assert shown is not None and fresh is not None
    for name in COMPARED:
        assert getattr(shown, name) == getattr(fresh, name), name
    assert shown.assessment == fresh.assessment
    assert shown.path == fresh.path


async def test_ratings_links_notes_and_answers_need_no_full_read(
    portfolio_path, make_test_app, monkeypatch
):
    from promo_planner.tui.dialogs.pick_evidence import PickEvidence

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "2")
        reads = count_full_reads(app, monkeypatch)
        table = screen.query_one("#criteria-table", DataTable)
        table.move_cursor(row=table.get_row_index("craft.hard-problems"))
        before = app.state.assessment.by_id["craft.hard-problems"]
        await pilot.press("plus")
        await settle(pilot)
        assert app.state.ratings_of("craft.hard-problems")["self"].value == "up"
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickEvidence)
        await pilot.press("down", "enter")
        await settle(pilot)
        after = app.state.assessment.by_id["craft.hard-problems"]
        assert len(after.evidence_ids) == len(before.evidence_ids) + 1
        assert_as_read(app)

        one_on_one = await open_section(pilot, "5", "tab-notes")
        note = one_on_one.query_one("#note-input", Input)
        note.focus()
        await pilot.press(*"Ask about the platform migration", "enter")
        await settle(pilot)
        assert app.state.notes[-1].text == "Ask about the platform migration"
        assert_as_read(app)
        assert reads == []  # every change above was worked out, not read again


async def test_evidence_added_edited_and_deleted_need_no_full_read(
    portfolio_path, make_test_app, monkeypatch
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_section(pilot, "1")
        reads = count_full_reads(app, monkeypatch)
        count = app.state.evidence_count
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Led the payments incident review", "ctrl+s")
        await settle(pilot)
        assert app.state.evidence_count == count + 1
        assert app.state.recent[0].title == "Led the payments incident review"
        assert_as_read(app)
        await pilot.press("ctrl+z")  # the add taken back (an undo reads everything again)
        await settle(pilot)
        assert app.state.evidence_count == count
        assert_as_read(app)
        assert len(reads) == 1


async def test_a_change_from_another_terminal_is_never_lost(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "2")
        count = app.state.evidence_count
        # Another terminal adds evidence; before the app's next poll, a 👍 in the app.
        before_the_poll(app)
        assert cli(portfolio_path, "evidence", "add", "Paired on the ledger fix") == 0
        table = screen.query_one("#criteria-table", DataTable)
        table.move_cursor(row=table.get_row_index("craft.hard-problems"))
        await pilot.press("plus")
        await settle(pilot)
        # The app saw that someone else had written and read everything: both changes show.
        assert app.state.evidence_count == count + 1
        assert app.state.ratings_of("craft.hard-problems")["self"].value == "up"
        assert_as_read(app)


async def test_quick_changes_in_a_row_end_as_a_fresh_read_shows_them(portfolio_path, make_test_app):
    """Four ratings typed at once: each builds on the one before, none is lost or undone."""
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "2")
        table = screen.query_one("#criteria-table", DataTable)
        table.move_cursor(row=table.get_row_index("craft.hard-problems"))
        await pilot.press("plus", "minus", "plus", "minus")
        await settle(pilot)
        assert app.state.ratings_of("craft.hard-problems")["self"].value == "down"
        assert_as_read(app)


async def test_a_rating_redraws_its_row_and_the_table_stays_as_a_fresh_fill_draws_it(
    portfolio_path, make_test_app
):
    from promo_planner.tui.screens.criteria import CriteriaScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "2")
        table = screen.query_one("#criteria-table", DataTable)
        table.move_cursor(row=table.get_row_index("craft.hard-problems"))
        await pilot.press("plus")
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("down", "enter")  # the manager's 👎 (the dialog's second button)
        await settle(pilot)
        updated = [table.get_row_at(i) for i in range(table.row_count)]
        assert "👍" in updated[table.get_row_index("craft.hard-problems")][-1]
        # What a section drawn from scratch shows for the same snapshot: the same cells.
        fresh = CriteriaScreen()
        await app.push_screen(fresh)
        await settle(pilot)
        fresh_table = fresh.query_one("#criteria-table", DataTable)
        assert [fresh_table.get_row_at(i) for i in range(fresh_table.row_count)] == updated
