"""Helpful refusals (issue 16): a ladder in a format ``guideline import`` converts is recognised
wherever a guideline is expected, and every hint names a command that works (each test runs
the hinted command)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from promo_planner.cli import main
from promo_planner.core.paths import bundled_guidelines_dir

SOURCES = {
    "ft": "ft-engineering.yml",
    "monzo": "monzo-backend.md",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sources(shared_ladders: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding the published ladders and the example sheet, as downloaded."""
    for name in SOURCES.values():
        (tmp_path / name).write_bytes((shared_ladders / name).read_bytes())
    sheet = bundled_guidelines_dir() / "examples" / "engineering-ladder.csv"
    (tmp_path / "ladder.csv").write_bytes(sheet.read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("fmt", "name"), [("ft", SOURCES["ft"]), ("monzo", SOURCES["monzo"]), ("csv", "ladder.csv")]
)
@pytest.mark.parametrize(
    "command",
    [
        ["guideline", "check", "{file}"],
        ["guideline", "show", "{file}"],
        ["--data", "p.db", "init", "--guideline", "{file}", "--current", "x", "--target", "y"],
    ],
    ids=["check", "show", "init"],
)
def test_a_raw_published_ladder_names_the_command_that_converts_it(
    fmt: str, name: str, command: list[str], sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *(word.replace("{file}", name) for word in command))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    hint = f"promo-planner guideline import --from {fmt} {name} -o "
    assert err.startswith(f"{name}: this is a ")
    assert f"not a promo-planner guideline; convert it first: {hint}" in err
    assert not (sources / "p.db").exists()

    # The hinted command works, and its output is a guideline.
    words = shlex.split(err.split("convert it first: ", 1)[1])
    assert words[0] == "promo-planner"
    assert run(capsys, *words[1:])[0] == 0
    assert run(capsys, "guideline", "check", words[-1])[0] == 0


def test_show_without_a_name_shows_the_planned_ladder(
    sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(capsys, "guideline", "import", "--from", "ft", SOURCES["ft"], "-o", "ft.yaml")[0] == 0
    )
    data = ["--data", str(sources / "p.db")]
    assert (
        run(
            capsys,
            *data,
            "init",
            "--guideline",
            "ft.yaml",
            "--current",
            "senior-2-ic",
            "--target",
            "principal-ic",
        )[0]
        == 0
    )
    (sources / "ft.yaml").unlink()  # the portfolio keeps its own copy

    code, out, err = run(capsys, *data, "guideline", "show")
    assert (code, err) == (0, "")
    assert out.startswith("Engineering (ft-engineering)\n")
    # By the ladder's id too, though it is neither bundled nor a file any more: the hint the
    # store gives for an unknown criterion ("see promo-planner guideline show ft-engineering").
    code, out, err = run(
        capsys, *data, "guideline", "show", "ft-engineering", "--level", "principal-ic"
    )
    assert (code, err) == (0, "")
    assert "9 criteria required" in out.splitlines()[0]


def test_show_without_a_name_and_no_plan_says_how_to_get_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data", str(tmp_path / "none.db"), "guideline", "show")
    assert (code, out) == (2, "")
    assert err.startswith("no plan yet: run promo-planner init")
    assert not (tmp_path / "none.db").exists()


def test_the_hint_of_an_unknown_criterion_lists_the_candidates(
    sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "guideline", "import", "--from", "csv", "ladder.csv", "-o", "ladder.yaml")
    data = ["--data", str(sources / "p.db")]
    run(capsys, *data, "init", "--guideline", "ladder.yaml", "--current", "E3", "--target", "E4")
    code, _, err = run(capsys, *data, "evidence", "add", "X", "--criterion", "kubernetes")
    assert code == 2
    listing = err.rsplit("(all of them: ", 1)[1].rstrip(")\n")
    words = shlex.split(listing)
    code, out, _ = run(capsys, *words[1:])
    assert code == 0
    assert "delivery.leads-project-few-engineers" in out
