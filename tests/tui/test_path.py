"""The path section: a Gantt that fits 80 columns, the critical chain and asks marked."""

from __future__ import annotations

import datetime as dt

from tests.tui.conftest import replan, screen_text, settle


async def test_gantt_fits_and_marks_the_critical_chain(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        path = app.state.path
        chart = str(app.screen.query_one("#path-gantt").content).splitlines()
        assert all(len(line) <= 78 for line in chart)
        rows = [line for line in chart if "█" in line or "▒" in line][: len(path.items)]
        assert len(rows) == len(path.items)
        critical_rows = [line for line in rows if line.startswith("◆")]
        assert len(critical_rows) == sum(item.critical for item in path.items) > 0
        text = screen_text(app)
        assert "✓ feasible" in text and "Milestones" in text


async def test_infeasible_path_shows_earliest_date_and_asks(portfolio_path, make_test_app):
    replan(portfolio_path, target_level="L5-ic", target_date=dt.date(2027, 2, 1))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        path = app.state.path
        assert not path.feasible
        text = screen_text(app)
        assert f"earliest feasible date {path.earliest_promotion_date}" in text
        chart = str(app.screen.query_one("#path-gantt").content)
        if any(item.needs_opportunity for item in path.items):
            assert "⚑" in chart.split("█ critical chain")[0]
        assert "Why this path" in text
