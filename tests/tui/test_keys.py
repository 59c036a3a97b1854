"""Typing is safe (issue 17): keys typed into a field stay in the field, Escape always leaves a
field (a second Escape closes the dialog), and keys typed faster than the app draws land where
they were aimed (``keys_at_once`` delivers them as a terminal does, all queued together)."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from promo_planner.core.store import Store
from tests.tui.conftest import keys_at_once, open_section, settle

# Every single-character key some screen of the app binds, in words a person might type.
TYPED = "a quick note: 1-2+3 / 4? 5 6 (l, u, m, g, n, o, e, d, c, y, f, p, x, q, r, s)"


async def test_thirty_characters_typed_right_after_a_all_land_in_the_title(
    portfolio_path, make_test_app
):
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm

    title = "Cut deploy time from 9 to 3 min"  # 31 characters, digits and spaces included
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys_at_once(app, "a", *title)
        await settle(pilot)
        assert isinstance(app.screen, EvidenceForm)
        assert app.screen.query_one("#ev-title", Input).value == title
        assert app.screen.query_one("#ev-date", Input).value == "2026-11-21"


async def wait_for_the_spare_form(pilot) -> object:
    """The evidence form the app builds ahead of time, once the app has been idle a moment."""
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm

    app = pilot.app
    for _ in range(60):
        await pilot.pause(0.05)
        spare = app.spare_form  # what ``a`` will show: the one built out of sight
        if isinstance(spare, EvidenceForm):
            return spare
    raise AssertionError("no spare evidence form was built")


async def test_the_form_built_ahead_of_time_takes_every_key_typed_after_a(
    portfolio_path, make_test_app
):
    title = "Cut deploy time from 9 to 3 min"
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        spare = await wait_for_the_spare_form(pilot)
        keys_at_once(app, "a", *title)
        await settle(pilot)
        assert app.screen is spare  # shown, not built: it was ready
        assert app.screen.query_one("#ev-title", Input).value == title
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.state.recent[0].title == title
        # After the save the portfolio changed: a new spare, empty, for this moment.
        again = await wait_for_the_spare_form(pilot)
        assert again is not spare
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is again
        assert app.screen.query_one("#ev-title", Input).value == ""
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not any(type(s).__name__ == "EvidenceForm" for s in app.screen_stack)


async def test_a_spare_form_built_before_a_change_elsewhere_is_not_shown(
    portfolio_path, make_test_app
):
    from tests.tui.test_races import cli

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        spare = await wait_for_the_spare_form(pilot)
        assert cli(portfolio_path, "evidence", "add", "From the other terminal") == 0
        await pilot.pause(1.5)  # the app's poll reads the change
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is not spare  # its picker showed the statuses before the change


async def test_keys_typed_right_after_a_section_key_reach_that_section(
    portfolio_path, make_test_app
):
    from promo_planner.tui.screens.evidence import EvidenceScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys_at_once(app, "3", "/", *"runbook")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        assert app.screen.query_one("#evidence-filter", Input).value == "runbook"


async def _type_into(pilot, field) -> None:
    field.focus()
    await pilot.pause()
    keys_at_once(pilot.app, *TYPED)
    await settle(pilot)


def _text(field) -> str:
    return field.text if isinstance(field, TextArea) else field.value


async def test_no_single_letter_shortcut_fires_while_a_field_has_the_focus(
    portfolio_path, make_test_app
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        fields = {
            "5": ["#answer-unclear", "#note-input"],
            "2": ["#criteria-search"],
            "3": ["#evidence-filter"],
        }
        for section, ids in fields.items():
            for field_id in ids:
                await open_section(pilot, section)
                screen = app.screen
                if field_id == "#criteria-search":
                    await pilot.press("slash")
                field = screen.query_one(field_id)
                field.display = True
                await _type_into(pilot, field)
                assert app.screen is screen, (field_id, app.screen)
                assert _text(field) == TYPED, field_id
                field.clear() if isinstance(field, TextArea) else setattr(field, "value", "")
                screen.set_focus(None)  # so the next section key is not typed in here
                await settle(pilot)
        # The evidence form's fields too: nothing typed there saves, ticks or closes anything.
        await open_section(pilot, "1")
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        for field_id in ("#ev-title", "#ev-description", "#ev-tags"):
            field = form.query_one(field_id)
            await _type_into(pilot, field)
            assert app.screen is form and _text(field) == TYPED, field_id
    with Store.open(portfolio_path) as store:
        assert store.count_evidence() == 12 and len(store.notes()) == 1


async def test_escape_leaves_an_answer_so_the_next_key_is_a_shortcut(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "5", "tab-questions")
        answer = screen.query_one("#answer-unclear", TextArea)
        answer.focus()
        await pilot.pause()
        keys_at_once(app, *"Scope of Q3", "escape", "1")
        await settle(pilot)
        assert answer.text == "Scope of Q3"
        assert app.current_mode == "dashboard"


async def test_escape_leaves_a_form_field_and_a_second_escape_closes_the_form(
    portfolio_path, make_test_app
):
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EvidenceForm)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form  # still open: only the field was left
        assert not isinstance(app.focused, (Input, TextArea))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceForm)


async def test_escape_leaves_the_manager_note_before_it_closes_the_dialog(
    portfolio_path, make_test_app
):
    from promo_planner.tui.dialogs.manager_rating import ManagerRatingDialog

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "2")
        await pilot.press("m")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ManagerRatingDialog)
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog and not isinstance(app.focused, Input)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ManagerRatingDialog)
