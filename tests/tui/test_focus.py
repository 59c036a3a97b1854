"""Where the focus is shows, and Tab follows the layout (issue 17)."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Button, Input, Select

from tests.tui.conftest import keys_at_once, open_section, screen_text, settle


def _cells(widget) -> list[tuple[str, object]]:
    """What the widget and the widgets inside it draw, cell by cell, with their styles."""
    cells = []
    for part in [widget, *widget.query("*")]:
        if not part.is_on_screen:
            continue
        lines = part.render_lines(Region(0, 0, part.size.width, part.size.height))
        cells += [(char, seg.style) for line in lines for seg in line for char in seg.text]
    return cells


async def _unseen_focus(pilot) -> list[str]:
    """The widgets of the top screen that look the same focused as not (a text cursor alone
    does not count: one cell is not a visible focus on a wide field)."""
    screen = pilot.app.screen
    unseen = []
    for widget in list(screen.focus_chain):
        screen.set_focus(widget)
        await pilot.pause()
        focused = _cells(widget)
        screen.set_focus(None)
        await pilot.pause()
        blurred = _cells(widget)
        changed = sum(1 for a, b in zip(focused, blurred, strict=False) if a != b)
        if changed <= 1:
            unseen.append(f"{type(widget).__name__}#{widget.id}")
    return unseen


async def test_every_focusable_widget_of_every_section_shows_its_focus(
    portfolio_path, make_test_app
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        unseen = {}
        for key in "12345":
            await open_section(pilot, key)
            unseen[key] = await _unseen_focus(pilot)
        for tab in ("tab-questions", "tab-notes", "tab-report"):
            await open_section(pilot, "5", tab)
            unseen[tab] = await _unseen_focus(pilot)
        assert not any(unseen.values()), str(unseen)


async def test_every_focusable_widget_of_every_dialog_shows_its_focus(
    portfolio_path, make_test_app
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        unseen = {}
        await open_section(pilot, "2")
        for key in ("a", "m", "l"):
            await pilot.press(key)
            await settle(pilot)
            unseen[type(app.screen).__name__] = await _unseen_focus(pilot)
            app.screen.dismiss(None)
            await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        unseen["setup"] = await _unseen_focus(pilot)
        assert not any(unseen.values()), str(unseen)


async def test_tab_from_the_guideline_file_goes_to_the_current_level(
    empty_path, make_test_app, tmp_path
):
    from promo_planner.core.loader import bundled_guidelines

    ladder = tmp_path / "ladder.yaml"
    ladder.write_bytes(next(iter(bundled_guidelines()))[0].read_bytes())
    app = make_test_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#guideline", Select).value = "<file>"
        await settle(pilot)
        path = app.screen.query_one("#guideline-file", Input)
        assert app.focused is path
        keys_at_once(app, *str(ladder), "enter")
        await settle(pilot)
        path.focus()
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#current", Select)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#target", Select)


async def test_left_and_right_move_between_a_dialogs_buttons(portfolio_path, make_test_app):
    from promo_planner.tui.dialogs.manager_rating import ManagerRatingDialog

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "2")
        cid = screen.highlighted_id()
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ManagerRatingDialog)
        # The keys: Tab to the buttons, Right to 👎, Enter records it.
        await pilot.press("tab")
        assert isinstance(app.focused, Button) and app.focused.id == "up"
        await pilot.press("right")
        assert app.focused.id == "down"
        await pilot.press("left", "left")
        assert app.focused.id == "clear"  # round the row
        await pilot.press("right", "right", "enter")
        await settle(pilot)
        assert app.state.ratings_of(cid)["manager"].value == "down"


async def test_every_dialog_shows_its_own_keys_not_the_screen_beneath(
    portfolio_path, make_test_app
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "2")
        beneath = screen_text(app).splitlines()[-1]
        assert "l Link" in beneath
        for key, hint in (("m", "esc Cancel"), ("l", "esc Cancel"), ("question_mark", "Close")):
            await pilot.press(key)
            await settle(pilot)
            if key == "m":
                await pilot.press("tab")  # onto the buttons: their keys show
            footer = screen_text(app).splitlines()[-1]
            assert hint in footer and "l Link" not in footer, (key, footer)
            app.screen.dismiss(None)
            await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Save plan" in footer and "l Link" not in footer, footer
