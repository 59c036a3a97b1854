"""The inbox in the app (issue 15): capture's candidates with the criteria they most likely
show; accept through the evidence form, its suggestions ticked and editable; dismiss and
restore; every decision undone by ctrl+z."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input

from promo_planner.core.inbox import CandidateDraft
from promo_planner.core.store import Store
from tests.tui.conftest import (
    TODAY,
    open_section,
    screen_text,
    settle,
    wait_until,
    watch_ranker,
)

DESIGN = CandidateDraft(
    fingerprint="merge:1",
    source="git:/src/shop",
    kind="merge",
    title="Design doc for the payments retry service, reviewed across teams",
    date=TODAY - dt.timedelta(days=3),
    description="Merge of design/retry: the design doc and its review with three teams.",
    commits=("a" * 40, "b" * 40),
    added=420,
    removed=80,
    file_count=3,
    files=("docs/design/retry.md", "services/payments/retry.py", "services/payments/keys.py"),
    links=("https://github.com/acme/shop/pull/9",),
)
INCIDENT = CandidateDraft(
    fingerprint="ticket:OPS-7",
    source="git:/src/shop",
    kind="ticket",
    title="OPS-7: incident follow-ups and alerting for checkout",
    date=TODAY - dt.timedelta(days=10),
    commits=("c" * 40,),
    added=60,
    removed=5,
    file_count=1,
    files=("ops/alerts/checkout.yaml",),
)


def _with_candidates(path) -> None:
    with Store.open(path) as store:
        store.add_candidates([DESIGN, INCIDENT])


async def _inbox(pilot):
    screen = await open_section(pilot, "6")
    await wait_until(pilot, lambda: len(screen.suggestions) == 2)
    await settle(pilot)
    return screen


async def test_the_inbox_lists_candidates_with_the_criteria_they_most_likely_show(
    portfolio_path, make_test_app, monkeypatch
):
    threads = watch_ranker(monkeypatch)
    _with_candidates(portfolio_path)
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert threads == []  # start-up never builds the ranker
        screen = await _inbox(pilot)
        assert threads and not any(threads)  # built off the main thread
        text = screen_text(app)
        assert "2 waiting for review" in text
        assert DESIGN.title[:40] in text and "+420/−80" in text and "2 commits" in text
        first = screen.suggestions[screen.candidates[0].id][0]
        assert first.criterion.id.startswith("design."), first
        assert first.criterion.title[:30] in text  # shown with the candidate
        detail = str(screen.query_one("#inbox-detail-text").content)
        assert "Suggested criteria" in detail and "design" in detail  # the words that matched


async def test_accepting_opens_the_form_with_the_suggestions_ticked_and_is_undone(
    portfolio_path, make_test_app
):
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm
    from promo_planner.tui.widgets.criteria_picker import CriteriaPicker

    _with_candidates(portfolio_path)
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _inbox(pilot)
        candidate = screen.candidates[0]
        suggested = [s.criterion.id for s in screen.suggestions[candidate.id]]
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EvidenceForm)
        title = form.query_one("#ev-title", Input)
        assert title.value == DESIGN.title
        assert form.query_one("#ev-date", Input).value == str(DESIGN.date)
        assert [link.criterion_id for link in form.query_one(CriteriaPicker).chosen] == [
            cid
            for cid in form.query_one(CriteriaPicker).guideline.required_ids("L4-ic")
            if cid in suggested
        ]
        # Edited before accepting: the title says what it was for.
        title.value = "Retry design for payments, reviewed by three teams"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert [c.id for c in screen.candidates] == [screen.candidates[0].id]  # one left
        with Store.open(portfolio_path) as store:
            made = store.candidate(candidate.id)
            evidence = store.evidence(made.evidence_id)
        assert evidence.title == "Retry design for payments, reviewed by three teams"
        assert evidence.kind == "git" and evidence.impact == DESIGN.impact
        assert {link.criterion_id for link in evidence.criteria} == set(suggested)
        # ctrl+z: the evidence goes and the candidate waits again.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len(screen.candidates) == 2
        with Store.open(portfolio_path) as store:
            assert store.candidate(candidate.id).status == "pending"
            assert evidence.id not in {ev.id for ev in store.list_evidence()}


async def test_dismiss_and_restore(portfolio_path, make_test_app):
    _with_candidates(portfolio_path)
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _inbox(pilot)
        dismissed = screen.candidates[0]
        await pilot.press("d")
        await settle(pilot)
        assert [c.id for c in screen.candidates] == [_other(screen, dismissed)]
        await pilot.press("v")  # the dismissed ones
        await settle(pilot)
        assert [c.id for c in screen.candidates] == [dismissed.id]
        assert "1 dismissed" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert screen.candidates == []
        await pilot.press("v")
        await settle(pilot)
        assert len(screen.candidates) == 2
        await pilot.press("d", "ctrl+z")  # dismissed, and taken back
        await settle(pilot)
        assert len(screen.candidates) == 2


def _other(screen, dismissed) -> int:
    """The number of the candidate that is not ``dismissed``."""
    return next(c.id for c in screen.planner.store.candidates() if c.id != dismissed.id)


async def test_an_empty_inbox_says_how_to_fill_it(portfolio_path, make_test_app):
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_section(pilot, "6")
        text = " ".join(screen_text(app).split())
        assert "Nothing waits for review" in text and "capture git REPO" in text
