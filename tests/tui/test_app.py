"""The shell: sections, help, palette, and writes from another process showing up."""

from __future__ import annotations

import datetime as dt

from promo_planner.core.records import EvidenceDraft
from promo_planner.core.store import Store
from tests.tui.conftest import TODAY, screen_text, settle


async def test_opens_on_the_dashboard_with_readiness(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current_mode == "dashboard"
        text = screen_text(app)
        assert "Readiness" in text
        assert f"{app.state.assessment.readiness}% of 90%" in text


async def test_number_keys_switch_sections(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, mode in (
            ("2", "criteria"),
            ("4", "path"),
            ("5", "one_on_one"),
            ("1", "dashboard"),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode


async def test_help_lists_the_keys_of_the_section_and_the_app(portfolio_path, make_test_app):
    from promo_planner.tui.screens.help import HelpScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Link existing evidence" in screen_text(app)  # the criteria section's own key
        text = app.screen.text  # all of it, scrolled or not
        assert "Quit the app" in text and "Change the plan" in text  # app keys
        assert "Rate yourself 👍" in text
        # `a` is listed once, saying what it does here (evidence for the highlighted criterion).
        assert text.count("Record new evidence") == 1 and "for the highlighted criterion" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_the_section_actions(portfolio_path, make_test_app):
    from promo_planner.tui.commands import PlannerCommands

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        provider = PlannerCommands(app.screen)
        names = [hit.text for hit in [h async for h in provider.discover()]]
        assert "Link" in names and "Add evidence" in names and "Criteria" in names
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        await pilot.press(*"unlink")
        await pilot.pause(0.5)
        assert "Unlink evidence · key u" in screen_text(app)


async def test_a_write_from_another_process_appears(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = app.state.evidence_count
        with Store.open(portfolio_path, create=True) as other:
            other.add_evidence(
                EvidenceDraft(title="Written from the CLI", date=TODAY - dt.timedelta(days=1))
            )
        await pilot.pause(2.2)  # the app polls the data version about once a second
        await settle(pilot)
        assert app.state.evidence_count == before + 1
        assert "Written from the CLI" in screen_text(app)


async def test_add_evidence_opens_the_form_with_the_title_focused(portfolio_path, make_test_app):
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceForm)
        assert app.focused is not None and app.focused.id == "ev-title"


async def test_help_offers_the_filter_key_only_where_there_is_a_filter(
    portfolio_path, make_test_app
):
    from promo_planner.tui.screens.help import HelpScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for section, has_filter in (("2", True), ("4", False)):
            await pilot.press(section)
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            assert ("Filter" in app.screen.text) is has_filter, app.screen.text
            await pilot.press("escape")
            await settle(pilot)
