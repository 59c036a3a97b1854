"""First run and re-planning: the setup screen."""

from __future__ import annotations

from textual.widgets import Input, Select

from promo_planner.core.store import Store
from tests.tui.conftest import TODAY, open_section, screen_text, settle


async def _type_date(pilot, text: str) -> None:
    date_input = pilot.app.screen.query_one("#target-date", Input)
    date_input.focus()
    date_input.value = ""
    await pilot.press(*text)
    await pilot.pause()


async def test_first_run_plans_and_shows_readiness(empty_path, make_test_app):
    from promo_planner.tui.screens.setup import SetupScreen

    app = make_test_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        guideline = screen.query_one("#guideline", Select)
        bundled = {value for _, value in guideline._options if isinstance(value, str)}
        assert {"software-engineer", "site-reliability-engineer"} <= bundled
        guideline.value = "software-engineer"
        await pilot.pause()
        screen.query_one("#current", Select).value = "L3"
        await pilot.pause()
        # Only promotions from L3 are offered: both branches above it, never L3 itself (a
        # plan to the level held is refused by the core, SPEC 2: a strict descendant).
        target = screen.query_one("#target", Select)
        offered = [value for _, value in target._options if isinstance(value, str)]
        assert offered[0] == "L4-ic"
        assert set(offered) == {"L4-ic", "L5-ic", "L6-ic", "L4-em", "L5-em", "L6-em"}
        target.value = "L4-em"
        await _type_date(pilot, "2027-02-30")
        assert "not a real date" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)  # nothing saved with a bad date
        await _type_date(pilot, "2027-09-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Then who the reports are about: a step of its own, skipped here with escape.
        from promo_planner.tui.dialogs.profile_form import ProfileDialog

        assert isinstance(app.screen, ProfileDialog)
        await pilot.press("escape", "escape")  # leave the name field, then the dialog
        await settle(pilot)
        assert app.current_mode == "dashboard"
        assert not isinstance(app.screen, SetupScreen)
        assert "Readiness" in screen_text(app)
        # A fresh plan starts from the level held: what L4-em carries over from L3 counts.
        readiness = app.state.assessment.readiness
        assert readiness > 0 and f"{readiness}% of 90% needed" in screen_text(app)
    with Store.open(empty_path, create=True) as store:
        plan = store.plan()
        assert plan is not None
        assert (plan.current_level, plan.target_level) == ("L3", "L4-em")
        assert plan.target_date.isoformat() == "2027-09-30"


async def test_first_run_cannot_be_escaped_into_an_empty_app(empty_path, make_test_app):
    from promo_planner.tui.screens.setup import SetupScreen

    app = make_test_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


async def test_replan_keeps_evidence(portfolio_path, make_test_app):
    from promo_planner.tui.screens.setup import SetupScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        evidence_before = app.state.evidence_count
        readiness_before = app.state.assessment.readiness
        await pilot.press("ctrl+r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        # The form starts from the current plan.
        assert screen.query_one("#current", Select).value == "L3"
        assert screen.query_one("#target", Select).value == "L4-ic"
        assert screen.query_one("#target-date", Input).value == "2027-09-30"
        screen.query_one("#target", Select).value = "L5-ic"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SetupScreen)
        assert app.state.plan.target_level == "L5-ic"
        assert app.state.evidence_count == evidence_before
        # A higher target asks for more, so the same evidence counts for less.
        assert app.state.assessment.readiness < readiness_before
        assert "L3 → L5-ic" in screen_text(app)


async def test_replan_escape_changes_nothing(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        app.screen.query_one("#target", Select).value = "L5-ic"
        await pilot.press("escape")
        await settle(pilot)
        assert app.state.plan.target_level == "L4-ic"


async def test_first_run_types_straight_into_the_missing_date(empty_path, make_test_app):
    # Guideline and levels come preselected; the cursor waits in the one field left to fill,
    # so a person types the date and saves without hunting for the field.
    app = make_test_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.query_one("#target-date", Input)
        await pilot.press(*"2027-06-30", "ctrl+s")
        await settle(pilot)
        # The profile step: the cursor waits in the name; typing and enter through it saves.
        assert app.focused is app.screen.query_one("#profile-name", Input)
        await pilot.press(*"Ada", "enter", *"Payments", "enter", *"Grace", "enter")
        await settle(pilot)
        assert app.state is not None and app.state.plan.target_date.isoformat() == "2027-06-30"
        assert app.state.profile.fields() == {"name": "Ada", "role": "Payments", "manager": "Grace"}
        assert "Readiness" in screen_text(app)


def _planned_on_mini(path, tmp_path):
    """A portfolio planned on the mini ladder (v1), with links to what v2 renames/removes."""
    from promo_planner.core.loader import parse_guideline
    from promo_planner.core.records import CriterionLink, EvidenceDraft, Plan
    from tests.core.conftest import MINI_LADDER, _text
    from tests.core.test_revision import revised

    v1 = parse_guideline(MINI_LADDER, "v1.yaml")
    v2 = revised(lambda **o: parse_guideline(_text(**o), "v2.yaml"))
    (tmp_path / "v2.yaml").write_text(v2.source)
    with Store.open(path, create=True) as store:
        store.set_plan(Plan("mini", "1.0", "L4", "L5-ic", target_date=None), v1)
        for title, criterion in (("Harness", "craft.basics"), ("Coaching", "people.coaching")):
            store.add_evidence(
                EvidenceDraft(title=title, date=TODAY, criteria=(CriterionLink(criterion, "full"),))
            )
    return tmp_path / "v2.yaml"


async def _load_file(pilot, path) -> None:
    from promo_planner.tui.screens.setup import FROM_FILE

    screen = pilot.app.screen
    screen.query_one("#guideline", Select).value = FROM_FILE
    await pilot.pause()
    file_input = screen.query_one("#guideline-file", Input)
    file_input.value = str(path)
    file_input.focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_replan_onto_a_new_revision_shows_the_changes_before_saving(tmp_path, make_test_app):
    from promo_planner.tui.screens.setup import SetupScreen

    path = tmp_path / "p.db"
    v2 = _planned_on_mini(path, tmp_path)
    app = make_test_app(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await _load_file(pilot, v2)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        shown = str(screen.query_one("#ladder-changes").render())
        assert "mini changed (version 1.0 -> 2.0)" in shown
        assert "removed   people.coaching (L5-mgr): Coaches the team" in shown
        assert "craft.basics -> craft.fundamentals" in shown
        assert "1 link to criteria this ladder does not have (kept, not counted)" in shown
        screen.query_one("#target-date", Input).value = "2027-06-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SetupScreen)
    with Store.open(path, create=True) as store:
        assert store.guideline().version == "2.0"
        assert sorted(c for _, c, _ in store.links()) == ["craft.fundamentals", "people.coaching"]


async def test_a_raw_ft_file_in_setup_names_the_import_command(
    empty_path, make_test_app, shared_ladders
):
    app = make_test_app(empty_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await _load_file(pilot, shared_ladders / "ft-engineering.yml")
        shown = str(app.screen.query_one("#guideline-error").render())
        assert "this is a Financial Times job-family YAML, not a promo-planner guideline" in shown
        assert "promo-planner guideline import --from ft" in shown


async def test_the_top_level_offers_no_target_and_says_why(empty_path, make_test_app):
    app = make_test_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#guideline", Select).value = "software-engineer"
        await pilot.pause()
        screen.query_one("#current", Select).value = "L6-ic"
        await settle(pilot)
        target = screen.query_one("#target", Select)
        assert not [value for _, value in target._options if isinstance(value, str)]
        assert "L6-ic is the top of its track" in screen_text(app)
        await _type_date(pilot, "2027-09-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.state is None  # nothing planned


def _slow_reads_in_threads(monkeypatch) -> None:
    """Reading the portfolio in a worker takes a while (a big ladder, a slow disk): what the
    screen shows meanwhile is what a person sees."""
    import threading
    import time

    import promo_planner.tui.app as app_module

    read = app_module.read_snapshot

    def slow(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            time.sleep(0.5)
        return read(*args, **kwargs)

    monkeypatch.setattr(app_module, "read_snapshot", slow)


async def test_no_plan_yet_never_shows_after_the_first_plan(empty_path, make_test_app, monkeypatch):
    _slow_reads_in_threads(monkeypatch)
    app = make_test_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"2027-06-30", "ctrl+s")
        from promo_planner.tui.dialogs.profile_form import ProfileDialog

        for _ in range(20):  # the plan is saved; the profile step comes first, skipped here
            await pilot.pause()
            if isinstance(app.screen, ProfileDialog):
                break
        assert isinstance(app.screen, ProfileDialog)
        await pilot.press("escape", "escape")
        # The first frames after the setup, before the path is planned.
        for _ in range(3):
            await pilot.pause()
            text = screen_text(app)
            assert "No plan yet" not in text, text
        assert "Readiness" in text
        await settle(pilot)
        assert "No plan yet" not in screen_text(app)


async def test_a_replan_shows_the_new_levels_at_once(portfolio_path, make_test_app, monkeypatch):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "2")
        await pilot.press("ctrl+r")
        await settle(pilot)
        app.screen.query_one("#target", Select).value = "L5-ic"
        _slow_reads_in_threads(monkeypatch)
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "No plan yet" not in text and "L3 → L5-ic" in text, text
