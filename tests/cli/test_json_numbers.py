"""Every command's JSON writes the same value the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from promo_planner.cli import main


def test_threshold_is_the_same_number_in_gaps_path_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data", str(tmp_path / "p.db"), "--today", "2026-11-21"]
    init = ["init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic"]
    assert main([*args, *init]) == 0
    capsys.readouterr()
    seen = []
    for command in (["gaps", "--json"], ["path", "--json"], ["report", "--format", "json"]):
        assert main([*args, *command]) == 0
        data = json.loads(capsys.readouterr().out)
        seen.append(data["threshold"])
        if "plan" in data:
            seen.append(data["plan"]["threshold"])
    assert seen == [90, 90, 90, 90]
    assert all(type(value) is int for value in seen)  # 90, not 90.0
