"""Criteria suggested in the evidence form for what is typed, with the words that matched,
one key to tick one (issue 15)."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import keys_at_once, settle, wait_until, watch_ranker


async def test_the_form_suggests_criteria_for_what_is_typed_and_one_key_ticks_one(
    portfolio_path, make_test_app, monkeypatch
):
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm
    from promo_planner.tui.widgets.criteria_picker import CriteriaPicker

    on_main_thread = watch_ranker(monkeypatch)
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        keys_at_once(app, "a", *"Ran the incident review and wrote the postmortem")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EvidenceForm)
        # The ranker loads a moment after the form is up (the form's first frames first).
        await wait_until(pilot, lambda: bool(form.suggestions))
        await settle(pilot)
        assert on_main_thread == [False]  # the ranker is built in a thread, once
        first, second = form.suggestions[0], form.suggestions[1]
        line = str(form.query_one("#ev-suggested").content)
        assert f"1 {first.criterion.title}" in line
        assert first.words and f"({', '.join(first.words[:3])})" in line  # why
        picker = form.query_one(CriteriaPicker)
        assert picker.chosen == ()
        await pilot.press("alt+1")  # while the title has the focus: nothing typed
        assert form.query_one("#ev-title", Input).value.endswith("postmortem")
        assert [link.criterion_id for link in picker.chosen] == [first.criterion.id]
        assert f"1 ✓ {first.criterion.title}" in str(form.query_one("#ev-suggested").content)
        await pilot.press("escape", "2")  # out of the field, a plain digit
        chosen = {link.criterion_id for link in picker.chosen}
        assert chosen == {first.criterion.id, second.criterion.id}
        await pilot.press("1")  # again: unticked
        assert {link.criterion_id for link in picker.chosen} == {second.criterion.id}
