"""``promo-planner report``: stdout previews, ``-o`` writes and records, errors are one line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from promo_planner.cli import main

LADDER = """\
schema: promo-planner/guideline/v1
id: tiny
name: Tiny Ladder
version: "1"
promotion:
  readiness_threshold: 100
  lead_weeks: 2
levels:
  - id: L1
    title: Engineer
  - id: L2
    title: Senior Engineer
areas:
  - id: craft
    name: Craft
  - id: impact
    name: Impact
criteria:
  - id: craft.tests
    area: craft
    level: L2
    title: Writes good tests
  - id: craft.design
    area: craft
    level: L2
    title: Designs components
    requires: [craft.tests]
  - id: impact.lead
    area: impact
    level: L2
    title: Leads a project
    needs_opportunity: true
"""


class Cli:
    """Runs ``promo-planner`` against one portfolio on a fixed day."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data = tmp_path / "portfolio.db"
        self.tmp = tmp_path
        self.capsys = capsys

    def __call__(self, *args: str, today: str = "2026-03-02") -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--data", str(self.data), "--today", today, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str, today: str = "2026-03-02") -> str:
        code, out, err = self(*args, today=today)
        assert code == 0, err
        return out

    def init(self) -> None:
        ladder = self.tmp / "tiny.yaml"
        ladder.write_text(LADDER, encoding="utf-8")
        self.ok(
            "init",
            "--guideline",
            str(ladder),
            "--current",
            "L1",
            "--target",
            "L2",
            "--target-date",
            "2026-12-01",
        )

    def add(self, title: str, *extra: str) -> int:
        return int(self.ok("evidence", "add", title, "--date", "2026-02-01", *extra).strip())


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path, capsys)


def _json(text: str) -> dict[str, Any]:
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def test_without_a_plan_report_is_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    out_file = tmp_path / "r.md"
    code, out, err = cli("report", "-o", str(out_file))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "no plan" in err
    assert not out_file.exists()
    assert not cli.data.exists()  # a read-only look never creates an empty portfolio


def test_unknown_format_is_a_usage_error(cli: Cli) -> None:
    cli.init()
    code, out, err = cli("report", "--format", "pdf")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "pdf" in err


def test_stdout_report_in_each_format_does_not_record(cli: Cli) -> None:
    cli.init()
    cli.add("Test harness", "--criterion", "craft.tests")
    md = cli.ok("report")
    assert md.startswith("# 1:1 report: L1 → L2\n")
    for heading in (
        "## Brief",
        "## Gaps, in path order",
        "## Asks for my manager",
        "## Health check",
    ):
        assert heading in md
    html = cli.ok("report", "--format", "html")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    data = _json(cli.ok("report", "--format", "json"))
    assert data["readiness"] == 33.3
    assert data["readiness_change"] is None
    # Nothing was recorded: the next report still has no baseline.
    again = _json(cli.ok("report", "--format", "json"))
    assert again["readiness_change"] is None and again["last_checkin"] is None


def test_written_reports_measure_change_and_new_evidence_since_the_last(
    cli: Cli, tmp_path: Path
) -> None:
    cli.init()
    first_id = cli.add("Test harness", "--criterion", "craft.tests")
    first = tmp_path / "first.json"
    code, out, err = cli("report", "--format", "json", "-o", str(first))
    assert code == 0 and out == ""
    assert str(first) in err
    data = _json(first.read_text(encoding="utf-8"))
    assert data["readiness_change"] is None
    assert data["new_since_last"] == [first_id]

    second_id = cli.add("Component design doc", "--criterion", "craft.design:partial")
    second = tmp_path / "second.md"
    cli.ok("report", "-o", str(second), today="2026-03-16")
    md = second.read_text(encoding="utf-8")
    assert "+16.7 points since 2026-03-02 (was 33.3%)" in md
    changes = md.split("**Since the last check-in (2026-03-02)**", 1)[1].split("**Next", 1)[0]
    assert "- 1 new piece of evidence: “Component design doc”" in changes
    assert "Test harness" not in changes
    assert "- Status changed: Designs components: missing → partial" in changes

    third = _json(cli.ok("report", "--format", "json", today="2026-03-17"))
    assert third["readiness_change"] == 0.0
    assert third["new_since_last"] == []
    assert third["last_checkin"]["date"] == "2026-03-16"
    assert third["last_checkin"]["evidence"] == sorted([first_id, second_id])


def test_writing_replaces_the_file_atomically_and_leaves_no_temporary(
    cli: Cli, tmp_path: Path
) -> None:
    cli.init()
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / "report.html"
    target.write_text("old", encoding="utf-8")
    cli.ok("report", "--format", "html", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in folder.iterdir()] == ["report.html"]


def test_writing_into_a_missing_folder_is_exit_2_and_records_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    cli.init()
    code, _, err = cli("report", "-o", str(tmp_path / "nope" / "r.md"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "does not exist" in err
    assert _json(cli.ok("report", "--format", "json"))["last_checkin"] is None


def test_hostile_evidence_from_the_command_line_is_inert(cli: Cli) -> None:
    cli.init()
    cli.add(
        "<script>alert(1)</script> | # title",
        "--description",
        "# heading\n- list\n<img src=x onerror=alert(1)>",
        "--impact",
        "p95 | -40% <b>",
        "--link",
        "https://example.com/pr/1",
        "--criterion",
        "craft.tests",
    )
    # The one link rule refuses a script link at the door (the report also shows any such
    # link from older data as text: test_report_text).
    code, _, err = cli("evidence", "add", "X", "--link", "javascript:alert(1)")
    assert (code, err) == (2, "--link: 'javascript:alert(1)' is not an http(s) or mailto link\n")
    cli.ok("note", "add", "<script>x</script>\n# not a heading")
    cli.ok("answer", "risks", "<script>y</script> | table?")
    html = cli.ok("report", "--format", "html")
    assert "<script" not in html.lower()
    assert 'href="javascript:' not in html.lower() and "<img" not in html.lower()
    assert 'href="https://example.com/pr/1"' in html
    md = cli.ok("report")
    # Shown as text: a backslash keeps each from being HTML, without an entity.
    assert not re.search(r"(?<!\\)<(script|img)", md)
    assert "<https://example.com/pr/1>" in md
    assert not any(
        line.startswith("#") and ("heading" in line or "title" in line) for line in md.splitlines()
    )
