"""suggest and nudges as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from promo_planner.cli import main

TODAY = "2026-11-20"


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def call(*args: str, code: int = 0) -> str:
        got = main(["--data", str(tmp_path / "p.db"), "--today", TODAY, *args])
        out, err = capsys.readouterr()
        assert got == code, (args, out, err)
        return out if code == 0 else err

    call("init", "--guideline", "site-reliability-engineer", "--current", "L2", "--target", "L3",
         "--target-date", "2027-09-30", "--capacity", "100")  # fmt: skip
    return call


def test_suggest_ranks_the_targets_criteria_with_the_words_that_matched(run) -> None:  # type: ignore[no-untyped-def]
    evidence = run(
        "evidence", "add", "Wrote the postmortem for the checkout outage", "--date", "2026-11-01",
        "--description", "Blameless postmortem, five follow-up actions tracked to done",
    ).strip()  # fmt: skip
    found = json.loads(run("suggest", evidence, "--json"))
    assert found["evidence"] == int(evidence) and found["target_level"] == "L3"
    first = found["suggestions"][0]
    assert "postmortem" in first["words"] and first["linked"] is None
    text = run("suggest", evidence)
    assert text.splitlines()[1] == "Criteria of L3 it most likely shows:"
    assert f"Link: promo-planner evidence link {evidence} {first['criterion']}" in text
    run("evidence", "link", evidence, first["criterion"])
    assert f"{first['criterion']} (linked, full)" in run("suggest", evidence)
    assert "no such evidence" in run("suggest", "999", code=2)


def test_nudges_name_the_gap_that_went_quiet(run) -> None:  # type: ignore[no-untyped-def]
    assert run("nudges").startswith("Nothing to nudge about")
    gaps = json.loads(run("gaps", "--json"))
    on_path = [item["criterion"] for item in json.loads(run("path", "--json"))["items"]]
    # One of two pieces of evidence: still a gap, so still on the path after it.
    target = next(c for c in gaps["criteria"] if c["evidence_required"] > 1 and c["id"] in on_path)
    run("evidence", "add", "Half of it, long ago", "--date", "2026-08-01",
        "--criterion", target["id"])  # fmt: skip
    found = json.loads(run("nudges", "--json"))
    assert found["nudge_weeks"] == 4
    assert found["quiet"] == [
        {"criterion": target["id"], "last_evidence": "2026-08-01", "weeks_quiet": 15}
    ]
    text = run("nudges")
    assert "Gone quiet: gaps on your path with no new evidence for 4 weeks or more" in text
    assert f"{target['id']}  2026-08-01     15 weeks" in text
    run("init", "--guideline", "site-reliability-engineer", "--current", "L2", "--target", "L3",
        "--nudge-weeks", "20")  # fmt: skip
    assert json.loads(run("nudges", "--json"))["quiet"] == []
