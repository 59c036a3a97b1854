"""``promo-planner path [--json]`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from promo_planner.cli import main

LADDER = """\
schema: promo-planner/guideline/v1
id: tiny
name: Tiny ladder
promotion:
  lead_weeks: 2
  sustain_weeks: 0
levels:
  - id: L1
    title: One
  - id: L2
    title: Two
areas:
  - id: craft
    name: Craft
criteria:
  - id: craft.basics
    area: craft
    level: L1
    title: Knows the basics
  - id: craft.x
    area: craft
    level: L2
    title: Builds the foundation
    effort_weeks: 2
  - id: craft.y
    area: craft
    level: L2
    title: Leads the big project
    effort_weeks: 3
    requires: [craft.x]
    needs_opportunity: true
  - id: craft.z
    area: craft
    level: L2
    title: Reviews with care
    effort_weeks: 3
    evidence_required: 3
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def portfolio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A planned portfolio: L1 → L2, target 2026-06-01, one gap at a time, craft.z 2/3 shown."""
    ladder = tmp_path / "tiny.yaml"
    ladder.write_text(LADDER)
    data = tmp_path / "p.db"
    base = ("--data", str(data), "--today", "2026-04-01")
    code, _, err = run(
        capsys, *base, "init", "--guideline", str(ladder), "--current", "L1", "--target", "L2",
        "--target-date", "2026-06-01", "--capacity", "1",
    )  # fmt: skip
    assert (code, err) == (0, "")
    for _ in range(2):
        code, _, err = run(
            capsys, *base, "evidence", "add", "Careful review", "--criterion", "craft.z"
        )
        assert (code, err) == (0, "")
    code, _, err = run(capsys, *base, "evidence", "add", "Basics", "--criterion", "craft.basics")
    assert (code, err) == (0, "")
    return data


def test_path_json_is_the_spec_shape_and_the_planned_dates(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--data", str(portfolio), "--today", "2026-04-01", "path", "--json"
    )
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["today"] == "2026-04-01"
    assert doc["target_date"] == "2026-06-01"
    assert doc["deadline"] == "2026-05-18"
    assert doc["capacity"] == 1
    # craft.z: 7 × 3 × (1 − 2/3) = 7 days exactly; with x (14) and y (21) one at a time: 42.
    items = {it["criterion"]: it for it in doc["items"]}
    assert items["craft.z"]["effort_days"] == 7
    assert [it["criterion"] for it in doc["items"]] == ["craft.z", "craft.x", "craft.y"]
    assert items["craft.y"] == {
        "criterion": "craft.y",
        "title": "Leads the big project",
        "area": "craft",
        "start_by": "2026-04-27",
        "due": "2026-05-18",
        "effort_days": 21,
        "slack_days": 26,
        "requires": ["craft.x"],
        "critical": True,
        "needs_opportunity": True,
    }
    assert doc["makespan_days"] == 42
    assert doc["earliest_promotion_date"] == "2026-05-27"
    assert doc["feasible"] is True
    assert doc["readiness_now"] == 41.7
    assert doc["readiness_after"] == 100.0
    assert [m["title"] for m in doc["milestones"]][-2:] == ["packet ready", "promotion decision"]
    assert sorted(c for m in doc["milestones"] for c in m["criteria"]) == [
        "craft.x",
        "craft.y",
        "craft.z",
    ]


def test_path_reads_as_header_table_milestones_and_reasons(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data", str(portfolio), "--today", "2026-04-01", "path")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:4] == [
        "Path to L2",
        "Readiness 41.7% now -> 100.0% after closing 3 gaps (threshold 100%)",
        "Target date 2026-06-01; gaps closed by 2026-05-18; 1 at once",
        "Feasible: earliest promotion date 2026-05-27",
    ]
    row = next(line for line in lines if "craft.y" in line and "2026-04-27" in line)
    assert row.startswith("!*")
    assert "2026-05-18" in row and "Leads the big project" in row
    assert "  2026-06-01  promotion decision" in lines
    assert "Why" in lines
    assert any("Critical chain: craft.x → craft.y" in line for line in lines)


def test_a_late_start_makes_the_date_infeasible(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data", str(portfolio), "--today", "2026-04-20", "path")
    assert code == 0
    assert "NOT feasible: earliest promotion date 2026-06-15" in out
    assert "Already late" in out


def test_path_without_a_plan_is_exit_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "none.db"
    code, out, err = run(capsys, "--data", str(data), "path")
    assert code == 2 and out == ""
    assert "no plan yet" in err
    assert not data.exists()
