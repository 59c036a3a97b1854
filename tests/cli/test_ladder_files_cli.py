"""Ladder files as an adversary hands them over (issue 11): run as a user runs the command.

Every case is the real command line in a subprocess, with a timeout: one clear line on stderr,
exit 2, nothing written, no traceback, no hang. The shapes that must simply work (chains of
thousands of levels or prerequisites listed dependents-first) exit 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "promo_planner", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one line of a clean refusal."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.rstrip("\n")


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- files that are not


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "ladder.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["guideline", "check", "{path}"],
        ["guideline", "show", "{path}"],
        ["guideline", "import", "--from", "ft", "{path}", "-o", "out.yaml"],
        ["init", "--guideline", "{path}", "--current", "L1", "--target", "L2"],
    ],
    ids=["check", "show", "import", "init"],
)
def test_a_fifo_is_refused_at_once(command: list[str], fifo: Path, tmp_path: Path) -> None:
    before = listing(tmp_path)
    argv = [word.replace("{path}", str(fifo)) for word in command]
    line = refused(run("--data", str(tmp_path / "p.db"), *argv, cwd=tmp_path))
    assert line == f"{fifo}: not a regular file (a pipe or a device); give a file"
    assert listing(tmp_path) == before


@pytest.mark.parametrize(
    "command",
    [
        ["guideline", "check", "/dev/zero"],
        ["guideline", "show", "/dev/zero"],
        ["guideline", "import", "--from", "monzo", "/dev/zero", "-o", "out.yaml"],
    ],
    ids=["check", "show", "import"],
)
def test_an_endless_device_is_not_read(command: list[str], tmp_path: Path) -> None:
    line = refused(run(*command, cwd=tmp_path))
    assert line == "/dev/zero: not a regular file (a pipe or a device); give a file"
    assert listing(tmp_path) == []


def test_a_latin_1_sheet_names_line_and_column(tmp_path: Path) -> None:
    sheet = tmp_path / "ladder.csv"
    sheet.write_bytes("level,area,title\nL3,Craft,Écrit des tests\n".encode("latin-1"))
    line = refused(
        run("guideline", "import", "--from", "csv", str(sheet), "-o", "o.yaml", cwd=tmp_path)
    )
    assert line == f"{sheet}:2:10: not UTF-8 text (byte 0xc9); save the file as UTF-8"
    assert listing(tmp_path) == ["ladder.csv"]


def test_a_latin_1_ft_file_names_line_and_column(tmp_path: Path) -> None:
    source = tmp_path / "family.yml"
    source.write_bytes("name: Ingénierie\nlevels: []\n".encode("latin-1"))
    line = refused(
        run("guideline", "import", "--from", "ft", str(source), "-o", "o.yaml", cwd=tmp_path)
    )
    assert line == f"{source}:1:10: not UTF-8 text (byte 0xe9); save the file as UTF-8"


# --------------------------------------------------------------------------- long chains


def chain_ladder(n: int, *, levels: bool) -> str:
    """A valid ladder whose ``after`` (levels=True) or ``requires`` chain is ``n`` long, every
    entry listed before the one it depends on."""
    out = ["schema: promo-planner/guideline/v1", "id: long", "name: Long", "levels:"]
    out.append("  - {id: L0, title: Zero}")  # where the plan starts: nothing held
    out.append("  - {id: L1, title: One}")
    if levels:
        out += [f"  - {{id: L{i}, title: Level {i}, after: L{i - 1}}}" for i in range(n, 1, -1)]
    out += ["areas:", "  - {id: a, name: Area}", "criteria:"]
    for i in range(n, 0, -1):
        level = f"L{i}" if levels else "L1"
        requires = f", requires: [c{i - 1}]" if i > 1 else ""
        out.append(f"  - {{id: c{i}, area: a, level: {level}, title: Step {i}{requires}}}")
    return "\n".join(out) + "\n"


def test_a_requires_chain_thousands_long_listed_dependents_first(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(chain_ladder(3000, levels=False))
    data = str(tmp_path / "p.db")
    assert run("guideline", "check", str(path), cwd=tmp_path).stdout == f"{path}: ok\n"
    plan = ["init", "--guideline", str(path), "--current", "L0", "--target", "L1"]
    result = run("--data", data, *plan, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = run("--data", data, "gaps", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"status": "missing"') == 3000


def test_an_after_chain_thousands_long_listed_dependents_first(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(chain_ladder(1500, levels=True))
    result = run("guideline", "show", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    assert last.strip() == "└─ L1500  Level 1500  1 new / 1500  (a 1)"
    assert len(last) < 100  # indentation stops growing past a dozen levels
    result = run("guideline", "show", str(path), "--level", "L1500", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"c') == 1500
