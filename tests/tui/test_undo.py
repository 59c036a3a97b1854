"""ctrl+z takes back ratings, links, notes, evidence added, edited or deleted, from any section,
and the toast says what was undone, in the words of the change (issue 17)."""

from __future__ import annotations

from textual.widgets import Input

from promo_planner.core.store import Store
from tests.tui.conftest import open_section, record_toasts, settle


async def _undo(pilot) -> str:
    """Press ctrl+z; what the toast says."""
    said = record_toasts(pilot.app)
    await pilot.press("ctrl+z")
    await settle(pilot)
    return " | ".join(said)


async def test_ratings_are_undone_and_the_toast_names_the_criterion(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "2")
        cid = screen.highlighted_id()
        title = app.state.guideline.criterion_by_id[cid].title
        said = record_toasts(app)
        await pilot.press("plus")
        await settle(pilot)
        assert "ctrl+z undoes" in said[-1]  # the toast says how to take it back
        assert app.state.ratings_of(cid)["self"].value == "up"
        said = await _undo(pilot)
        assert "self" not in app.state.ratings_of(cid)
        assert f"Undone: rated yourself 👍 on “{title}”" in said, said
        # The manager's rating, from the dialog.
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("tab", "right", "enter")
        await settle(pilot)
        assert app.state.ratings_of(cid)["manager"].value == "down"
        await pilot.press("1")  # undo works from any section
        await settle(pilot)
        said = await _undo(pilot)
        assert "manager" not in app.state.ratings_of(cid)
        assert f"Undone: recorded your manager's 👎 on “{title}”" in said, said


async def test_links_and_unlinks_are_undone(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "2")
        cid = screen.highlighted_id()
        before = app.state.assessment.by_id[cid].evidence_ids
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("down", "enter")  # the first evidence not yet linked
        await settle(pilot)
        linked = app.state.assessment.by_id[cid].evidence_ids
        assert len(linked) == len(before) + 1
        said = await _undo(pilot)
        assert app.state.assessment.by_id[cid].evidence_ids == before
        assert "Undone: linked “" in said, said
        await pilot.press("u")  # unlink the one that was linked before
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.state.assessment.by_id[cid].evidence_ids) == len(before) - 1
        said = await _undo(pilot)
        assert app.state.assessment.by_id[cid].evidence_ids == before
        assert "Undone: unlinked “" in said, said


async def test_notes_added_and_removed_are_undone(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "5", "tab-notes")
        screen.query_one("#note-input", Input).focus()
        await pilot.press(*"Bring the latency graphs", "enter")
        await settle(pilot)
        assert len(app.state.notes) == 2
        await pilot.press("escape")  # leave the note box: ctrl+z is the app's again
        said = await _undo(pilot)
        assert len(app.state.notes) == 1
        assert "Undone: note added" in said, said  # the 1:1 says which note: see the report


async def test_deleted_added_and_edited_evidence_is_undone(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "3")
        first = screen.table.current
        await pilot.press("d", "y")
        await settle(pilot)
        assert app.state.evidence_count == 11
        said = await _undo(pilot)
        assert app.state.evidence_count == 12
        assert f"Undone: deleted “{first.title}”" in said, said
        await pilot.press("a", *"Paired on the flaky test", "ctrl+s")
        await settle(pilot)
        assert app.state.evidence_count == 13
        said = await _undo(pilot)
        assert app.state.evidence_count == 12
        assert "Undone: added “Paired on the flaky test”" in said, said
    with Store.open(portfolio_path) as store:
        assert first.id in {ev.id for ev in store.list_evidence()}
