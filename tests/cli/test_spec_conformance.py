"""SPEC sections 2-7 checked end to end, the way a script drives the command line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from promo_planner.cli import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-21"

# A small ladder whose arithmetic can be checked by hand: x.three needs 3 pieces of evidence
# over 3 weeks, x.up supersedes x.base and requires x.three, x.opp needs an opportunity.
TINY = """\
schema: promo-planner/guideline/v1
id: tiny
name: Tiny
version: "1"
promotion: {readiness_threshold: 100, lead_weeks: 2, sustain_weeks: 1}
levels:
  - {id: A, title: A}
  - {id: B, title: B}
  - {id: C1, title: C1, after: B}
  - {id: C2, title: C2, after: B}
areas:
  - {id: x, name: X}
criteria:
  - {id: x.base, area: x, level: A, title: Base}
  - {id: x.three, area: x, level: B, title: Three, evidence_required: 3, effort_weeks: 3,
     weight: 2}
  - {id: x.up, area: x, level: C1, title: Up, supersedes: [x.base], requires: [x.three],
     effort_weeks: 2}
  - {id: x.opp, area: x, level: C1, title: Opp, needs_opportunity: true, effort_weeks: 1}
  - {id: x.c2, area: x, level: C2, title: C2 only}
"""


class Cli:
    """``promo-planner --data DB --today TODAY ...`` in-process, with its output."""

    def __init__(self, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data = data
        self.capsys = capsys

    def __call__(self, *args: str, today: str | None = TODAY) -> tuple[int, str, str]:
        prefix = ["--data", str(self.data)] + (["--today", today] if today else [])
        code = main([*prefix, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, (args, code, err)
        return out

    def bad(self, *args: str, today: str | None = TODAY) -> str:
        """A bad input: exit 2, nothing on stdout, one line on stderr."""
        code, out, err = self(*args, today=today)
        assert (code, out) == (2, ""), (args, code, out, err)
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        return err.strip()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY)
    return path


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "portfolio.db", capsys)


@pytest.fixture
def planned(cli: Cli, tiny: Path) -> Cli:
    # From A nothing of C1 is held yet (x.base, the one A criterion, is superseded): every
    # number below comes from evidence.
    cli.ok("init", "--guideline", str(tiny), "--current", "A", "--target", "C1",
           "--target-date", "2027-03-01")  # fmt: skip
    return cli


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("text", ["20261121", "2026-W47-6", "2026-11-21T00:00", "2026-1-2"])
def test_dates_must_be_written_yyyy_mm_dd(planned: Cli, text: str) -> None:
    err = planned.bad("gaps", today=text)
    assert err == f"--today: {text!r} is not a real date (YYYY-MM-DD)"
    planned.bad("evidence", "add", "Shipped", "--date", text)
    assert json.loads(planned.ok("evidence", "list", "--json")) == []


@pytest.mark.parametrize(
    ("args", "today"),
    [
        (["path"], "9999-12-01"),
        (["report", "--format", "json"], "9999-12-01"),
        (
            [
                "init",
                "--guideline",
                "tiny.yaml",
                "--current",
                "B",
                "--target",
                "C1",
                "--target-date",
                "0001-01-05",
            ],
            TODAY,
        ),
    ],
)
def test_dates_the_calendar_cannot_plan_are_bad_input_not_an_internal_error(
    planned: Cli, tiny: Path, args: list[str], today: str
) -> None:
    args = [str(tiny) if a == "tiny.yaml" else a for a in args]
    err = planned.bad(*args, today=today)
    assert "out of range" in err


# --------------------------------------------------------------------------- SPEC 2


@pytest.mark.parametrize(
    ("line", "value", "message"),
    [
        ("promotion", '{readiness_threshold: "90"}', "promotion.readiness_threshold: must be a"),
        ("promotion", '{lead_weeks: "4"}', "promotion.lead_weeks: must be a whole number"),
        ("defaults", "{evidence_required: 2.0}", "defaults.evidence_required: must be a whole"),
        ("defaults", '{effort_weeks: "3"}', "defaults.effort_weeks: must be a number"),
    ],
)
def test_guideline_check_rejects_wrong_types_instead_of_coercing_them(
    cli: Cli, tmp_path: Path, line: str, value: str, message: str
) -> None:
    path = tmp_path / "typed.yaml"
    path.write_text(TINY.replace("promotion: {", f"{line}: {value}\npromotion: {{", 1))
    if line == "promotion":  # one promotion block only
        path.write_text(
            TINY.replace(
                "promotion: {readiness_threshold: 100, lead_weeks: 2, sustain_weeks: 1}",
                f"promotion: {value}",
            )
        )
    code, out, err = cli("guideline", "check", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}:") and message in err, err


def test_needs_opportunity_must_be_true_or_false(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "typed.yaml"
    path.write_text(TINY.replace("needs_opportunity: true", 'needs_opportunity: "yes"'))
    code, out, err = cli("guideline", "check", str(path))
    assert (code, out) == (2, "")
    assert "criteria[3].needs_opportunity: must be true or false (got 'yes')" in err


# --------------------------------------------------------------------------- SPEC 3-7 shapes


def test_json_shapes_and_section_4_5_arithmetic(planned: Cli) -> None:
    assert planned.ok("evidence", "add", "One", "--criterion", "x.three") == "1\n"
    planned.ok("evidence", "add", "Two", "--criterion", "x.three:partial")
    planned.ok("evidence", "add", "Three", "--criterion", "x.three:partial")
    planned.ok("evidence", "add", "Old", "--criterion", "x.base")  # superseded: does not count

    gaps = json.loads(planned.ok("gaps", "--json"))
    assert set(gaps) >= {"guideline", "guideline_version", "current_level", "target_level",
                         "readiness", "readiness_claimed", "threshold", "area_floor", "ready",
                         "areas", "criteria"}  # fmt: skip
    # weights 2, 1, 1; x.three at (1 + 0.5 + 0.5) / 3: 100 * 2 * 2/3 / 4 = 33.3
    assert (gaps["readiness"], gaps["ready"]) == (33.3, False)
    rows = {c["id"]: c for c in gaps["criteria"]}
    assert list(rows) == ["x.three", "x.up", "x.opp"]
    assert set(rows["x.three"]) == {"id", "area", "level", "title", "status", "progress",
                                    "claimed_progress", "held", "disputed", "rerate",
                                    "weight", "evidence_required", "evidence", "new_at_target",
                                    "needs_opportunity"}  # fmt: skip
    assert (rows["x.three"]["status"], rows["x.three"]["evidence"]) == ("partial", [1, 2, 3])
    assert (rows["x.up"]["status"], rows["x.up"]["new_at_target"]) == ("missing", True)

    path = json.loads(planned.ok("path", "--json"))
    assert set(path) >= {"today", "target_date", "deadline", "capacity", "feasible",
                         "makespan_days", "earliest_promotion_date", "capacity_needed",
                         "readiness_now", "readiness_after", "items", "milestones"}  # fmt: skip
    assert (path["today"], path["deadline"]) == (TODAY, "2027-02-08")  # 3 weeks before target
    effort = {i["criterion"]: i["effort_days"] for i in path["items"]}
    assert effort == {"x.three": 7, "x.up": 14, "x.opp": 7}  # 7 * 3 * (1 - 2/3) is 7, not 8
    assert set(path["items"][0]) >= {"criterion", "start", "finish", "latest_start",
                                     "effort_days", "slack_days", "requires",
                                     "needs_opportunity"}  # fmt: skip
    # From today, two at once: x.three and x.opp start now, x.up when x.three is done; x.up's
    # last safe start is the deadline minus its 14 days.
    assert [i["criterion"] for i in path["items"]] == ["x.three", "x.opp", "x.up"]
    up = path["items"][2]
    assert (up["start"], up["finish"], up["latest_start"], up["requires"]) == (
        "2026-11-28", "2026-12-12", "2027-01-25", ["x.three"]
    )  # fmt: skip
    assert path["makespan_days"] == 21 and path["earliest_promotion_date"] == "2027-01-02"
    titles = [(m["date"], m["title"]) for m in path["milestones"][-2:]]
    assert titles == [("2027-02-15", "packet ready"), ("2027-03-01", "promotion decision")]
    listed = [c for m in path["milestones"] for c in m["criteria"]]
    assert sorted(listed) == sorted(effort)

    items = json.loads(planned.ok("evidence", "list", "--json"))
    assert set(items[0]) >= {"id", "title", "date", "description", "impact", "links", "tags",
                             "criteria"}  # fmt: skip
    assert items[0]["date"] == TODAY


def test_only_a_report_written_to_a_file_becomes_the_last_report(
    planned: Cli, tmp_path: Path
) -> None:
    planned.ok("rate", "x.three", "--self", "up")
    planned.ok("rate", "x.up", "--self", "up")
    planned.ok("rate", "x.up", "--manager", "down")
    planned.ok("report")
    report = json.loads(planned.ok("report", "--format", "json"))
    assert report["readiness_change"] is None
    assert report["health_check"][0]["criterion"] == "x.up"  # disagreement first
    planned.ok("report", "-o", str(tmp_path / "r.md"))
    planned.ok("evidence", "add", "New", "--criterion", "x.opp")
    # The same day is the same check-in: "since the last" looks at an earlier day.
    same_day = json.loads(planned.ok("report", "--format", "json"))
    assert same_day["readiness_change"] is None
    code, out, _ = planned("report", "--format", "json", today="2026-11-22")
    assert code == 0
    report = json.loads(out)
    assert report["readiness_change"] == 25.0 and report["new_since_last"] == [1]


def test_export_import_export_is_byte_identical_and_private(
    planned: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planned.ok("evidence", "add", "One", "--impact", "p99 -40%", "--criterion", "x.three")
    planned.ok("note", "add", "ask about Q1")
    first = tmp_path / "one.yaml"
    planned.ok("export", "-o", str(first))
    other = Cli(tmp_path / "other.db", capsys)
    other.ok("import", str(first))
    assert stat.S_IMODE((tmp_path / "other.db").stat().st_mode) == 0o600
    assert other.ok("export") == first.read_text()


def test_python_dash_m_and_the_environment_variable_choose_the_portfolio(tmp_path: Path) -> None:
    env = {**os.environ, "PROMO_PLANNER_DATA": str(tmp_path / "env.db")}
    guideline = tmp_path / "tiny.yaml"
    guideline.write_text(TINY)
    for args, said in (
        (["init", "--guideline", str(guideline), "--current", "A", "--target", "C1"], None),
        (["evidence", "add", "Captured"], "1\n"),
    ):
        run = subprocess.run(
            [sys.executable, "-m", "promo_planner", *args],
            capture_output=True, text=True, env=env, cwd=ROOT, check=False,
        )  # fmt: skip
        assert (run.returncode, run.stderr) == (0, ""), run.stderr
        assert said is None or run.stdout == said
    assert stat.S_IMODE((tmp_path / "env.db").stat().st_mode) == 0o600
