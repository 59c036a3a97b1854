"""Fixtures for the app's tests: a fixed day, a fixed portfolio, an app factory, no blinking.

The portfolio is built through the Store API on the bundled software-engineer ladder, so the
tests see exactly what a user who typed the same things would see. Everything on screen is a
function of ``TODAY`` and the fixture, so snapshots are stable across runs and machines.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import inspect
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rich.cells import cell_len
from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS

if TYPE_CHECKING:
    from textual.pilot import Pilot
    from textual.screen import Screen

    from promo_planner.core.guideline import Guideline
    from promo_planner.tui.app import PromoPlannerApp

TODAY = dt.date(2026, 11, 21)
TARGET_DATE = dt.date(2027, 9, 30)
THEME = "textual-dark"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
"""The terminal sizes every snapshot is taken at: the smallest supported and a roomy one."""

# (days before TODAY, title, impact, [(criterion index in the target's required set, strength)])
# Indexes, not ids, keep the fixture meaningful if the ladder's wording changes; the ladder's
# order is its file order, which the tests read back through the same Guideline.
EVIDENCE: tuple[tuple[int, str, tuple[str, ...], tuple[tuple[int, str], ...]], ...] = (
    (400, "Shipped the billing retry queue", ("failed charges -38%",), ((0, "full"),)),
    (350, "Wrote the on-call runbook", ("pages resolved 2x faster",), ((1, "full"),)),
    (300, "Reviewed 120 pull requests", (), ((2, "full"), (3, "partial"))),
    (250, "Mentored two new hires", ("both shipping in week 2",), ((4, "full"),)),
    (200, "Led the Postgres 16 upgrade", ("zero downtime",), ((5, "full"), (6, "partial"))),
    (150, "Cut CI time from 30 to 12 minutes", ("18 min saved per build",), ((7, "full"),)),
    (120, "Designed the event schema registry", (), ((8, "partial"),)),
    (90, "Ran the incident review for the May outage", ("3 follow-ups closed",), ((9, "full"),)),
    (60, "Presented the caching design at guild", (), ((10, "partial"),)),
    (40, "Onboarded the payments team to tracing", ("p95 visible per endpoint",), ((11, "full"),)),
    (20, "Drafted the 2027 storage roadmap", (), ((12, "partial"),)),
    (5, "Fixed the flaky checkout test suite", ("CI green 99%",), ((0, "partial"),)),
)


PLAN_LEVELS = ("L3", "L4-ic")
"""The fixture's plan: Senior to Staff on the IC track, the promotion most users plan (some
criteria carry over from L3 and count as held; most are new at the target)."""


def _levels(guideline: Guideline) -> tuple[str, str]:
    current, target = PLAN_LEVELS
    assert guideline.is_descendant(target, current), "the bundled ladder changed its levels"
    return current, target


def build_portfolio(path: Path, today: dt.date = TODAY) -> Path:
    """Create the fixture portfolio at ``path`` through the Store API and return the path."""
    from promo_planner.core.loader import resolve_guideline
    from promo_planner.core.records import Checkin, CriterionLink, EvidenceDraft, Plan
    from promo_planner.core.store import Store

    guideline = resolve_guideline("software-engineer")
    current, target = _levels(guideline)
    required = guideline.required_ids(target)
    with Store.open(path, create=True) as store:
        store.set_plan(
            Plan(
                guideline_id=guideline.id,
                guideline_version=guideline.version,
                current_level=current,
                target_level=target,
                target_date=TARGET_DATE,
            ),
            guideline,
        )
        for days, title, impact, links in EVIDENCE:
            # Recorded on the day it happened, as a person keeping the log would: links made
            # after the ratings below ask the manager to look again (rerate), older ones not.
            store.add_evidence(
                EvidenceDraft(
                    title=title,
                    date=today - dt.timedelta(days=days),
                    description=f"{title}.",
                    impact=impact,
                    criteria=tuple(
                        CriterionLink(required[i % len(required)], strength)  # type: ignore[arg-type]
                        for i, strength in links
                    ),
                ),
                today=today - dt.timedelta(days=days),
            )
        on = today - dt.timedelta(days=10)
        store.rate(required[0], "self", "up", on=on)
        store.rate(required[0], "manager", "up", note="clear impact", on=on)
        store.rate(required[1], "self", "up", on=on)
        store.rate(required[1], "manager", "down", note="runbook not adopted yet", on=on)
        store.rate(required[2], "self", "down", on=on)
        store.set_answer("lack", "Leading a cross-team project end to end.")
        store.set_answer("risks", "The storage migration could slip into Q2.")
        store.add_note("Asked for the schema registry rollout as a stretch project.", on)
        # One earlier check-in, so the dashboard has a trend to show.
        store.record_checkin(
            Checkin(
                id=0,
                date=today - dt.timedelta(days=30),
                target_level=target,
                readiness=Decimal("50.0"),
                readiness_claimed=Decimal("50.0"),
                evidence_ids=tuple(range(1, 9)),
                files=(str(path.with_name("report-2026-10-22.md")),),
            )
        )
    return path


def replan(path: Path, **changes: object) -> None:
    """Change the stored plan's fields (``target_date=...``) before the app opens it."""
    from promo_planner.core.store import Store

    with Store.open(path, create=True) as store:
        plan = store.plan()
        assert plan is not None
        store.set_plan(replace(plan, **changes), store.guideline())  # type: ignore[arg-type]


