"""promo-planner installed as a user installs it: the sdist and the wheel built with
``python -m build``, the wheel installed into a fresh virtual environment outside the source
tree, and the tool run from another folder: ``guideline list``, ``init`` on a bundled ladder,
``gaps --json``, Tab completion, and the app on a terminal up to its dashboard.

Offline and quick enough for the test command: the build runs without isolation on the test
environment's pinned setuptools, and the fresh environment borrows the test environment's
installed dependencies (a ``.pth`` line) instead of downloading them; pip still checks the
wheel's pinned requirements against them. The source tree is never on the path: every run
starts in an empty folder, with the package imported from the new environment.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from promo_planner import __version__
from tests.bench_modules import load_benchmark

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "promo_planner"
TIMEOUT = 120
NOT_SHIPPED = ("__pycache__", ".pyc")


def run(argv: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    """Run to completion (exit 0, nothing on stderr); returns stdout."""
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, (argv, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


def package_files() -> set[str]:
    """Every file of the package in the source tree, as a wheel names it."""
    return {
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*")
        if path.is_file() and not any(part in str(path) for part in NOT_SHIPPED)
    }


@dataclass(frozen=True)
class Installed:
    """The built artefacts and the fresh environment the wheel went into."""

    sdist: Path
    wheel: Path
    venv: Path
    home: Path
    """An empty folder outside the source tree: the working directory of every run."""
    env: dict[str, str]

    @property
    def program(self) -> Path:
        return self.venv / "bin" / "promo-planner"

    def __call__(self, *args: str | Path) -> str:
        return run([self.program, *args], self.home, self.env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    # Built from a copy, so the build's egg-info and build/ never land in the working tree.
    source = base / "source"
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", "build",
            "dist", "out", "__snapshots__",
        ),
    )  # fmt: skip
    dist = base / "dist"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PROMO_PLANNER", "PYTHON"))}
    # The sdist, then the wheel built from the unpacked sdist: a file the sdist forgets fails.
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source], base, clean)
    (sdist,) = dist.glob("promo_planner-*.tar.gz")
    (wheel,) = dist.glob("promo_planner-*.whl")

    venv = base / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], base, clean)
    fresh = run([venv / "bin" / "python", "-c", PURELIB], base, clean).strip()
    # The test environment's site-packages, added as a plain path: its .pth files (the editable
    # install of this tree among them) are not run, so promo_planner is not importable from it.
    borrowed = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
    Path(fresh, "_test_environment.pth").write_text("\n".join(borrowed) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python"]
    run([*pip, "install", "--no-index", "--disable-pip-version-check", wheel], base, clean)

    home = base / "elsewhere"
    home.mkdir()
    env = {**clean, "PROMO_PLANNER_DATA": str(home / "portfolio.db")}
    return Installed(sdist, wheel, venv, home, env)


PURELIB = "import sysconfig; print(sysconfig.get_path('purelib'))"


def test_guidelines_at_the_root_is_the_packaged_folder_and_git_keeps_it_a_link() -> None:
    from promo_planner.core.paths import bundled_guidelines_dir

    assert bundled_guidelines_dir() == PACKAGE / "guidelines"
    assert (ROOT / "guidelines").is_symlink()
    assert os.readlink(ROOT / "guidelines") == "promo_planner/guidelines"  # relative: clones
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: how git stores the link cannot be read here")
    staged = subprocess.run(
        ["git", "ls-files", "--stage", "guidelines"], cwd=ROOT, capture_output=True, text=True
    )
    assert staged.stdout.split()[0] == "120000", staged  # a symbolic link, not a folder


def test_the_wheel_holds_every_file_of_the_package_and_nothing_else(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    shipped = {n for n in names if not n.startswith(f"promo_planner-{__version__}.dist-info/")}
    assert shipped == package_files()
    assert {
        "promo_planner/guidelines/software-engineer.yaml",
        "promo_planner/guidelines/site-reliability-engineer.yaml",
        "promo_planner/guidelines/examples/engineering-ladder.csv",
        "promo_planner/tui/app.tcss",
    } <= shipped
    entry_points = zipfile.ZipFile(installed.wheel).read(
        f"promo_planner-{__version__}.dist-info/entry_points.txt"
    )
    assert b"promo-planner = promo_planner.cli:main" in entry_points


def test_the_sdist_holds_the_ladders_as_real_files(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as sdist:
        members = {m.name.split("/", 1)[1]: m for m in sdist.getmembers() if "/" in m.name}
    assert not [name for name, m in members.items() if m.issym() or m.islnk()]
    for name in package_files():
        assert members[name].isfile(), name
    assert {"pyproject.toml", "README.md"} <= set(members)


def test_the_package_runs_from_the_new_environment_not_the_source(installed: Installed) -> None:
    probe = "import promo_planner; print(promo_planner.__file__)"
    where = run([installed.venv / "bin" / "python", "-c", probe], installed.home, installed.env)
    assert Path(where.strip()).is_relative_to(installed.venv)


def test_guideline_list_init_and_gaps_from_another_folder(installed: Installed) -> None:
    listed = installed("guideline", "list").splitlines()
    assert [line.split()[0] for line in listed] == [
        "ID",
        "site-reliability-engineer",
        "software-engineer",
    ]
    planned = installed(
        "--today", "2026-11-21", "init", "--guideline", "software-engineer",
        "--current", "L3", "--target", "L4-ic", "--target-date", "2027-06-30",
    )  # fmt: skip
    assert planned.startswith("Planned software-engineer 2026.1: L3 -> L4-ic")
    installed(
        "--today", "2026-11-21", "evidence", "add", "Led the payments retry redesign",
        "--criterion", "design.multi-team",
    )  # fmt: skip
    gaps = json.loads(installed("--today", "2026-11-21", "gaps", "--json"))
    assert (gaps["guideline"], gaps["current_level"], gaps["target_level"]) == (
        "software-engineer",
        "L3",
        "L4-ic",
    )
    multi_team = next(c for c in gaps["criteria"] if c["id"] == "design.multi-team")
    assert multi_team["evidence"] == [1]
    version = installed("--version").splitlines()
    assert version[0] == f"promo-planner {__version__}"
    assert version[2] == f"data folder {installed.home} (portfolio.db)"


def test_the_bundled_example_sheet_imports(installed: Installed) -> None:
    sheet = next(installed.venv.rglob("guidelines/examples/engineering-ladder.csv"))
    out = installed.home / "ladder.yaml"
    installed("guideline", "import", "--from", "csv", sheet, "-o", out)
    assert installed("guideline", "check", out).strip().endswith("ok")


def test_tab_completes_a_criterion_id_from_the_installed_program(installed: Installed) -> None:
    installed(
        "--today", "2026-11-21", "init", "--guideline", "software-engineer",
        "--current", "L3", "--target", "L4-ic",
    )  # fmt: skip
    assert "complete -o nospace -o bashdefault -F _python_argcomplete promo-planner" in installed(
        "completion", "bash"
    )
    answer = installed.home / "tab.out"
    line = "promo-planner rate design.mu"
    tab = {
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_SUPPRESS_SPACE": "1",
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
    }
    run([installed.program], installed.home, {**installed.env, **tab})
    assert answer.read_text() == "design.multi-team"


def test_the_app_opens_on_its_dashboard_in_a_terminal(installed: Installed) -> None:
    installed(
        "--today", "2026-11-21", "init", "--guideline", "software-engineer",
        "--current", "L3", "--target", "L4-ic", "--target-date", "2027-06-30",
    )  # fmt: skip
    terminal = load_benchmark("terminal")
    here = os.getcwd()
    os.chdir(installed.home)  # the program starts in this folder
    try:
        session = terminal.start(
            [str(installed.program), "--today", "2026-11-21"], env=installed.env, size=(30, 100)
        )
    finally:
        os.chdir(here)
    try:
        session.wait_for(r"Readiness", timeout=60)
        session.wait_for(r"of 90% needed · not ready", timeout=30)
        session.wait_for(r"Software Engineer: L3 → L4-ic", timeout=30)
        session.send("\x11")  # ctrl+q
        code = exit_code(session.pid, session.fd)
    except BaseException:
        session.close()
        raise
    assert code == 0, session.text()[-1000:]


def exit_code(pid: int, fd: int, timeout: float = 30) -> int:
    """Read the terminal until the program closes it, then reap the program."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            if not os.read(fd, 65536):
                break
        except OSError:  # EIO: the program has gone and the terminal with it
            break
    else:
        raise TimeoutError("the app did not quit on ctrl+q")
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)
