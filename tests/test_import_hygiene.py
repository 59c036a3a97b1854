"""The core and the headless commands never load Textual or Rich (STYLE: core is UI-free).

Run in a fresh interpreter, because this test process has very likely imported Textual already.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "promo_planner" / "core"

PROBE = """
import contextlib, importlib, io, pkgutil, sys
import promo_planner.core as core
for info in pkgutil.walk_packages(core.__path__, "promo_planner.core."):
    importlib.import_module(info.name)
from promo_planner.cli import build_parser, main
build_parser()  # imports every command module
with contextlib.redirect_stdout(io.StringIO()):
    for argv in (
        ["guideline", "list"],
        ["guideline", "show", "software-engineer"],
        ["guideline", "show", "software-engineer", "--level", "L3", "--json"],
        ["guideline", "check", "guidelines/software-engineer.yaml"],
        ["guideline", "schema"],
    ):
        code = main(argv)
        assert code == 0, (argv, code)
loaded = sorted(
    name for name in sys.modules if name.split(".")[0] in ("textual", "rich")
)
print(",".join(loaded) or "clean")
"""


def test_core_and_headless_commands_do_not_load_textual_or_rich() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean", result.stdout


UI_IMPORT = re.compile(r"^\s*(import|from)\s+(textual|rich)\b", re.MULTILINE)


def test_no_core_file_imports_textual_or_rich() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 5
    offenders = [str(f.relative_to(ROOT)) for f in files if UI_IMPORT.search(f.read_text())]
    assert offenders == []


def test_the_static_check_would_catch_an_import() -> None:
    assert UI_IMPORT.search("from promo_planner import x\n    import textual.app\n")
    assert UI_IMPORT.search("from rich.text import Text\n")
    assert not UI_IMPORT.search("import richer\n# from textual docs\n")


# A portfolio command run through main() in a fresh interpreter; prints what it loaded of the
# heavy or UI packages (the guideline file models need pydantic, the loader PyYAML: opening a
# portfolio must use the stored resolved ladder instead).
COMMAND_PROBE = """
import contextlib, io, json, sys
from promo_planner.cli import main
argv = json.loads(sys.argv[1])
with contextlib.redirect_stdout(io.StringIO()):
    code = main(argv)
assert code == 0, (argv, code)
heavy = ("textual", "rich", "pydantic", "pydantic_core", "yaml")
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in heavy or name == "promo_planner.core.loader"
)
print(",".join(loaded) or "clean")
"""

TINY_LADDER = """\
schema: promo-planner/guideline/v1
id: tiny
name: Tiny Ladder
levels:
  - id: L1
    title: Engineer
  - id: L2
    title: Senior Engineer
areas:
  - id: craft
    name: Craft
criteria:
  - id: craft.tests
    area: craft
    level: L2
    title: Writes good tests
"""


def test_portfolio_commands_load_no_ui_pydantic_yaml_or_loader(tmp_path: Path) -> None:
    from promo_planner.cli import main

    ladder = tmp_path / "tiny.yaml"
    ladder.write_text(TINY_LADDER, encoding="utf-8")
    data = ["--data", str(tmp_path / "portfolio.db"), "--today", "2026-03-02"]
    init = ["init", "--guideline", str(ladder), "--current", "L1", "--target", "L2"]
    assert main([*data, *init]) == 0  # the one command that reads a guideline file
    assert main([*data, "evidence", "add", "Harness", "--criterion", "craft.tests"]) == 0
    for command in (
        ["evidence", "add", "Second harness", "--criterion", "craft.tests:partial"],
        ["gaps", "--json"],
        ["path", "--json"],
        ["report"],
        ["report", "--format", "html"],
    ):
        result = subprocess.run(
            [sys.executable, "-c", COMMAND_PROBE, json.dumps([*data, *command])],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert result.returncode == 0, (command, result.stderr)
        assert result.stdout.strip() == "clean", (command, result.stdout)
