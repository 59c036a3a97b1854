"""The app and the command line on one portfolio at the same time, as people use them.

The first build lost acknowledged writes the first time a person used the app and the CLI
together: the app opened a second store on every reload, and closing that store's descriptor
dropped the app's SQLite locks, so a CLI process believed it was the last user and deleted the
write-ahead log under the app. These tests run the real app (Textual's Pilot, in this process)
while other processes write, and then count every write that was acknowledged.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from promo_planner.cli import main
from tests.tui.conftest import settle

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-21"

# A command-line writer: each round is a whole `promo-planner evidence add` (parse, open the
# portfolio, write, print the id, close), run in one process so that 200 rounds take seconds
# instead of the minutes 200 interpreter start-ups would.
WRITER = textwrap.dedent(
    """
    import contextlib, io, sys
    from promo_planner.cli import main
    data, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(count):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--data", data, "--today", "2026-11-21", "evidence", "add",
                         f"{tag} {i}"])
        if code == 0:
            print(f"{tag} {i}", flush=True)
        else:
            print(f"FAILED {tag} {i} {code}", file=sys.stderr, flush=True)
    """
)

# A plain reader, as a person with the sqlite3 shell would be: open, read, close, again.
READER = textwrap.dedent(
    """
    import sqlite3, sys, time
    path, rounds = sys.argv[1], int(sys.argv[2])
    for _ in range(rounds):
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*) FROM evidence").fetchone()
        conn.close()
        time.sleep(0.005)
    """
)


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _stored_titles(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT title FROM evidence")}
    finally:
        conn.close()


def _ratings_stored(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        table = "rating_event" if "rating_event" in tables else "rating"
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def portfolio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "shared.db"
    init = ["init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic"]
    assert main(["--data", str(path), "--today", TODAY, *init, "--target-date", "2027-06-30"]) == 0
    capsys.readouterr()
    return path


async def _app_writes_while(pilot, processes: list[subprocess.Popen[str]]) -> tuple[int, list[str]]:
    """Rate, add evidence and reload in the app until the other processes are done.

    Returns how many ratings the app made and the titles of the evidence it added.
    """
    from promo_planner.tui.dialogs.evidence_form import EvidenceForm

    app = pilot.app
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    ratings = 0
    added: list[str] = []
    rounds = 0
    while any(p.poll() is None for p in processes) or rounds < 3:
        rounds += 1
        await pilot.press("plus" if rounds % 2 else "minus")  # a rating: one write
        ratings += 1
        await pilot.press("down")
        await settle(pilot)
        if rounds % 3 == 0:
            title = f"tui {rounds}"
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, EvidenceForm)
            await pilot.press(*title, "ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, EvidenceForm), "the form did not save"
            added.append(title)
        app.reload()  # as the poll does when another process commits
        await pilot.pause(0.05)
    return ratings, added


async def test_app_and_two_cli_writers_lose_nothing(portfolio: Path) -> None:
    from promo_planner.tui.app import make_app

    app = make_app(data_path=portfolio, today=None)
    async with app.run_test(size=(100, 30)) as pilot:
        writers = [_start(WRITER, str(portfolio), tag, "200") for tag in ("cli-a", "cli-b")]
        ratings, added = await _app_writes_while(pilot, writers)
        outputs = [w.communicate(timeout=120) for w in writers]
        await settle(pilot)
        shown = app.state.evidence_count if app.state is not None else -1
    acknowledged = {line for out, _ in outputs for line in out.splitlines()}
    failures = [err for _, err in outputs if err.strip()]
    assert not failures, failures
    assert len(acknowledged) == 400
    stored = _stored_titles(portfolio)
    assert acknowledged <= stored, sorted(acknowledged - stored)[:5]
    assert set(added) <= stored, sorted(set(added) - stored)
    assert _ratings_stored(portfolio) >= ratings
    # The app's last snapshot saw what was stored.
    assert shown == len(stored)


async def test_a_plain_sqlite3_reader_beside_the_app_and_a_writer_loses_nothing(
    portfolio: Path,
) -> None:
    from promo_planner.tui.app import make_app

    app = make_app(data_path=portfolio, today=None)
    async with app.run_test(size=(100, 30)) as pilot:
        writer = _start(WRITER, str(portfolio), "cli", "150")
        reader = _start(READER, str(portfolio), "300")
        ratings, added = await _app_writes_while(pilot, [writer, reader])
        out, err = writer.communicate(timeout=120)
        reader.communicate(timeout=120)
        await settle(pilot)
    assert reader.returncode == 0
    assert not err.strip(), err
    acknowledged = set(out.splitlines())
    assert len(acknowledged) == 150
    stored = _stored_titles(portfolio)
    assert acknowledged <= stored, sorted(acknowledged - stored)[:5]
    assert set(added) <= stored
    assert _ratings_stored(portfolio) >= ratings
