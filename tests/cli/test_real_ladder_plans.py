"""Plans an engineer could follow on the published ladders (issues 12 and 16), run as a user
runs them: ``guideline import``, ``init``, ``gaps``, ``path``, on 2026-11-28.

- FT, Senior Engineer 2 (IC) -> Principal Engineer (IC): the FT describes each level whole, so
  nothing is held; the importer's policy (75%, two pieces of evidence, a quarter each, the
  Technical theme weighing double) asks for seven of the nine principal competencies.
- Monzo backend, L3 -> L4: levels are cumulative, so L1-L3 (55 of 92 behaviours) carry over;
  the policy (85%, every element at 80%) asks for about two thirds of the new ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from promo_planner.cli import main

TODAY = "2026-11-28"


def cli(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> Any:
    code = main(["--data", str(data), "--today", TODAY, *argv])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return json.loads(out) if "--json" in argv else out


@pytest.fixture
def ft_plan(shared_ladders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    ladder, data = tmp_path / "ft.yaml", tmp_path / "ft.db"
    source = str(shared_ladders / "ft-engineering.yml")
    assert main(["guideline", "import", "--from", "ft", source, "-o", str(ladder)]) == 0
    plan = ["--current", "senior-2-ic", "--target", "principal-ic", "--target-date", "2027-12-31"]
    cli(capsys, data, "init", "--guideline", str(ladder), *plan)
    return data


@pytest.fixture
def monzo_plan(shared_ladders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    ladder, data = tmp_path / "monzo.yaml", tmp_path / "monzo.db"
    source = str(shared_ladders / "monzo-backend.md")
    assert main(["guideline", "import", "--from", "monzo", source, "-o", str(ladder)]) == 0
    plan = ["--current", "L3", "--target", "L4", "--target-date", "2027-12-31"]
    cli(capsys, data, "init", "--guideline", str(ladder), *plan)
    return data


def test_ft_senior_to_principal(ft_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gaps = cli(capsys, ft_plan, "gaps", "--json")
    assert (gaps["threshold"], len(gaps["criteria"])) == (75, 9)
    assert all(c["new_at_target"] and c["evidence_required"] == 2 for c in gaps["criteria"])
    technical = next(c for c in gaps["criteria"] if c["area"] == "technical")
    assert (technical["id"], technical["weight"]) == ("technical.hands-solution-delivery", 2)

    path = cli(capsys, ft_plan, "path", "--json")
    chosen = [item["criterion"] for item in path["items"]]
    assert len(chosen) == 7  # most competencies, not all: "not a checklist"
    assert "technical.hands-solution-delivery" in chosen
    assert {item["effort_days"] for item in path["items"]} == {84}  # a quarter each
    assert path["feasible"] and path["earliest_promotion_date"] <= "2027-12-31"
    assert path["readiness_after"] >= 75


def stand_in_for_held(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    """Two pieces of evidence for every L3 behaviour: what the held rule of SPEC 4 counts by
    itself once it lands, so this test reads the same before and after it."""
    held = cli(capsys, data, "guideline", "show", "--level", "L3", "--json")["required"]
    links = [word for cid in held for word in ("--criterion", cid)]
    for day in ("2026-11-01", "2026-11-02"):
        cli(capsys, data, "evidence", "add", f"Shown at L3 ({day})", "--date", day, *links)


def test_monzo_l3_to_l4(monzo_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gaps = cli(capsys, monzo_plan, "gaps", "--json")
    assert (gaps["threshold"], len(gaps["criteria"])) == (85, 92)
    carried = [c for c in gaps["criteria"] if not c["new_at_target"]]
    assert len(carried) == 55 and {c["level"] for c in carried} == {"L1", "L2", "L3"}
    stand_in_for_held(capsys, monzo_plan)
    assert cli(capsys, monzo_plan, "gaps", "--json")["readiness"] == 59.8

    path = cli(capsys, monzo_plan, "path", "--json")
    assert len(path["items"]) == 24  # about two thirds of the 37 new behaviours
    assert {item["effort_days"] for item in path["items"]} == {28}
    assert path["feasible"] and path["earliest_promotion_date"] <= "2027-12-31"


def test_monzo_l3_to_l4_moves_every_element(
    monzo_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stand_in_for_held(capsys, monzo_plan)
    path = cli(capsys, monzo_plan, "path", "--json")
    areas = {item["criterion"].split(".")[0] for item in path["items"]}
    # With an 80% floor per element: leadership 7, influence 5, mastery 4, impact 3,
    # communication 2 at least (L3 holds 2/11, 6/13, 24/34, 10/16, 13/18 of them).
    assert areas == {"communication", "impact", "leadership", "influence", "mastery"}
