"""The path section: the plan from today as a Gantt that fits 80 columns, whose rows open their
criterion; a late plan says how late, what would make the date, and the earliest date."""

from __future__ import annotations

import datetime as dt
import re

from tests.tui.conftest import TODAY, open_section, replan, screen_text, settle


def chart_rows(app) -> list[str]:
    chart = app.screen.query_one("#path-gantt")
    return [str(chart.get_option_at_index(i).prompt) for i in range(chart.option_count)]


async def test_gantt_fits_80_columns_with_bars_from_start_to_finish(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4")
        path = app.state.path
        rows = chart_rows(app)
        assert len(rows) == len(path.items)
        assert all(len(row) <= 78 for row in rows)
        for row, item in zip(rows, path.items, strict=True):
            assert item.title[:10] in row
            assert ("█" if item.critical else "▒") in row  # the bar, critical or not
            assert "◆" in row  # its latest start (feasible here: never behind us)
            assert row.rstrip().endswith(f"{item.slack_days:+}d")
        # The first gaps start today: their bars begin in the chart's first cell.
        axis = str(app.screen.query_one("#path-axis").content).splitlines()
        today_col = axis[1].index("│")
        assert rows[0][today_col] == ("█" if path.items[0].critical else "▒")
        # Month labels never run together ("2027 FebMar" at 80 columns before).
        assert not re.search(r"[A-Za-z0-9]{3,4}[A-Z][a-z]{2}", axis[0])
        text = screen_text(app)
        assert "✓ feasible" in text and f"Start now {path.items[0].title[:20]}" in text


async def test_a_gap_row_opens_its_criterion(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4")
        third = app.state.path.items[2].criterion_id
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "CriteriaScreen"
        assert app.screen.highlighted_id() == third
        detail = str(app.screen.query_one("#criteria-detail-text").content)
        assert "last safe start" in detail


async def test_a_gap_hidden_by_a_filter_still_opens(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2", "o")  # only criteria that need an opportunity
        await open_section(pilot, "4")
        first = app.state.path.items[0]
        assert not first.needs_opportunity
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.highlighted_id() == first.criterion_id


async def test_infeasible_path_says_how_late_what_would_make_it_and_never_a_past_date(
    portfolio_path, make_test_app
):
    replan(portfolio_path, target_level="L5-ic", target_date=dt.date(2027, 2, 1))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "4")
        path = app.state.path
        assert not path.feasible
        text = screen_text(app)
        head = (
            f"✗ not feasible: {path.days_late} days late · earliest {path.earliest_promotion_date}"
        )
        assert head in text
        if path.capacity_needed is None:
            assert f"the critical chain alone takes {path.critical_path_days} days" in text
        else:
            assert f"{path.capacity_needed} at once would make it" in text
        rows = chart_rows(app)
        late = [row for row, item in zip(rows, path.items, strict=True) if item.slack_days < 0]
        assert late and all(re.search(r"-\d+d$", row.rstrip()) for row in late)
        behind = [
            row
            for row, item in zip(rows, path.items, strict=True)
            if item.latest_start < path.today
        ]
        assert behind and all("◂" in row for row in behind)
        if any(item.needs_opportunity for item in path.items):
            assert any(row.lstrip().startswith("⚑") for row in rows)
            assert "Ask manager now" in text
        shown = [dt.date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", text)]
        assert all(day >= TODAY for day in shown if day != path.target_date)


async def test_help_on_the_path_names_the_key_that_opens_a_gap(portfolio_path, make_test_app):
    from promo_planner.tui.screens.help import HelpScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Show the selected gap on the Criteria screen" in app.screen.text


async def test_a_plan_beyond_the_calendar_is_shown_not_waited_for(tmp_path, make_test_app):
    from promo_planner.cli import main
    from tests.core.big_ladder import ladder_text

    ladder = tmp_path / "absurd.yaml"
    ladder.write_text(ladder_text(300, "chain", effort=520))  # ~3,000 years in one chain
    db = tmp_path / "absurd.db"
    init = ["init", "--guideline", str(ladder), "--current", "L1", "--target", "L2"]
    assert (
        main(["--data", str(db), "--today", str(TODAY), *init, "--target-date", "2027-09-01"]) == 0
    )
    app = make_test_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.state is not None and app.state.path.beyond_calendar
        assert "Planning the path…" not in screen_text(app)
        assert "✗ not feasible: the plan runs past 9999-12-31" in screen_text(app)
        await pilot.press("4")
        await settle(pilot)
        assert "the plan runs past 9999-12-31" in screen_text(app)


async def test_the_header_names_the_deadline_for_what_it_is(portfolio_path, make_test_app):
    # The deadline is when the gaps must be closed (lead and sustain weeks before the target
    # date), not when the packet is due: the header says so, and the milestones name both.
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4")
        path = app.state.path
        header = str(app.screen.query_one("#path-summary").content)
        assert f"gaps closed by {path.deadline}" in header
        assert "packet" not in header
