"""SPEC sections 2-7 checked end to end, the way a script drives the command line."""

from __future__ import annotations

import json
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
    cli.ok("init", "--guideline", str(tiny), "--current", "B", "--target", "C1",
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
