"""The ranking library (bm25s, numpy, PyStemmer: ~150 ms to import) loads only when a command
asks for suggestions, never with the core or on a headless command's path that does not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import contextlib, importlib, io, json, pkgutil, sys
import promo_planner.core as core
for info in pkgutil.walk_packages(core.__path__, "promo_planner.core."):
    importlib.import_module(info.name)
from promo_planner.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    for argv in json.loads(sys.argv[1]):
        assert main(argv) == 0, argv
heavy = ("numpy", "bm25s", "Stemmer")
print(",".join(sorted(n for n in sys.modules if n.split(".")[0] in heavy)) or "clean")
"""


def _loaded(commands: list[list[str]]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(commands)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_only_asking_for_suggestions_loads_the_ranker(tmp_path: Path) -> None:
    data = ["--data", str(tmp_path / "p.db"), "--today", "2026-03-02"]
    plan = ["init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic"]
    quiet = [
        [*data, *plan],
        [*data, "evidence", "add", "Wrote the payments design doc"],
        [*data, "gaps", "--json"],
        [*data, "path", "--json"],
        [*data, "nudges"],
        [*data, "inbox", "list"],  # nothing pending: nothing to suggest for
    ]
    assert _loaded(quiet) == "clean"
    assert "bm25s" in _loaded([[*data, "suggest", "1"]]).split(",")
