"""What each section looks like at 80×24 and 120×40, on the fixed fixture portfolio.

Regenerate after a deliberate change with ``pytest tests/tui/test_snapshots_shell.py
--snapshot-update``, and look at the SVGs before committing them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.tui.conftest import SIZES, replan, settle, wait_until


def _visit(*keys: str, tab: str | None = None):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if tab is not None:
            from textual.widgets import TabbedContent

            pilot.app.screen.query_one(TabbedContent).active = tab
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_setup(snap_compare, empty_path, make_test_app, size):
    assert snap_compare(make_test_app(empty_path), terminal_size=size, run_before=_visit())


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, portfolio_path, make_test_app, size):
    assert snap_compare(make_test_app(portfolio_path), terminal_size=size, run_before=_visit())


@pytest.mark.parametrize("size", SIZES)
def test_criteria(snap_compare, portfolio_path, make_test_app, size):
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("2"))


@pytest.mark.parametrize("size", SIZES)
def test_path(snap_compare, portfolio_path, make_test_app, size):
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("4"))


@pytest.mark.parametrize("size", SIZES)
def test_path_infeasible(snap_compare, portfolio_path, make_test_app, size):
    # A date the plan cannot make: how late, the earliest date, overdue asks in the warning colour.
    replan(portfolio_path, target_level="L5-ic", target_date=dt.date(2027, 2, 1))
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("4"))


@pytest.mark.parametrize("size", SIZES)
def test_one_on_one(snap_compare, portfolio_path, make_test_app, size):
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("5"))


@pytest.mark.parametrize("size", SIZES)
def test_one_on_one_health(snap_compare, portfolio_path, make_test_app, size):
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("5", tab="tab-health"))


@pytest.mark.parametrize("size", SIZES)
def test_one_on_one_form(snap_compare, portfolio_path, make_test_app, size, monkeypatch):
    monkeypatch.setenv("PROMO_PLANNER_EXPORTS", "/home/ada/Documents")  # the same everywhere
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("5", tab="tab-form"))


@pytest.mark.parametrize("size", SIZES)
def test_one_on_one_questions(snap_compare, portfolio_path, make_test_app, size):
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("5", tab="tab-questions"))


@pytest.mark.parametrize("size", SIZES)
def test_one_on_one_report(snap_compare, portfolio_path, make_test_app, size, monkeypatch):
    monkeypatch.setenv("PROMO_PLANNER_EXPORTS", "/home/ada/Documents")  # the same everywhere
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("5", tab="tab-report"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, portfolio_path, make_test_app, size):
    app = make_test_app(portfolio_path)
    assert snap_compare(app, terminal_size=size, run_before=_visit("2", "question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_inbox(snap_compare, portfolio_path, make_test_app, size):
    from tests.tui.test_inbox import _with_candidates

    _with_candidates(portfolio_path)
    app = make_test_app(portfolio_path)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("6")
        screen = pilot.app.screen
        await wait_until(pilot, lambda: len(screen.suggestions) == 2)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
