"""The 1:1 section: health check, answers, notes, report preview and export."""

from __future__ import annotations

import json

from textual.widgets import DataTable, Input, Select, TabbedContent, TextArea

from promo_planner.core.store import Store
from promo_planner.tui.widgets.document_view import DocumentView
from tests.tui.conftest import TODAY, open_section, screen_text, settle


async def _open(pilot, tab: str | None = None):
    return await open_section(pilot, "5", tab)


async def test_health_check_puts_disagreements_first(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "tab-health")
        table = screen.query_one("#health-table", DataTable)
        first = table.get_row_at(0)
        assert first[1:4] == ["👍", "👎", "✗ disagree"]
        assert first[4] == "manager: runbook not adopted yet"


async def test_health_check_at_80_columns_keeps_titles_and_shows_notes_below(
    portfolio_path, make_test_app
):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "tab-health")
        text = screen_text(app)
        # The title gets the room; the notes are whole in the pane under the table.
        title = app.state.guideline.criterion_by_id["design.feature-design-docs"].title
        assert title in text
        assert "manager: 👎 on 2026-11-11: runbook not adopted yet" in text


async def test_footer_shows_the_keys_of_the_tab_and_fits_80_columns(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        for tab, key in (
            ("tab-brief", "p Profile"),
            ("tab-health", None),
            ("tab-questions", "^s Save answers"),
            ("tab-notes", "d Remove note"),
            ("tab-report", "^e Export report"),
            ("tab-form", None),
        ):
            screen.query_one(TabbedContent).active = tab
            await settle(pilot)
            footer = screen_text(app).splitlines()[-1]
            assert footer.rstrip().endswith("^p palette")  # nothing runs into it
            assert "? Help" in footer
            for other in ("p Profile", "^s Save answers", "d Remove note", "^e Export report"):
                assert (other in footer) == (other == key), (tab, footer)
        # Unsaved answers keep the save key in the footer on the other tabs.
        screen.query_one(TabbedContent).active = "tab-questions"
        await settle(pilot)
        screen.query_one("#answer-unclear", TextArea).focus()
        await pilot.press("x")
        screen.query_one(TabbedContent).active = "tab-health"
        await settle(pilot)
        assert "^s Save answers" in screen_text(app).splitlines()[-1]


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
    with Store.open(portfolio_path, create=True) as store:
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
        assert str(table.get_row_at(0)[1]) == "Bring the latency graphs"


async def test_long_notes_are_wrapped_not_cut(portfolio_path, make_test_app):
    long_note = "Ask whether the storage roadmap counts as cross-team work " * 3
    with Store.open(portfolio_path, create=True) as store:
        store.add_note(long_note.strip(), TODAY)
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "tab-notes")
        text = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert "cross-team work Ask whether the storage roadmap counts as cross-team work" in text


async def test_report_preview_and_export(portfolio_path, make_test_app, tmp_path):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-report")
        preview = screen.query_one("#report-preview", DocumentView).source
        # This portfolio's report, not any report: its levels, its figure, its evidence.
        assert "L3 → L4-ic" in preview
        assert f"{app.state.assessment.readiness}%" in preview
        assert "Fixed the flaky checkout test suite" in preview
        assert "Leading a cross-team project end to end." in preview  # an answer
        screen.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        assert screen.query_one("#export-path", Input).value.endswith(".json")
        target = tmp_path / "for-my-manager.json"
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await settle(pilot)
        report = json.loads(target.read_text())
        assert str(report["readiness"]) == str(app.state.assessment.readiness)
        # Recorded as today's check-in, like `report -o`: tomorrow's trend starts there.
        today = app.state.target_checkins[-1]
        assert today.date == TODAY and today.files == (str(target.resolve()),)


async def test_export_to_a_missing_folder_says_so(portfolio_path, make_test_app, tmp_path):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-report")
        checkins_before = app.state.checkins
        screen.query_one("#export-path", Input).value = str(tmp_path / "nope" / "r.md")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "does not exist" in str(screen.query_one("#export-status").content)
        assert app.state.checkins == checkins_before


async def test_help_lists_every_key_of_the_section_and_the_app_at_80x24(
    portfolio_path, make_test_app
):
    from promo_planner.tui.screens.help import HelpScreen

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "escape or ? closes" in shown  # the whole box fits: nothing scrolled away
        text = app.screen.text
        bindings = [*screen._bindings, *app._bindings]
        for _key, binding in bindings:
            if binding.id == "filter":  # the 1:1 has no filter, so "/" is not offered
                assert (binding.tooltip or binding.description) not in text
            elif binding.id and not binding.id.startswith("section."):
                assert (binding.tooltip or binding.description) in text, binding.id
                assert f" {app.get_key_display(binding)}  " in shown, binding.id
        assert "Go to a section" in shown and "Command palette" in shown


# --------------------------------------------------------------------------- issue 14


