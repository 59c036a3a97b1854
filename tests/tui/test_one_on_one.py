"""The 1:1 section: health check, answers, notes, report preview and export."""

from __future__ import annotations

import json

from textual.widgets import DataTable, Input, Markdown, Select, TabbedContent, TextArea

from promo_planner.core.store import Store
from tests.tui.conftest import settle


async def _open(pilot, tab: str | None = None):
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    if tab is not None:
        pilot.app.screen.query_one(TabbedContent).active = tab
        await settle(pilot)
    return pilot.app.screen


async def test_health_check_puts_disagreements_first(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        table = screen.query_one("#health-table", DataTable)
        first = table.get_row_at(0)
        assert first[1:4] == ["👍", "👎", "✗ disagree"]
        assert "runbook not adopted yet" in first[4]


async def test_answers_are_saved_with_ctrl_s(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-questions")
        lack = screen.query_one("#answer-lack", TextArea)
        assert lack.text == "Leading a cross-team project end to end."
        unclear = screen.query_one("#answer-unclear", TextArea)
        unclear.focus()
        await pilot.press(*"Impact of the CI work")
        assert "1 unsaved answer" in str(screen.query_one("#answers-status").content)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "All answers saved" in str(screen.query_one("#answers-status").content)
    with Store.open(portfolio_path) as store:
        assert store.answers()["unclear"] == "Impact of the CI work"
        assert store.answers()["lack"] == "Leading a cross-team project end to end."


async def test_notes_can_be_added(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-notes")
        screen.query_one("#note-input", Input).focus()
        await pilot.press(*"Bring the latency graphs", "enter")
        await settle(pilot)
        table = screen.query_one("#notes-table", DataTable)
        assert table.get_row_at(0)[1] == "Bring the latency graphs"


async def test_report_preview_and_export(portfolio_path, make_test_app, tmp_path):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-report")
        preview = screen.query_one("#report-preview", Markdown)
        assert "Readiness" in preview.source or "readiness" in preview.source
        screen.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        assert screen.query_one("#export-path", Input).value.endswith(".json")
        target = tmp_path / "for-my-manager.json"
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await settle(pilot)
        report = json.loads(target.read_text())
        assert str(report["readiness"]) == str(app.state.assessment.readiness)
        # Recorded as the last report, like `report -o`: the dashboard trend now starts there.
        assert app.state.last_report.path == str(target.resolve())
        assert app.state.last_report.format == "json"


async def test_export_to_a_missing_folder_says_so(portfolio_path, make_test_app, tmp_path):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-report")
        reports_before = len(app.state.reports)
        screen.query_one("#export-path", Input).value = str(tmp_path / "nope" / "r.md")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "does not exist" in str(screen.query_one("#export-status").content)
        assert len(app.state.reports) == reports_before
