"""The readable `gaps` table is grouped by area, in the ladder's area order."""

from __future__ import annotations

from pathlib import Path

import pytest

from promo_planner.cli import main


def test_gaps_table_groups_rows_by_area(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--data", str(tmp_path / "p.db"), "--today", "2026-11-21"]
    init = ["init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic"]
    assert main([*args, *init]) == 0
    capsys.readouterr()
    assert main([*args, "gaps"]) == 0
    lines = capsys.readouterr().out.splitlines()
    areas = [line.split("  ")[0] for line in lines[1:] if line and not line.startswith("Readiness")]
    runs = [a for i, a in enumerate(areas) if i == 0 or a != areas[i - 1]]
    assert len(runs) == len(set(runs)) > 3, runs  # each area is one block
    assert runs[0] == "Technical craft"  # the ladder's first area leads