SETTLE_ROUNDS = 200


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the snapshot and every worker started so far have finished.

    Fails when they never do: a test (or a snapshot update) must not go on with a half-loaded
    frame as if it were the settled one.
    """
    from textual.worker import WorkerCancelled, WorkerError

    app = pilot.app

    def quiet() -> bool:
        # Pending workers count too: one started by the last key press may not be running yet.
        return bool(getattr(app, "loaded", False)) and all(w.is_finished for w in app.workers)

    for _ in range(SETTLE_ROUNDS):
        # A reload superseded by a newer one, or one not started yet: wait again.
        with contextlib.suppress(WorkerCancelled, WorkerError):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if quiet():
            # Quiet across one more turn of the loop too: a screen's callback (a dialog
            # dismissed, then the screen under it) may start the next reload only now.
            await pilot.pause()
            if quiet():
                return
    busy = [w.name for w in app.workers if not w.is_finished]
    raise AssertionError(
        f"the app did not settle in {SETTLE_ROUNDS} rounds: loaded={getattr(app, 'loaded', None)},"
        f" workers still running: {busy}"
    )


def record_toasts(app: PromoPlannerApp) -> list[str]:
    """Every notification the app shows from now on, as text, in order (``App.notify`` is
    wrapped; toasts are drawn on a layer of their own that screenshots may not have yet)."""
    said: list[str] = []
    notify = app.notify

    def recording(message: object, *args: object, **kwargs: object) -> None:
        said.append(str(message))
        notify(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign]
    return said


def watch_ranker(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record each build of the suggestion ranker (bm25s, numpy): True when it was built on the
    app's main thread (it never should be: it loads in a worker)."""
    import threading

    import promo_planner.core.suggest as suggest

    on_main_thread: list[bool] = []
    ranker_for = suggest.ranker_for

    def watched(*args: object, **kwargs: object) -> object:
        on_main_thread.append(threading.current_thread() is threading.main_thread())
        return ranker_for(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(suggest, "ranker_for", watched)
    return on_main_thread


NAMED_KEYS = {"escape": "\x1b", "enter": "\r", "tab": "\t", "backspace": "\x7f"}


def keys_at_once(app: PromoPlannerApp, *keys: str) -> None:
    """Deliver keys the way a terminal does when they are typed faster than the app draws: all
    queued at once, none waiting for the app to finish with the one before (``pilot.press``
    waits for the app to be idle after each key, so it never sees type-ahead). A one-character
    string is that character; longer ones are key names (``escape``, ``enter``, ``tab``)."""
    for key in keys:
        if key in NAMED_KEYS:
            event = events.Key(key, NAMED_KEYS[key])
        else:
            assert len(key) == 1, f"not a character or a known key name: {key!r}"
            # Named as Textual's own terminal parser names it (``/`` is ``slash``).
            name = key if key.isalnum() else unicodedata.name(key).lower()
            name = name.replace(" ", "_").replace("-", "_")
            event = events.Key(KEY_NAME_REPLACEMENTS.get(name, name), key)
        app.post_message(event)


async def wait_until(pilot: Pilot[None], done: Callable[[], bool], rounds: int = 100) -> None:
    """Let the app run until ``done()`` holds (state loads in a worker, the filter waits)."""
    for _ in range(rounds):
        if done():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never reached the expected state")


async def open_section(pilot: Pilot[None], key: str, tab: str | None = None) -> Screen[object]:
    """Wait for the portfolio, press a section's key, and (optionally) show one of its tabs."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    if tab is not None:
        from textual.widgets import TabbedContent

        pilot.app.screen.query_one(TabbedContent).active = tab
        await settle(pilot)
    return pilot.app.screen


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no async plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    # The test's own parameters, as pytest's default call passes them (funcargs also holds
    # autouse fixtures the test does not name).
    names = inspect.signature(pyfuncitem.obj).parameters
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def portfolio_path(tmp_path: Path) -> Path:
    """A tmp portfolio with a plan, 12 linked evidence items, ratings, answers and a note."""
    return build_portfolio(tmp_path / "portfolio.db")


@pytest.fixture
def empty_path(tmp_path: Path) -> Path:
    """A portfolio path with nothing in it yet (first run)."""
    return tmp_path / "fresh.db"


@pytest.fixture
def make_test_app() -> Iterator[Callable[[Path], PromoPlannerApp]]:
    """``make_test_app(path)``: the real app on ``path`` with today fixed and a fixed theme."""
    from promo_planner.tui.app import make_app

    def factory(path: Path, today: dt.date = TODAY) -> PromoPlannerApp:
        app = make_app(data_path=path, today=today)
        app.theme = THEME
        return app

    yield factory


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes snapshots depend on timing; keep it steady."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([0-9.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)
_SVG_LINE = re.compile(r'<clipPath id="[^"]*-line-0">\s*<rect [^>]*?width="([0-9.]+)"')


def screen_text(app: PromoPlannerApp) -> str:
    """What the terminal shows, as plain text lines (what a person would read): the top screen
    and, around a dialog, the screen beneath it.

    Read from ``App.export_screenshot()``, Textual's public picture of the screen: an SVG with
    one ``<text>`` per run of characters, placed by column and line.
    """
    svg = app.export_screenshot()
    width, height = app.size
    line = _SVG_LINE.search(svg)
    assert line is not None, "export_screenshot() changed its SVG"
    cell = float(line[1]) / width
    rows = [[" "] * width for _ in range(height)]
    for x, y, text in _SVG_TEXT.findall(svg):
        row, col = rows[int(y)], round(float(x) / cell)
        for char in html.unescape(text).replace("\xa0", " "):
            if col >= width:
                break
            row[col] = char
            # A wide character (an emoji) takes two cells; the second holds nothing.
            col += cell_len(char)
            if cell_len(char) == 2 and col - 1 < width:
                row[col - 1] = ""
    return "\n".join("".join(row) for row in rows)
