"""The real command line in a subprocess, as a shell runs it, and the file system around it.

The adversarial tests (``test_adversarial_*``) hold every case to the same standard: exit code
2, exactly one line on stderr that names what is wrong, nothing on stdout, no traceback, no
hang (every run has a timeout), and nothing written: the folder holding the portfolio is
compared byte for byte before and after (``Tree``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from promo_planner.cli import main
from tests.core.sample_ladder import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-21"
# A minimal Financial Times job family, for `guideline import --from ft`.
FT_SOURCE = """\
name: Data Science
levels:
  - id: a
    name: A
  - id: b
    name: B
themes:
  - id: t1
    name: Theme one
competencies:
  - {id: a1, level: a, theme: t1, summary: Does one.}
  - {id: b1, level: b, theme: t1, summary: Does one better.}
"""
TIMEOUT = 30
"""Seconds any one run may take: a hang (a FIFO read, /dev/zero) fails instead of blocking."""


@dataclass(frozen=True)
class Run:
    """What one run of the command printed and returned."""

    args: tuple[str | bytes, ...]
    code: int
    out: str
    err: str

    def refused(self, *fragments: str) -> None:
        """Exit 2, one line on stderr containing every fragment, nothing on stdout."""
        assert "Traceback" not in self.err, (self.args, self.err)
        assert self.code == 2, (self.args, self.code, self.out, self.err)
        assert self.out == "", (self.args, self.out)
        assert self.err.count("\n") == 1 and self.err.endswith("\n"), (self.args, self.err)
        for fragment in fragments:
            assert fragment in self.err, (self.args, fragment, self.err)

    def ok(self) -> str:
        """Exit 0 and nothing on stderr; returns stdout."""
        assert (self.code, self.err) == (0, ""), (self.args, self.code, self.err)
        return self.out


def run(
    *args: str | bytes | Path,
    stdout: int | None = subprocess.PIPE,
    timeout: float = TIMEOUT,
    preexec_fn: Callable[[], None] | None = None,
    cwd: Path | None = None,
    prefix: Sequence[str] = (),
    env: dict[str, str] | None = None,
) -> Run:
    """``python -m promo_planner ARGS`` in a subprocess (bytes arguments pass as they are)."""
    environment = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    environment.pop("PROMO_PLANNER_DEBUG", None)
    if not env or "PROMO_PLANNER_DATA" not in env:
        environment.pop("PROMO_PLANNER_DATA", None)
    argv: list[str | bytes] = [*prefix, sys.executable, "-m", "promo_planner"]
    argv += [str(a) if isinstance(a, Path) else a for a in args]
    done = subprocess.run(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
        env=environment,
        cwd=cwd,
        preexec_fn=preexec_fn,
        check=False,
    )
    out = done.stdout.decode("utf-8", "backslashreplace") if done.stdout is not None else ""
    return Run(tuple(args_as_text(args)), done.returncode, out, done.stderr.decode())


def args_as_text(args: Sequence[str | bytes | Path]) -> list[str | bytes]:
    """The arguments as they were given, for assertion messages."""
    return [str(a) if isinstance(a, Path) else a for a in args]


def setup(db: Path, *commands: Sequence[str]) -> None:
    """Run commands in-process (fast) on ``db``, each of which must succeed."""
    for command in commands:
        code = main(["--data", str(db), "--today", TODAY, *command])
        assert code == 0, command


def planned(folder: Path) -> Path:
    """A portfolio on the sample ladder with two evidence items, a rating, an answer and a
    note, in ``folder``; returns the database path."""
    ladder = folder / "sample.yaml"
    ladder.write_text(SAMPLE, encoding="utf-8")
    db = folder / "portfolio.db"
    setup(
        db,
        ["init", "--guideline", str(ladder), "--current", "L2", "--target", "L3-ic"],
        ["evidence", "add", "Test suite", "--criterion", "craft.testing", "--date", "2026-10-01"],
        ["evidence", "add", "Design doc", "--criterion", "craft.design:partial"],
        ["rate", "craft.design", "--manager", "down", "--note", "one more"],
        ["answer", "lack", "A cross-team project"],
        ["note", "add", "Ask about the Q1 migration"],
    )
    return db


class Tree:
    """Every entry under a folder (kind, mode, and content or link target), to compare."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries = self._read()

    def _read(self) -> dict[str, tuple[str, int, str]]:
        found: dict[str, tuple[str, int, str]] = {}
        for path in sorted(self.folder.rglob("*")):
            info = path.lstat()
            name = str(path.relative_to(self.folder))
            if stat.S_ISLNK(info.st_mode):
                found[name] = ("link", 0, os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[name] = ("file", info.st_mode & 0o7777, digest)
            elif stat.S_ISDIR(info.st_mode):
                found[name] = ("dir", info.st_mode & 0o7777, "")
            else:
                found[name] = (f"special {stat.S_IFMT(info.st_mode):o}", info.st_mode & 0o7777, "")
        return found

    def unchanged(self) -> None:
        """Assert nothing under the folder was created, removed or changed since."""
        assert self._read() == self.entries


# Root passes every permission check; these capabilities are what lets it. Dropped from the
# bounding set, a process run as root meets file modes like any user (setpriv(1)).
_ROOT_POWERS = "-dac_override,-dac_read_search,-fowner,-linux_immutable"


def as_a_plain_user() -> list[str]:
    """A command prefix under which file permissions hold, even for root (who otherwise
    writes a 0444 file or into a 0555 folder): empty for anyone else."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv(1): permissions cannot be tested")
    return [setpriv, "--bounding-set", _ROOT_POWERS, "--inh-caps", _ROOT_POWERS, "--"]
