"""The command palette holds every action of every section, wherever it is opened (issue 17)."""

from __future__ import annotations

import importlib

from promo_planner.tui.sections import SECTIONS
from tests.tui.conftest import keys_at_once, open_section, screen_text, settle


async def _palette_names(app) -> list[str]:
    from promo_planner.tui.commands import PlannerCommands

    provider = PlannerCommands(app.screen)
    return [str(hit.text) for hit in [h async for h in provider.discover()]]


async def test_the_palette_on_the_dashboard_holds_every_sections_actions(
    portfolio_path, make_test_app
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        names = " | ".join(await _palette_names(app))
        for _, (_, label, target) in SECTIONS.items():
            module, name = target.split(":")
            screen_class = getattr(importlib.import_module(module), name)
            for binding in screen_class.BINDINGS:
                if binding.id:
                    assert binding.description in names, (label, binding.id, names)
        for binding in app.BINDINGS:
            if binding.id and binding.id not in {"quit", "leave_field"}:
                assert binding.description in names, (binding.id, names)


async def test_export_and_undo_are_found_from_the_dashboard(
    portfolio_path, make_test_app, tmp_path, monkeypatch
):
    monkeypatch.setenv("PROMO_PLANNER_EXPORTS", str(tmp_path))  # where the 1:1 exports to
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for query in ("undo", "export"):
            await pilot.press("ctrl+p")
            await settle(pilot)
            keys_at_once(app, *query)
            await pilot.pause(0.5)
            found = screen_text(app)
            assert query in found.lower().replace(query, query, 1), found
            assert {"undo": "Undo", "export": "Export report"}[query] in found, found
            await pilot.press("escape", "escape")
            await settle(pilot)
        # Running "Export report" from the dashboard opens the 1:1's report tab and exports.
        await pilot.press("ctrl+p")
        await settle(pilot)
        keys_at_once(app, *"export report", "enter")
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        assert app.current_mode == "one_on_one"
        assert list(tmp_path.glob("promo-report-*.md")), screen_text(app)


async def test_help_says_the_palette_holds_every_section_s_actions(portfolio_path, make_test_app):
    from promo_planner.tui.screens.help import HelpScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "1")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "every action of every section" in app.screen.text
