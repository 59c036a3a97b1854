"""Tables show titles beside ids; on a narrow terminal the title gives way, never an id."""

from __future__ import annotations

from pathlib import Path

import pytest

from promo_planner.cli import main
from promo_planner.cli.output import table

ROWS = [
    ("ID", "TITLE", "W"),
    ("problem-solving.identifies-inefficiencies", "Identifies inefficiencies in systems", "1"),
    ("craft.x", "Short", "2"),
]


def test_the_fit_column_is_cut_at_its_end_and_nothing_else() -> None:
    lines = table(ROWS, fit=1, width=66).splitlines()
    assert lines[1] == "problem-solving.identifies-inefficiencies  Identifies ineffici…  1"
    assert max(len(line) for line in lines) <= 66
    assert lines[2].startswith("craft.x  ")


def test_a_title_keeps_a_readable_minimum_and_ids_stay_whole() -> None:
    lines = table(ROWS, fit=1, width=20).splitlines()
    assert lines[1].startswith("problem-solving.identifies-inefficiencies  Identifies inef…")
    assert "inefficie…" not in lines[1].split("  ")[0]


def test_piped_output_is_never_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert table(ROWS, fit=1) == table(ROWS)
    assert "Identifies inefficiencies in systems" in table(ROWS, fit=1)


def test_gaps_on_a_narrow_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    args = ["--data", str(tmp_path / "p.db"), "--today", "2026-11-21"]
    init = ["init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic"]
    assert main([*args, *init]) == 0
    capsys.readouterr()
    assert main([*args, "gaps"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-2:] == ["TITLE", "NOTE"]
    from promo_planner.core.loader import resolve_guideline

    ids = set(resolve_guideline("software-engineer").required_ids("L4-ic"))
    rows = [line for line in lines[1:] if not line.startswith("Readiness")]
    assert len(rows) == len(ids)
    assert {row.split("  ")[1].strip() for row in rows if "  " in row} <= ids | {""}
    # The other columns alone are near 100 wide: titles give way down to their minimum.
    assert all(row.endswith("…") or len(row.split("  ")[-1]) <= 16 for row in rows)
