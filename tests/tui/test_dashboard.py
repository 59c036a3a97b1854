"""The dashboard: the core number as `gaps` reports it, its trend, areas, what next."""

from __future__ import annotations

from tests.tui.conftest import replan, screen_text, settle


async def test_readiness_threshold_and_trend(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        readiness = app.state.assessment.readiness
        text = screen_text(app)
        assert f"{readiness}% of 90% needed · not ready" in text
        assert "Areas (each needs 50%)" in text
        # The fixture's last check-in stood at 50.0%.
        assert f"▲ +{readiness - 50:.1f} since last check-in" in text
        assert "on 2026-10-22 · trend" in text


async def test_areas_next_and_recent(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for area in app.state.assessment.areas():
            assert f"{area.readiness}%" in text
        assert "Next milestone" in text
        path = app.state.path
        verdict = "✓ feasible" if path.feasible else "✗ not feasible"
        assert f"{path.target_date} {verdict}" in text
        assert "Recent evidence (12)" in text
        assert "Fixed the flaky checkout test suite" in text


async def test_infeasible_date_shows_the_earliest(portfolio_path, make_test_app):
    import datetime as dt

    replan(portfolio_path, target_date=dt.date(2027, 1, 15))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        path = app.state.path
        assert not path.feasible
        text = screen_text(app)
        late = f"2027-01-15 ✗ {path.days_late} days late · earliest {path.earliest_promotion_date}"
        assert late in text


async def test_readiness_shows_while_the_path_is_still_being_planned(
    portfolio_path, make_test_app, monkeypatch
):
    import threading

    import promo_planner.core.planner as planner_module

    planned = threading.Event()
    plan = planner_module.build_path

    def slow_plan(*args):
        planned.wait(timeout=30)
        return plan(*args)

    monkeypatch.setattr(planner_module, "build_path", slow_plan)
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reading = app.reading
        text = screen_text(app)
        assert app.state is None
        assert f"{reading.assessment.readiness}% of 90% needed · not ready" in text
        assert "Recent evidence (12)" in text
        assert "Planning the path…" in text
        assert "Next milestone" not in text
        planned.set()
        await settle(pilot)
        text = screen_text(app)
        assert app.state.assessment.readiness == reading.assessment.readiness
        assert "Planning the path…" not in text
        assert "Next milestone" in text


async def test_a_file_that_is_not_a_portfolio_ends_with_its_error(tmp_path, make_test_app):
    path = tmp_path / "notes.txt"
    path.write_text("not a database, just notes\n" * 100)
    app = make_test_app(path)
    async with app.run_test(size=(80, 24)):
        pass
    assert app.return_code == 2
    assert path.read_text() == "not a database, just notes\n" * 100


async def test_a_late_plan_names_three_starts_the_asks_and_keeps_the_verdict(
    tmp_path, make_test_app
):
    from promo_planner.cli import main
    from promo_planner.core.planner import asks_now, start_this_week

    db = tmp_path / "late.db"
    init = ["init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic"]
    argv = ["--data", str(db), "--today", "2026-11-21", *init, "--target-date", "2027-03-31"]
    assert main([*argv, "--capacity", "5"]) == 0
    app = make_test_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        path = app.state.path
        starts = start_this_week(path)
        # Five at once: the plan starts five gaps today; the box names three, counts the rest.
        assert len(starts) == 5 and all(s.start == app.today for s in starts)
        text = screen_text(app)
        assert f"Start this week {starts[0].title} (today)" in text
        box = text.split("Start this week")[1].split("Target date")[0]
        assert starts[3].title not in box
        asks = asks_now(path)
        assert asks and "Ask manager now" in text and asks[0].title[:20] in box
        assert f"✗ {path.days_late} days late" in text  # the verdict stays on screen at 80x24


async def test_start_this_week_comes_from_the_plan_from_today(portfolio_path, make_test_app):
    from promo_planner.core.planner import start_this_week

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = start_this_week(app.state.path)
        assert first and first[0].start == app.today
        assert f"Start this week {first[0].title} (today)" in screen_text(app)


async def test_the_dashboard_nudges_about_quiet_gaps_and_evidence_leaving_the_window(
    portfolio_path, make_test_app
):
    import datetime as dt

    from tests.tui.conftest import TODAY

    # Today: two gaps on the path have had no new evidence for weeks (as `nudges` says).
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        quiet = next(line for line in text.splitlines() if "Gone quiet" in line)
        assert "Writes design docs for own features (50 weeks)" in quiet
        assert "Runs design review" in quiet  # the second, as far as the line goes
        assert "Leaving window" not in text
    # Four months on, the oldest evidence leaves the 18-month window within a month.
    later = make_test_app(portfolio_path, today=TODAY + dt.timedelta(days=124))
    async with later.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(later)
        leaving = next(line for line in text.splitlines() if "Leaving window" in line)
        assert "Estimates work and updates the plan as it unfolds (2→1 on 2027-04-18)" in leaving


async def test_a_check_in_made_today_is_said_never_no_check_in_yet(tmp_path, make_test_app):
    """The first 1:1 export records a check-in; the dashboard says so the same day (the change
    since it shows from the next day, SPEC 6), not that there is none."""
    from promo_planner.cli import main
    from tests.tui.conftest import TODAY

    fresh = tmp_path / "fresh.db"
    assert main(["--data", str(fresh), "--today", TODAY.isoformat(), "init", "--guideline",
                 "software-engineer", "--current", "L3",
                 "--target", "L4-ic", "--target-date", "2027-09-30"]) == 0  # fmt: skip
    app = make_test_app(fresh)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "No check-in yet: exporting the 1:1" in text
        assert "report (5, ctrl+e) records one." in text  # whole at 80 columns, not cut
    report = tmp_path / "r.md"
    assert main(["--data", str(fresh), "--today", TODAY.isoformat(), "report", "-o",
                 str(report)]) == 0  # fmt: skip
    app = make_test_app(fresh)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "No check-in yet" not in text
        assert "Checked in today at" in text
        assert "the change shows from tomorrow." in text
