"""The launcher's reading ahead: a child process reads the portfolio while Textual is imported.
What it hands over must be the portfolio as the app's own connection sees it, or nothing (the
app then reads it itself); a child never outlives the hand-over."""

from __future__ import annotations

import os
import re
import select
import sys
import time
from pathlib import Path

import pytest

from promo_planner.core.records import CriterionLink, EvidenceDraft
from promo_planner.core.snapshot import read_snapshot
from promo_planner.core.store import Store
from promo_planner.tui import read_ahead
from tests.bench_modules import load_benchmark
from tests.tui.conftest import TODAY

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="reading ahead needs fork()")


def child_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_reading_ahead_is_the_portfolio_as_read_here(portfolio_path: Path) -> None:
    ahead = read_ahead.start(portfolio_path, TODAY)
    assert ahead is not None
    pid = ahead._pid
    with Store.open(portfolio_path) as store:
        taken = ahead.take(store)
        here = read_snapshot(store, TODAY)
    assert taken is not None and here is not None
    assert taken.assessment == here.assessment  # the readiness the first frame shows
    assert taken.recent == here.recent
    assert (taken.plan, taken.ratings, taken.checkins, taken.notes) == (
        here.plan,
        here.ratings,
        here.checkins,
        here.notes,
    )
    assert taken.evidence_count == here.evidence_count
    assert taken.index == here.index  # unpacked only now, when asked for
    assert taken.tallies == here.tallies
    assert taken.path.items == here.path.items
    assert taken.data_version == here.data_version  # the app's own connection's number
    assert child_is_gone(pid)


def test_a_change_committed_after_the_childs_read_is_never_hidden(portfolio_path: Path) -> None:
    # The CLI in another terminal saves evidence while the app starts: the child read the
    # portfolio before it; its reading is refused and the app reads the portfolio itself.
    ahead = read_ahead.start(portfolio_path, TODAY)
    assert ahead is not None
    ready, _, _ = select.select([ahead._answers], [], [], 30)
    assert ready, "the child never sent its reading"
    with Store.open(portfolio_path) as other:
        other.add_evidence(
            EvidenceDraft(
                "Saved from the other terminal",
                TODAY,
                criteria=(CriterionLink("craft.hard-problems", "full"),),
            ),
            today=TODAY,
        )
    with Store.open(portfolio_path) as store:
        assert ahead.take(store) is None


def test_nothing_to_read_ahead_on_a_first_run(tmp_path: Path) -> None:
    assert read_ahead.start(tmp_path / "new.db", TODAY) is None  # no file: setup comes first
    Store.open(tmp_path / "empty.db", create=True).close()
    ahead = read_ahead.start(tmp_path / "empty.db", TODAY)  # a portfolio with no plan yet
    assert ahead is not None
    pid = ahead._pid
    with Store.open(tmp_path / "empty.db") as store:
        assert ahead.take(store) is None
    assert child_is_gone(pid)


def test_a_child_that_never_answers_is_stopped(portfolio_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(read_ahead, "WAIT_SECONDS", 0.2)
    monkeypatch.setattr(read_ahead, "_child", lambda *args: (time.sleep(60), os._exit(0)))
    ahead = read_ahead.start(portfolio_path, TODAY)
    assert ahead is not None
    pid = ahead._pid
    with Store.open(portfolio_path) as store:
        assert ahead.take(store) is None  # after WAIT_SECONDS, not a minute
    assert child_is_gone(pid)


def test_the_app_started_in_a_terminal_shows_the_readiness_gaps_reports(
    portfolio_path: Path,
) -> None:
    # The whole launch, as a person starts it: the figure on screen comes from the child's
    # reading and equals the command line's.
    from promo_planner.cli import main

    terminal = load_benchmark("terminal")
    argv = [sys.executable, "-m", "promo_planner", "--data", str(portfolio_path)]
    argv += ["--today", TODAY.isoformat()]
    session = terminal.start(argv, size=(30, 100))
    try:
        session.wait_for(r"of 90% needed", timeout=60)
        shown = re.findall(r"(\d+\.\d)% of 90% needed", session.text())[-1]
    finally:
        session.close()
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--data", str(portfolio_path), "--today", TODAY.isoformat(), "gaps"]) == 0
    assert f"Readiness {shown}%" in out.getvalue()
