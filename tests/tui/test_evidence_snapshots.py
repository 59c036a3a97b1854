"""What the evidence section and its form look like, at the smallest supported terminal and a
roomy one, on the fixed fixture portfolio (today is 2026-11-21)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from promo_planner.tui.app import PromoPlannerApp
from promo_planner.tui.dialogs.evidence_form import EvidenceForm
from promo_planner.tui.screens.evidence import EvidenceScreen
from tests.tui.conftest import SIZES, wait_until


async def _until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    await wait_until(pilot, done, rounds=200)


async def _evidence(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, PromoPlannerApp)
    await _until(pilot, lambda: app.state is not None)
    await pilot.press("3")
    await _until(pilot, lambda: isinstance(app.screen, EvidenceScreen))
    await pilot.press("down")  # the second item: impact, two criteria in the detail pane
    await pilot.pause()


async def _edit_form(pilot: Pilot[None]) -> None:
    await _evidence(pilot)
    await pilot.press("e")
    await _until(pilot, lambda: isinstance(pilot.app.screen, EvidenceForm))
    await pilot.pause()


async def _refused_form(pilot: Pilot[None]) -> None:
    await _evidence(pilot)
    await pilot.press("a", "tab", "ctrl+a", "ctrl+k", *"2026-13-01", "ctrl+s")
    await _until(pilot, lambda: isinstance(pilot.app.screen, EvidenceForm))
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_evidence_screen(
    snap_compare: Any, portfolio_path: Path, make_test_app: Callable[[Path], Any], size: Any
) -> None:
    assert snap_compare(make_test_app(portfolio_path), terminal_size=size, run_before=_evidence)


@pytest.mark.parametrize("size", SIZES)
def test_evidence_form_editing(
    snap_compare: Any, portfolio_path: Path, make_test_app: Callable[[Path], Any], size: Any
) -> None:
    assert snap_compare(make_test_app(portfolio_path), terminal_size=size, run_before=_edit_form)


def test_evidence_form_refusing_an_empty_title_and_a_bad_date(
    snap_compare: Any, portfolio_path: Path, make_test_app: Callable[[Path], Any]
) -> None:
    assert snap_compare(
        make_test_app(portfolio_path), terminal_size=(80, 24), run_before=_refused_form
    )