async def test_the_brief_comes_first_and_p_sets_whose_it_is(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.query_one(TabbedContent).active == "tab-brief"
        brief = screen.query_one("#brief", DocumentView).source
        assert "Your reports don't say whose they are yet" in brief
        assert "# 1:1 report: L3 → L4-ic" in brief and "## Brief" in brief
        assert "**Asks for my manager**" in brief and "## Progress by area" not in brief
        await pilot.press("p")
        await settle(pilot)
        await pilot.press(*"Ada Lovelace", "enter", *"Payments", "enter", *"Grace", "enter")
        await settle(pilot)
        brief = screen.query_one("#brief", DocumentView).source
        assert brief.startswith("# 1:1 report: Ada Lovelace, L3 → L4-ic\n")
        assert "Ada Lovelace · Payments · manager: Grace" in brief
    with Store.open(portfolio_path, create=True) as store:
        assert store.profile().fields() == {
            "name": "Ada Lovelace",
            "role": "Payments",
            "manager": "Grace",
        }


async def test_a_file_name_goes_to_the_export_folder_once_per_enter(
    portfolio_path, make_test_app, tmp_path, monkeypatch
):
    import promo_planner.core.report as report_module

    folder = tmp_path / "exports"  # not there yet: the app makes it
    monkeypatch.setenv("PROMO_PLANNER_EXPORTS", str(folder))
    writes = []
    real = report_module.write_report

    def counted(*args, **kwargs):
        writes.append(args[3])
        return real(*args, **kwargs)

    monkeypatch.setattr(report_module, "write_report", counted)
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-report")
        assert str(folder) in str(screen.query_one("#export-status").render())
        path = screen.query_one("#export-path", Input)
        assert path.value == f"promo-report-{TODAY}.md"
        path.focus()
        await pilot.press("enter")
        await settle(pilot)
        target = folder / f"promo-report-{TODAY}.md"
        assert writes == [target] and target.read_text().startswith("# 1:1 report")
        status = str(screen.query_one("#export-status").render())
        assert f"Wrote {target}; recorded as the check-in of {TODAY}." in status
        checkin = app.state.target_checkins[-1]
        assert checkin.date == TODAY and checkin.files == (str(target),)


async def test_the_preview_shows_it_is_working_until_the_report_is_there(
    portfolio_path, make_test_app
):
    from promo_planner.tui.widgets.report_export import ReportPane

    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        preview = screen.query_one("#report-preview", DocumentView)
        screen.query_one(ReportPane).show()
        assert preview.loading  # the sign is up before the thread has even started
        await settle(pilot)
        assert not preview.loading and preview.source.startswith("# 1:1 report")


async def test_the_packet_can_be_previewed_and_exported(
    portfolio_path, make_test_app, tmp_path, monkeypatch
):
    from textual.widgets import Select

    monkeypatch.setenv("PROMO_PLANNER_EXPORTS", str(tmp_path))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-report")
        screen.query_one("#export-kind", Select).value = "packet"
        screen.query_one("#export-format", Select).value = "html"
        await settle(pilot)
        preview = screen.query_one("#report-preview", DocumentView)
        assert preview.source.startswith("# Promotion case")
        assert screen.query_one("#export-path", Input).value == f"promo-packet-{TODAY}.html"
        checkins = app.state.checkins
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert (tmp_path / f"promo-packet-{TODAY}.html").read_text().startswith("<!DOCTYPE html>")
        assert app.state.checkins == checkins  # a packet is not a 1:1 check-in


async def test_the_check_in_form_round_trip_in_the_app(
    portfolio_path, make_test_app, tmp_path, monkeypatch
):
    import yaml

    monkeypatch.setenv("PROMO_PLANNER_EXPORTS", str(tmp_path))
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "tab-form")
        screen.query_one("#form-export-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        form = tmp_path / f"promo-checkin-{TODAY}.yaml"
        doc = yaml.safe_load(form.read_text())
        first = doc["criteria"][0]["id"]
        # A slip first: the whole form is refused, with the place, and nothing is written.
        bad = form.read_text().replace("  manager:\n", "  manager: sure\n", 1)
        form.write_text(bad)
        ratings = app.state.ratings
        screen.query_one("#form-import-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        status = str(screen.query_one("#form-status").render())
        line = next(i for i, t in enumerate(bad.splitlines(), 1) if "sure" in t)
        assert "Nothing was imported:" in status and f"{form}:{line}:12:" in status
        assert app.state.ratings == ratings
        doc["criteria"][0].update(manager="up", note="Clear impact, well done")
        doc["questions"][2]["manager"] = "The storage roadmap"
        form.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
        await pilot.press("enter")
        await settle(pilot)
        assert "Imported 1 rating from your manager dated" in str(
            screen.query_one("#form-status").render()
        )
        rating = app.state.ratings_of(first)["manager"]
        assert (rating.value, rating.note, rating.rated_on) == (
            "up",
            "Clear impact, well done",
            TODAY,
        )
        assert app.state.manager_answers == {"unclear": "The storage roadmap"}


async def test_tabs_out_of_sight_show_a_change_when_opened(portfolio_path, make_test_app):
    # Only the tab in sight is filled from a new snapshot; the others when they are opened.
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "tab-brief")
        criterion = app.state.guideline.required_ids(app.state.plan.target_level)[5]
        with Store.open(portfolio_path) as other:  # another terminal
            other.rate(criterion, "manager", "down", note="not yet seen", on=TODAY)
            other.add_note("Ask about the on-call rota", TODAY)
        app.reload()
        await settle(pilot)
        assert "Ask about the on-call rota" not in screen_text(app)
        screen.query_one(TabbedContent).active = "tab-health"
        await settle(pilot)
        table = screen.query_one("#health-table", DataTable)
        assert table.get_row_at(table.get_row_index(criterion))[2] == "👎"
        assert "manager: not yet seen" in screen_text(app)
        screen.query_one(TabbedContent).active = "tab-notes"
        await settle(pilot)
        assert "Ask about the on-call rota" in screen_text(app)
