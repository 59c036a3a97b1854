"""``promo-planner guideline ...`` as a user runs it: output, JSON shapes and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from promo_planner.cli import main
from tests.core.conftest import MINI_LADDER

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "core" / "invalid_guidelines"


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of your own ladders ($PROMO_PLANNER_GUIDELINES) holding the mini ladder (id
    ``mini``) and a second one; they are listed beside the bundled ones."""
    folder = tmp_path / "guidelines"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_LADDER)
    (folder / "flat.yaml").write_text(
        MINI_LADDER.replace("id: mini\n", "id: flat\n").replace("name: Mini Ladder", "name: Flat")
    )
    monkeypatch.setenv("PROMO_PLANNER_GUIDELINES", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_id_name_and_levels(bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "guideline", "list")
    assert (code, err) == (0, "")
    rows = [line.split("  ")[0] for line in out.splitlines()]
    assert rows == ["ID", "flat", "mini", "site-reliability-engineer", "software-engineer"]
    header, flat, mini = out.splitlines()[:3]
    assert header.split() == ["ID", "NAME", "LEVELS", "FROM"]
    assert "Flat " in flat and "L3, L4, L5-ic, L6-ic, L5-mgr" in flat
    # Your own ladders say which file they are; the bundled ones say so.
    assert flat.endswith(f"  {bundled / 'flat.yaml'}")
    assert mini.endswith(f"  {bundled / 'mini.yaml'}")
    assert all(line.endswith("  bundled") for line in out.splitlines()[3:])


def test_list_without_folders_of_your_own_has_no_from_column(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROMO_PLANNER_GUIDELINES", raising=False)
    code, out, _ = run(capsys, "guideline", "list")
    assert code == 0
    assert out.splitlines()[0].split() == ["ID", "NAME", "LEVELS"]
    assert "bundled" not in out


def test_a_ladder_of_your_own_with_a_bundled_id_is_the_one_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "acme.yaml"  # named otherwise: found by its id all the same
    mine.write_text(
        MINI_LADDER.replace("id: mini\n", "id: software-engineer\n").replace(
            "name: Mini Ladder", "name: ACME Engineering"
        )
    )
    monkeypatch.setenv("PROMO_PLANNER_GUIDELINES", str(tmp_path))
    code, out, _ = run(capsys, "guideline", "list")
    assert code == 0
    (row,) = [line for line in out.splitlines() if line.startswith("software-engineer ")]
    assert "ACME Engineering" in row and row.endswith(str(mine))
    code, out, _ = run(capsys, "guideline", "show", "software-engineer")
    assert (code, out.splitlines()[0]) == (0, "ACME Engineering (software-engineer) version 1.0")


def test_a_missing_folder_of_your_own_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMO_PLANNER_GUIDELINES", str(tmp_path / "nowhere"))
    code, out, err = run(capsys, "guideline", "list")
    assert (code, out) == (2, "")
    assert err == f"PROMO_PLANNER_GUIDELINES: {tmp_path / 'nowhere'} is not a folder\n"


def test_list_of_the_real_bundled_ladders(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "guideline", "list")
    assert code == 0
    assert any(line.startswith("software-engineer ") for line in out.splitlines())


def test_show_draws_the_level_tree_with_counts(
    bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "guideline", "show", "mini")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Mini Ladder (mini) version 1.0"
    tree = out[out.index("Levels") :].splitlines()[1:]
    assert tree == [
        "  L3  Engineer  2 new / 2  (craft 1, impact 1)",
        "  └─ L4  Engineer II  2 new / 3  (craft 1, impact 1)",
        "     ├─ L5-ic  Senior Engineer [ic]  2 new / 3  (craft 1, impact 1)",
        "     │  └─ L6-ic  Staff Engineer [ic]  1 new / 4  (craft 1)",
        "     └─ L5-mgr  Engineering Manager [manager]  2 new / 5  (people 2)",
    ]
    assert "  people  People (2 criteria)" in out


def test_show_level_lists_the_required_set_marking_new_ones(
    bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "guideline", "show", "mini", "--level", "L5-ic")
    assert code == 0
    rows = [line.split() for line in out.splitlines()[2:]]
    assert [(r[0], r[1]) if r[0] == "*" else ("", r[0]) for r in rows] == [
        ("", "craft.testing"),
        ("*", "craft.architecture"),
        ("*", "impact.projects"),
    ]
    assert "3 criteria required, 2 new at this level" in out.splitlines()[0]


def test_show_level_json_is_exactly_level_and_required(
    bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "guideline", "show", "mini", "--level", "L5-mgr", "--json")
    assert code == 0
    assert json.loads(out) == {
        "level": "L5-mgr",
        "required": [
            "craft.basics",
            "craft.testing",
            "impact.features",
            "people.hiring",
            "people.coaching",
        ],
    }


def test_show_json_is_the_whole_ladder_with_defaults_applied(
    bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "guideline", "show", "mini", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "mini"
    # SPEC 2 added area_floor and evidence_window_months (defaults shown).
    assert data["promotion"] == {
        "readiness_threshold": 80,
        "area_floor": 0,
        "evidence_window_months": 0,
        "lead_weeks": 2,
        "sustain_weeks": 1,
    }
    assert [lv["after"] for lv in data["levels"]] == [None, "L3", "L4", "L5-ic", "L4"]
    testing = next(c for c in data["criteria"] if c["id"] == "craft.testing")
    assert (testing["evidence_required"], testing["weight"], testing["effort_weeks"]) == (2, 1, 2)
    assert len(data["criteria"]) == 9


def test_show_a_file_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(MINI_LADDER.replace("id: mini\n", "id: own\n"))
    code, out, _ = run(capsys, "guideline", "show", str(path), "--level", "L3", "--json")
    assert code == 0
    assert json.loads(out) == {"level": "L3", "required": ["craft.basics", "impact.tasks"]}


def test_show_an_unknown_level_is_one_line_and_exit_2(
    bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "guideline", "show", "mini", "--level", "L9", "--json")
    assert (code, out) == (2, "")
    assert err == "--level: unknown level 'L9' in mini (levels: L3, L4, L5-ic, L6-ic, L5-mgr)\n"


def test_show_an_unknown_guideline_names_the_bundled_ones(
    bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "guideline", "show", "nosuch")
    assert (code, out) == (2, "")
    assert err == (
        "unknown guideline 'nosuch': not a bundled id (flat, mini, site-reliability-engineer,"
        " software-engineer) nor an existing file\n"
    )


def test_check_says_ok_per_file(bundled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(bundled / "flat.yaml"), str(bundled / "mini.yaml")]
    code, out, err = run(capsys, "guideline", "check", *files)
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"{f}: ok" for f in files]


def test_check_reports_every_problem_of_every_file(
    bundled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = str(bundled / "mini.yaml")
    several = str(CORPUS / "several_problems.yaml")
    wrong = str(CORPUS / "wrong_schema.yaml")
    code, out, err = run(capsys, "guideline", "check", several, good, wrong)
    assert code == 2
    assert out == f"{good}: ok\n"
    lines = err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{several}:10:12",
        f"{several}:17:5",
        f"{several}:18:5",
        f"{several}:25:13",
        f"{wrong}:2:9",
    ]


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "guideline", "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["schema"]["const"] == "promo-planner/guideline/v1"
    assert "levels" in schema["required"]
    assert out.startswith('{\n  "')  # indented for people reading it in an editor


def test_guideline_without_a_subcommand_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "guideline")
    assert code == 2
    assert len(err.splitlines()) == 1


def test_the_real_program_exits_2_with_one_line_per_problem_and_no_traceback(
    tmp_path: Path,
) -> None:
    bad = CORPUS / "several_problems.yaml"
    bomb = CORPUS / "alias_bomb.yaml"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PROMO_PLANNER_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "promo_planner", "guideline", "check", str(bad), str(bomb)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 5
    assert all(line.startswith((f"{bad}:", f"{bomb}:")) for line in lines)
    assert "Traceback" not in result.stderr

    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "promo_planner",
            "guideline",
            "check",
            str(ROOT / "guidelines" / "software-engineer.yaml"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout.endswith(": ok\n")
