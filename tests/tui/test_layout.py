"""Layouts that fit 80×24 and use the room at 120×40: nothing cut where there is room, wrapped
lines indented under their first word, every column explained (issue 17)."""

from __future__ import annotations

import re

from textual.geometry import Region
from textual.widgets import Input

from tests.tui.conftest import open_section, screen_text, settle


def _box(text: str, title: str) -> list[str]:
    """The lines inside the box whose top border carries ``title`` (a box's left part)."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if title in line)
    column = lines[top].index(title)
    if "╭" not in lines[top][:column]:  # the title is the box's first line, not its border
        top -= 1
    start = lines[top].rindex("╭", 0, column + 1)
    end = lines[top].index("╮", start)
    inside = []
    for line in lines[top + 1 :]:
        if line[start] == "╰":
            break
        inside.append(line[start + 1 : end])
    return inside


async def test_the_dashboard_uses_the_room_at_120_columns(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for area in app.state.assessment.areas():
            assert area.area.name in text, area.area.name  # "Communication & collaboration"
        readiness = _box(text, "Readiness")
        assert not any("…" in line for line in readiness), readiness
        assert "3 held from L3 · 1 disputed · 1 to re-rate" in text


async def test_the_dashboard_fits_80_columns_without_cutting_the_readiness_box(
    portfolio_path, make_test_app
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        readiness = _box(text, "Readiness")
        assert not any("…" in line for line in readiness), readiness
        assert "1 disputed" in text and "re-rate" in text


async def test_recent_evidence_counts_criteria_not_links(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert re.search(r"Led the Postgres 16 upgrade +2 criteria", text), text
        assert re.search(r"Wrote the on-call runbook +1 criterion", text), text
        assert " link" not in _box(text, "Recent evidence")[0]


async def test_criteria_columns_are_explained_on_screen(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "2")
        text = screen_text(app)
        for meaning in ("N new at target", "O needs opportunity", "S you", "M manager"):
            assert meaning in text, (meaning, text)


async def test_criteria_titles_take_the_room_at_120_columns(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "2")
        text = screen_text(app)
        # Beside a 40-column detail pane, titles up to 52 characters are whole.
        for cp in app.state.assessment.criteria:
            if len(cp.criterion.title) <= 52:
                assert cp.criterion.title in text, cp.criterion.title


async def test_wrapped_detail_lines_stay_under_their_first_word(portfolio_path, make_test_app):
    for size in ((80, 24), (120, 40)):
        app = make_test_app(portfolio_path)
        async with app.run_test(size=size) as pilot:
            screen = await open_section(pilot, "2")
            detail = screen.query_one("#criteria-detail-text")
            width, height = detail.size
            lines = [
                "".join(segment.text for segment in strip)
                for strip in detail.render_lines(Region(0, 0, width, height))
            ]
            bullets = [i for i, line in enumerate(lines) if line.startswith("• ")]
            assert bullets and len(lines) > bullets[-1] + 1, lines
            for i in bullets:
                after = lines[i + 1]
                # The next line is the next bullet, a blank, or a continuation under the text.
                assert after.startswith(("• ", "  ")) or not after.strip(), (size, lines[i], after)
            assert any(lines[i + 1].startswith("  ") for i in bullets), (size, lines)


async def test_escape_clears_a_kept_filter_from_the_list(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "2")
        await pilot.press("slash", *"runbook", "enter")  # enter keeps the filter
        await settle(pilot)
        assert len(screen.visible_rows(app.state)) < len(app.state.assessment.criteria)
        await pilot.press("escape")
        await settle(pilot)
        assert len(screen.visible_rows(app.state)) == len(app.state.assessment.criteria)
        screen = await open_section(pilot, "3")
        await pilot.press("slash", *"runbook", "enter")
        await settle(pilot)
        assert screen.table.row_count == 1
        await pilot.press("escape")
        await settle(pilot)
        assert screen.table.row_count == 12
        assert screen.query_one("#evidence-filter", Input).value == ""


async def test_the_evidence_form_shows_the_criteria_picker_at_80x24(portfolio_path, make_test_app):
    from promo_planner.tui.widgets.criteria_picker import CriteriaList

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        text = screen_text(app)
        picker = app.screen.query_one(CriteriaList)
        assert picker.region.height >= 4 and picker.region.bottom <= 22, picker.region
        # Titles are not cut to a stub: the first required criterion reads whole.
        first = app.state.guideline.criterion_by_id[app.state.assessment.criteria[0].criterion.id]
        assert first.title in text, text
        # The hint under the picker and the footer name the same keys.
        footer = text.splitlines()[-1]
        app.screen.set_focus(picker)
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        hint = str(app.screen.query_one(".field-hint").content)
        for key, label in re.findall(r"(\S+) (Unlink|Full|Partial)", footer):
            assert f"{key} {label.lower()}" in hint, (hint, footer)


async def test_milestones_can_be_selected_and_open_their_criterion(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_section(pilot, "4")
        milestones = screen.query_one("#path-milestones")
        assert milestones.focusable
        screen.set_focus(milestones)
        await settle(pilot)
        first_gap = next(m for m in app.state.path.milestones if m.criteria).criteria[0]
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "CriteriaScreen"
        assert app.screen.highlighted_id() == first_gap


async def test_start_now_names_whole_titles_where_there_is_room(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_section(pilot, "4")
        text = screen_text(app)
        line = next(line for line in text.splitlines() if "Start now" in line)
        assert "…" not in line, line
