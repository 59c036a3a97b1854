"""``promo-planner path [--json]`` as a user runs it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from promo_planner.cli import main
from tests.core.big_ladder import ladder_text

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
    assert doc["capacity"] == 1 and doc["capacity_needed"] == 1
    # craft.z: 7 × 3 × (1 − 2/3) = 7 days exactly. One at a time from today, longest tail
    # first: x (14 days, 35 with y after it), then y (21), then z (7).
    assert [it["criterion"] for it in doc["items"]] == ["craft.x", "craft.y", "craft.z"]
    items = {it["criterion"]: it for it in doc["items"]}
    assert items["craft.z"]["effort_days"] == 7
    spec_keys = ("criterion", "start", "finish", "latest_start", "effort_days", "slack_days",
                 "requires", "needs_opportunity")  # fmt: skip
    assert {k: items["craft.y"][k] for k in spec_keys} == {
        "criterion": "craft.y",
        "start": "2026-04-15",
        "finish": "2026-05-06",
        "latest_start": "2026-04-27",
        "effort_days": 21,
        "slack_days": 12,
        "requires": ["craft.x"],
        "needs_opportunity": True,
    }
    assert (items["craft.x"]["start"], items["craft.x"]["latest_start"]) == (
        "2026-04-01",
        "2026-04-13",
    )
    assert (items["craft.z"]["finish"], items["craft.z"]["slack_days"]) == ("2026-05-13", 5)
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
    assert doc["next_steps"][0].startswith("Start today: Builds the foundation (craft.x)")


def test_path_reads_as_header_now_table_milestones_and_reasons(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data", str(portfolio), "--today", "2026-04-01", "path")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:7] == [
        "Path to L2",
        "Readiness 41.7% now -> 100.0% after closing 3 gaps (threshold 100%)",
        "Target date 2026-06-01; gaps closed by 2026-05-18; 1 at once",
        "Feasible: earliest promotion date 2026-05-27 (5 days to spare)",
        "",
        "Now",
        "  - Start today: Builds the foundation (craft.x), last safe start 2026-04-13.",
    ]
    header = next(line for line in lines if "CRITERION" in line)
    assert header.split() == [
        "CRITERION", "START", "FINISH", "LATEST", "START", "DAYS", "SLACK", "TITLE"
    ]  # fmt: skip
    row = next(line for line in lines if line.startswith("!*  craft.y"))
    assert row.split()[1:7] == ["craft.y", "2026-04-15", "2026-05-06", "2026-04-27", "21", "12"]
    assert "  2026-06-01  promotion decision" in lines
    assert "Why" in lines
    assert any("Critical chain: craft.x → craft.y" in line for line in lines)


def test_a_late_start_says_how_late_and_never_shows_a_past_date(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data", str(portfolio), "--today", "2026-04-20", "path")
    assert code == 0
    assert (
        "NOT feasible: 14 days late; earliest promotion date 2026-06-15; no number at once "
        "would (the critical chain alone takes 35 days)"
    ) in out
    assert (
        "Start today: Builds the foundation (craft.x), its last safe start passed 7 days ago."
        in out
    )
    row = next(line for line in out.splitlines() if line.startswith(" *  craft.x"))
    assert row.split()[2:7] == ["2026-04-20", "2026-05-04", "passed", "14", "-7"]
    days = [dt.date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", out)]
    assert days and all(day >= dt.date(2026, 4, 20) for day in days)


def test_path_without_a_plan_is_exit_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "none.db"
    code, out, err = run(capsys, "--data", str(data), "path")
    assert code == 2 and out == ""
    assert "no plan yet" in err
    assert not data.exists()


def test_efforts_past_the_end_of_the_calendar_give_a_plan_that_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ladder = tmp_path / "absurd.yaml"
    ladder.write_text(ladder_text(1100, "chain", effort=520))  # ~9,900 years in one chain
    base = ("--data", str(tmp_path / "p.db"), "--today", "2026-11-21")
    init = ("init", "--guideline", str(ladder), "--current", "L1", "--target", "L2")
    assert run(capsys, *base, *init, "--target-date", "2027-09-01")[0] == 0
    code, out, err = run(capsys, *base, "path")
    assert (code, err) == (0, "")
    assert "NOT feasible: the plan runs past 9999-12-31, the end of the calendar" in out
    assert "no promotion date can be planned" in out
    code, out, err = run(capsys, *base, "path", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["beyond_calendar"] is True and doc["capacity_needed"] is None
