"""What a person feels all day: the time from a key to the screen answering.

The app runs on a pseudo-terminal at 120×40 on a generated portfolio; each measure sends one
key (or a short sequence whose last key is the one timed) and waits for the text that says the
screen has answered. The baseline is a bare Textual app switching screens on a key, measured
the same way in the same run, so every row is a ratio that a noisy machine changes little.

    python benchmarks/interaction.py [--evidence 1000 10000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import terminal  # noqa: E402

PY = sys.executable
SIZE = (40, 120)
TODAY = "2026-11-21"

BARE_SWITCH = """
from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

class Two(Screen):
    def compose(self):
        yield Header()
        yield Static("Second screen")
        yield Footer()

class One(Screen):
    def compose(self):
        yield Header()
        yield Static("First screen")
        yield Footer()

class Bare(App):
    BINDINGS = [("1", "switch_mode('one')", "One"), ("2", "switch_mode('two')", "Two")]
    MODES = {"one": One, "two": Two}
    DEFAULT_MODE = "one"

Bare().run()
"""


@dataclass(frozen=True)
class Step:
    """One timed interaction: keys sent first (not timed), the timed key, the answer awaited,
    and keys that bring the app back to where the next round starts."""

    name: str
    setup: tuple[str, ...]
    key: str
    answer: str | Callable[[str], str]
    """A pattern, or a function of the screen text before the key that makes one."""
    reset: tuple[str, ...] = ()
    settle: float = 0.6


ESC = "\x1b"
CTRL_S = "\x13"
ENTER = "\r"

STEPS: tuple[Step, ...] = (
    Step("`a` to the evidence form ready", ("1",), "a", r"esc Cancel", reset=(ESC, ESC)),
    Step("section 2, Criteria", ("1",), "2", r"\d+ of \d+ required"),
    Step("section 3, Evidence", ("1",), "3", r"\d[\d,]* items"),
    Step("section 4, Path", ("1",), "4", r"feasible|late"),
    Step("section 5, 1:1", ("1",), "5", r"Health check"),
    Step("section 1, Dashboard", ("2",), "1", r"Recent evidence"),
    # Answered when the criterion's detail shows the new rating (read back from the portfolio),
    # not when the toast says it was saved; "-" afterwards, so the next "+" changes it again.
    Step("a rating (+ on a criterion)", ("2",), "+", r"Rated: self 👍", reset=("-",)),
    # Answered when the criterion's detail counts one more piece of evidence.
    Step(
        "a link (enter in the picker)", ("2", "l", "\x1b[B"), ENTER, lambda before: one_more(before)
    ),
    # Answered when the dashboard lists the new item ({n}: the round, so each title is new).
    Step(
        "a save (ctrl+s in the form)",
        ("1", "a", "Bench save {n}"),
        CTRL_S,
        r"\d{4}-\d\d-\d\d Bench save {n}\b",
    ),
    Step(
        "a filter keystroke (evidence)",
        ("3", "/", "kestre"),
        "l",
        r"\d+ of [\d,]+",
        reset=(ESC, ESC),
    ),
)


def bare_switch(rounds: int) -> float:
    """Median seconds for the bare app to answer a key with another screen."""
    session = terminal.start([PY, "-c", BARE_SWITCH], size=SIZE)
    try:
        session.wait_for("First screen")
        times = []
        for i in range(rounds * 2):
            key, text = ("2", "Second screen") if i % 2 == 0 else ("1", "First screen")
            time.sleep(0.3)
            mark = session.send(key)
            times.append(session.wait_for(text, since=mark, timeout=20))
        return statistics.median(times)
    finally:
        session.close()


def app_steps(db: Path, rounds: int, steps: tuple[Step, ...] = STEPS) -> dict[str, float]:
    """Median seconds per step for the app on ``db``."""
    argv = [PY, "-m", "promo_planner", "--data", str(db), "--today", TODAY]
    session = terminal.start(argv, size=SIZE)
    results: dict[str, list[float]] = {s.name: [] for s in steps}
    try:
        session.wait_for("Readiness", timeout=120)
        time.sleep(2.0)  # the path is planned after the first frame
        # Visit every section once: the rows measure a person's day, not each screen's birth.
        for key in "234551":
            session.send(key)
            time.sleep(1.5)
        for n in range(rounds):
            for step in steps:
                for key in step.setup:
                    session.send(key.replace("{n}", str(n)))
                    time.sleep(0.4)
                time.sleep(step.settle)
                drain(session)
                mark = session.send(step.key)
                answer = (
                    step.answer(session.text())
                    if callable(step.answer)
                    else step.answer.replace("{n}", str(n))
                )
                results[step.name].append(session.wait_for(answer, since=mark, timeout=60))
                for key in step.reset:
                    time.sleep(0.8)
                    session.send(key)
                time.sleep(0.4)
        return {name: statistics.median(values) for name, values in results.items()}
    finally:
        session.close()


def one_more(before: str) -> str:
    """The detail pane's evidence count, one up from the last one drawn."""
    import re

    counts = re.findall(r"Evidence \((\d+)\)", before)
    return rf"Evidence \({int(counts[-1]) + 1}\)" if counts else r"Evidence \(\d+\)"


def drain(session: terminal.Session, quiet: float = 0.2) -> None:
    """Read what the app is still drawing until it has been quiet for ``quiet`` seconds, so an
    answer is only looked for in what the timed key makes it draw."""
    import os
    import select

    while True:
        ready, _, _ = select.select([session.fd], [], [], quiet)
        if not ready:
            return
        try:
            chunk = os.read(session.fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        session.raw += chunk


SIZES = (1_000, 10_000, 100_000)
"""The portfolios measured by ``make bench``: the target holds at 10,000; the others show growth."""


def measured(
    rounds: int, sizes: tuple[int, ...] = SIZES, steps: tuple[Step, ...] = STEPS
) -> list[tuple[int, str, float, float]]:
    """(evidence, step, seconds, bare switch seconds) for every step at every size; the bare
    app's switch is measured once per size, right before that size's steps (same load)."""
    from run import copy_of, portfolio

    found = []
    for n in sizes:
        base = bare_switch(rounds)
        with tempfile.TemporaryDirectory(prefix="promo-bench-") as scratch:
            db = copy_of(portfolio(n), Path(scratch))
            for name, value in app_steps(db, rounds, steps).items():
                found.append((n, name, value, base))
    return found


def main() -> int:
    """Print the table for the sizes asked for."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--evidence", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", nargs="+", help="only the steps whose names contain these words")
    args = ap.parse_args()
    steps = tuple(
        s for s in STEPS if not args.steps or any(w.lower() in s.name.lower() for w in args.steps)
    )
    for n, name, value, base in measured(args.rounds, tuple(args.evidence), steps):
        print(f"{n:>7,}  {name:<40} {value * 1000:7.0f} ms  {value / base:5.1f}× bare")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
