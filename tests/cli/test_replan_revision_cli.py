"""``init`` onto a new revision of the planned ladder: it says what changed, links follow their
criteria to new ids, and links to removed criteria are listed, never dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from promo_planner.cli import main
from promo_planner.core.loader import parse_guideline
from tests.cli.test_portfolio_cli import Cli
from tests.core.conftest import MINI_LADDER, _text
from tests.core.test_revision import revised


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "portfolio.db", capsys)


def criteria_of(cli: Cli) -> list[list[str]]:
    return [
        [c["id"] for c in item["criteria"]]
        for item in json.loads(cli.ok("evidence", "list", "--json"))[::-1]
    ]


def test_replan_onto_an_edited_ladder(cli: Cli, tmp_path: Path) -> None:
    v1, v2 = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    v1.write_text(MINI_LADDER)
    v2.write_text(revised(lambda **o: parse_guideline(_text(**o), "v2.yaml")).source)
    plan = ["--current", "L4", "--target", "L5-ic"]
    cli.ok("init", "--guideline", str(v1), *plan)
    cli.ok("init", "--guideline", str(v1), "--current", "L4", "--target", "L5-mgr")
    cli.ok("evidence", "add", "Wrote the test harness", "--criterion", "craft.basics")
    cli.ok("evidence", "add", "Coached two juniors", "--criterion", "people.coaching")
    cli.ok("evidence", "add", "Test strategy", "--criterion", "craft.testing:partial")
    cli.ok("rate", "craft.basics", "--manager", "up")
    cli.ok("init", "--guideline", str(v1), *plan)

    out = cli.ok("init", "--guideline", str(v2), *plan)
    assert out.splitlines()[:9] == [
        "Re-planned mini 2.0: L4 -> L5-ic.",
        "mini changed (version 1.0 -> 2.0): 1 removed, 1 moved, 1 reworded, 1 added, "
        "1 renamed, 1 with new terms.",
        "  removed   people.coaching (L5-mgr): Coaches the team",
        "  moved     impact.features: level L4 -> L5-ic",
        "  reworded  craft.testing: 'Designs for testability' -> "
        "'Designs code so it can be tested'",
        "  added     craft.reviews (L4): Reviews code",
        "  renamed   craft.basics -> craft.fundamentals",
        "  terms     impact.features: weight 1 -> 2",
        "Links and ratings under 1 old id now count for the criteria's new ids: "
        "craft.basics -> craft.fundamentals",
    ]
    assert "1 link point to criteria not in mini (kept, not counted): people.coaching" in out
    assert "people.coaching (evidence 2)" in out
    # Kept, carried, listed: nothing dropped.
    assert criteria_of(cli) == [["craft.fundamentals"], ["people.coaching"], ["craft.testing"]]
    gaps = json.loads(cli.ok("gaps", "--json"))
    testing = next(c for c in gaps["criteria"] if c["id"] == "craft.testing")
    assert testing["evidence"] == [3]
    export = yaml.safe_load(cli.ok("export"))
    rated = [r for r in export.get("ratings", []) if r.get("criterion") == "craft.fundamentals"]
    assert rated, export.get("ratings")

    # Re-running the same plan changes nothing more and says nothing about changes.
    again = cli.ok("init", "--guideline", str(v2), *plan)
    assert "changed" not in again and "now count" not in again


def test_replan_onto_a_re_import_of_the_ft_ladder_with_readable_ids(
    cli: Cli, tmp_path: Path, shared_ladders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A portfolio planned on an import with UUID ids (before issue 16) keeps its links when
    re-planned on a new import: the UUIDs are the readable ids' aliases."""
    source = shared_ladders / "ft-engineering.yml"
    new = tmp_path / "ft.yaml"
    assert main(["guideline", "import", "--from", "ft", str(source), "-o", str(new)]) == 0
    data = yaml.safe_load(new.read_text())
    for c in data["criteria"]:  # the same ladder as an import made before readable ids
        c["id"] = c.pop("aliases")[0]
    uuid_of = {c["title"]: c["id"] for c in data["criteria"]}
    readable = {c["title"]: c["id"] for c in yaml.safe_load(new.read_text())["criteria"]}
    for c in data["criteria"]:
        c["supersedes"] = [uuid_of[t] for t, r in readable.items() if r in c.get("supersedes", [])]
    old = tmp_path / "ft-uuid.yaml"
    old.write_text(yaml.safe_dump(data, sort_keys=False))
    capsys.readouterr()

    plan = ["--current", "senior-2-ic", "--target", "principal-ic"]
    cli.ok("init", "--guideline", str(old), *plan)
    hands_on = uuid_of["Hands-on solution delivery"]
    cli.ok("evidence", "add", "Built the new CMS pipeline", "--criterion", hands_on)
    out = cli.ok("init", "--guideline", str(new), *plan)
    assert "  renamed   72 criteria have new ids; links made with the old ones follow them" in out
    assert criteria_of(cli) == [["technical.hands-solution-delivery"]]
    assert "not counted" not in out
