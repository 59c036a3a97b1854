"""Nothing typed is lost: quitting with an unsaved answer, note or form asks first."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tests.tui.conftest import open_section, settle


async def test_quitting_with_an_unsaved_answer_asks_and_staying_keeps_it(
    portfolio_path, make_test_app
):
    from promo_planner.tui.dialogs.confirm import ConfirmDialog

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "5", "tab-questions")
        area = screen.query_one("#answer-unclear", TextArea)
        area.focus()
        await pilot.press(*"what counts as cross-team")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "1 unsaved answer" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.return_code is None
        assert area.text == "what counts as cross-team"
        await pilot.press("ctrl+s")  # saved: now quitting asks nothing
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_quitting_with_a_note_not_yet_added_asks(portfolio_path, make_test_app):
    from promo_planner.tui.dialogs.confirm import ConfirmDialog

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "5", "tab-notes")
        screen.query_one("#note-input", Input).focus()
        await pilot.press(*"ask about the Q1 migration")
        await pilot.press("1")  # typing: not a section key
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "a note not yet added" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quitting_from_a_half_typed_evidence_form_asks(portfolio_path, make_test_app):
    from promo_planner.tui.dialogs.confirm import ConfirmDialog
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceForm)
        await pilot.press(*"Led the")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "the new evidence being typed" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceForm)
