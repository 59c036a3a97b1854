"""The criteria section: filters, detail, linking, unlinking and ratings."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList

from promo_planner.core.store import Store
from promo_planner.tui.screens.criteria import STATUS_MARK
from tests.tui.conftest import open_section, screen_text, settle


async def _open(pilot):
    return await open_section(pilot, "2")


async def _highlight(pilot, screen, cid: str) -> None:
    table = screen.query_one("#criteria-table", DataTable)
    table.move_cursor(row=table.get_row_index(cid))
    await pilot.pause()


# Needs two pieces of evidence and has half of one, so one more link leaves it a gap.
SLOW_GAP = "craft.hard-problems"
# Rated 👍 by the engineer and 👎 by the manager, with one piece of evidence.
DISPUTED = "design.feature-design-docs"


def _row_ids(screen) -> list[str]:
    """The criteria listed, in order (without the area headings)."""
    table = screen.query_one("#criteria-table", DataTable)
    keys = [str(row.key.value) for row in table.ordered_rows]
    return [key for key in keys if not key.startswith("area:")]


async def test_lists_the_required_set_by_area_with_the_facts_first(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert set(_row_ids(screen)) == set(app.state.assessment.by_id)
        text = screen_text(app)
        # Area names whole, as headings, instead of a column that cut them to 12 characters.
        assert "Delivery & execution" in text and "Technical craft" in text
        first = app.state.assessment.by_id[_row_ids(screen)[0]]
        assert screen.highlighted_id() == first.criterion.id
        assert f"{first.status} · " in text
        # In the 7 lines of detail at 80x24: status, ratings and the linked evidence.
        await _highlight(pilot, screen, DISPUTED)
        text = screen_text(app)
        assert "Rated: self 👍 · manager 👎 “runbook not adopted yet”" in text
        assert "Evidence (1)" in text and "Wrote the on-call runbook (full)" in text


async def test_the_cursor_steps_over_area_headings(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        ids = _row_ids(screen)
        await pilot.press("up")  # onto the first heading: back to the first criterion
        await pilot.pause()
        assert screen.highlighted_id() == ids[0]
        seen = [screen.highlighted_id()]
        for _ in ids[1:]:
            await pilot.press("down")
            await pilot.pause()
            seen.append(screen.highlighted_id())
        assert seen == ids
        for expected in reversed(ids[:-1]):
            await pilot.press("up")
            await pilot.pause()
            assert screen.highlighted_id() == expected


async def test_the_detail_scrolls_with_keys(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert "Examples" not in screen_text(app)  # below the fold at 80x24
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#criteria-detail")
        await pilot.press("end")
        await pilot.pause()
        assert "Examples" in screen_text(app)


async def test_filters_narrow_the_list(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        everything = set(_row_ids(screen))
        await pilot.press("g")
        await pilot.pause()
        gaps = set(_row_ids(screen))
        assert gaps == {cp.criterion.id for cp in app.state.assessment.gaps}
        assert gaps < everything
        await pilot.press("g")  # off again
        await pilot.press("slash")
        await pilot.press(*"review")
        await pilot.pause()
        assert _row_ids(screen) == ["design.design-review"]
        await pilot.press("escape")
        await pilot.pause()
        assert set(_row_ids(screen)) == everything


async def test_link_and_unlink_evidence(portfolio_path, make_test_app):
    from promo_planner.tui.dialogs.pick_evidence import PickEvidence

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        cid = SLOW_GAP
        await _highlight(pilot, screen, cid)
        before = app.state.assessment.by_id[cid]
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickEvidence)
        await pilot.press(*"incident")  # search the portfolio
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        await pilot.press("down", "enter")
        await settle(pilot)
        after = app.state.assessment.by_id[cid]
        assert after.full == before.full + 1
        detail = str(app.screen.query_one("#criteria-detail-text").content)
        assert "Ran the incident review for the May outage (full)" in detail
        linked_id = max(set(after.evidence_ids) - set(before.evidence_ids))

        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, PickEvidence)
        picker = app.screen.query_one(OptionList)
        index = next(
            i
            for i in range(picker.option_count)
            if picker.get_option_at_index(i).id == str(linked_id)
        )
        picker.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert app.state.assessment.by_id[cid].evidence_ids == before.evidence_ids
    with Store.open(portfolio_path, create=True) as store:
        assert (linked_id, cid) not in {(e, c) for e, c, _ in store.links()}


async def test_link_partially(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        cid = SLOW_GAP
        await _highlight(pilot, screen, cid)
        before = app.state.assessment.by_id[cid]
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+t")  # full -> partial
        await pilot.press(*"roadmap", "down", "enter")
        await settle(pilot)
        assert app.state.assessment.by_id[cid].partial == before.partial + 1


async def test_self_and_manager_ratings(portfolio_path, make_test_app):
    from promo_planner.tui.dialogs.manager_rating import ManagerRatingDialog

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        cid = next(c for c in _row_ids(screen) if not app.state.ratings_of(c))
        await _highlight(pilot, screen, cid)
        await pilot.press("plus")
        await settle(pilot)
        assert app.state.ratings_of(cid)["self"].value == "up"
        await pilot.press("minus")
        await settle(pilot)
        assert app.state.ratings_of(cid)["self"].value == "down"
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ManagerRatingDialog)
        await pilot.press(*"needs a bigger scope", "enter")  # to the buttons: 👍 focused
        await pilot.press("tab", "enter")  # 👎 Not yet
        await settle(pilot)
        manager = app.state.ratings_of(cid)["manager"]
        assert (manager.value, manager.note) == ("down", "needs a bigger scope")
        detail = str(app.screen.query_one("#criteria-detail-text").content)
        assert "manager 👎 “needs a bigger scope”" in detail
        await pilot.press("c")  # clear my own rating
        await settle(pilot)
        assert "self" not in app.state.ratings_of(cid)


async def test_add_from_criteria_presets_the_criterion(portfolio_path, make_test_app):
    from promo_planner.core.records import CriterionLink
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm
    from promo_planner.tui.widgets.criteria_picker import CriteriaPicker

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        cid = _row_ids(screen)[0]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceForm)
        picker = app.screen.query_one(CriteriaPicker)
        assert picker.chosen == (CriterionLink(cid, "full"),)


async def test_starts_with_no_color_and_status_reads_without_colour(
    portfolio_path, make_test_app, monkeypatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_test_app(portfolio_path)
    assert app.no_color  # Textual read it: every frame goes through its monochrome filter
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Readiness" in text
        assert f"{app.state.assessment.readiness}% of 90% needed" in text
        screen = await _open(pilot)
        text = screen_text(app)
        # Each status has its own glyph and word, so nothing depends on colour.
        for cid in _row_ids(screen)[:6]:
            cp = app.state.assessment.by_id[cid]
            title = cp.criterion.title[:30]
            assert any(
                line.lstrip().startswith(f"{STATUS_MARK[cp.status]}  {title}")
                for line in text.splitlines()
            ), cid
        first = app.state.assessment.by_id[_row_ids(screen)[0]]
        assert f"{STATUS_MARK[first.status]} {first.status} · " in text
