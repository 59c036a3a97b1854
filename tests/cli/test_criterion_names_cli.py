"""Wherever a command takes a CRITERION, it takes what people type (SPEC 7), and links and
ratings are stored under the canonical id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_portfolio_cli import Cli
from tests.core.sample_ladder import SAMPLE, SAMPLE_V2


@pytest.fixture
def revised(tmp_path: Path) -> Path:
    """The sample ladder's next revision: craft.testing renamed craft.quality, no alias."""
    path = tmp_path / "sample-v2.yaml"
    path.write_text(SAMPLE_V2)
    return path


@pytest.fixture
def planned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    ladder = tmp_path / "sample.yaml"
    ladder.write_text(SAMPLE)
    cli = Cli(tmp_path / "data" / "portfolio.db", capsys)
    cli.ok("init", "--guideline", str(ladder), "--current", "L2", "--target", "L3-ic")
    return cli


def links(planned: Cli, evidence_id: str) -> list[dict[str, str]]:
    listed = json.loads(planned.ok("evidence", "list", "--json"))
    return next(item["criteria"] for item in listed if str(item["id"]) == evidence_id)


def test_evidence_add_takes_prefixes_titles_and_words(planned: Cli) -> None:
    first = planned.ok(
        "evidence",
        "add",
        "Design review",
        "--criterion",
        "craft.des",  # a unique prefix
        "--criterion",
        "hard feedback:partial",  # words of one title
        "--criterion",
        "MENTORS JUNIORS",  # a title, any case
    ).strip()
    assert links(planned, first) == [
        {"id": "craft.design", "strength": "full"},
        {"id": "people.feedback", "strength": "partial"},
        {"id": "people.mentoring", "strength": "full"},
    ]


def test_an_ambiguous_name_is_exit_2_with_the_candidates_and_writes_nothing(planned: Cli) -> None:
    before = planned.ok("export")
    code, out, err = planned("evidence", "add", "X", "--criterion", "people")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("criterion 'people' is ambiguous: 3 criteria match; say which: ")
    assert "people.mentoring (Mentors juniors)" in err
    assert err.rstrip().endswith(
        f"(all of them: promo-planner --data {planned.data} guideline show --level L3-ic)"
    )
    assert planned.ok("export") == before


def test_two_names_of_one_criterion_are_refused(planned: Cli) -> None:
    code, _, err = planned(
        "evidence", "add", "X", "--criterion", "craft.design", "--criterion", "designs"
    )
    assert code == 2
    assert err == "--criterion: 'craft.design' and 'designs' both name craft.design; give it once\n"


def test_link_unlink_and_rate_resolve_names_and_say_what_they_meant(planned: Cli) -> None:
    item = planned.ok("evidence", "add", "Pairing").strip()
    assert planned.ok("evidence", "link", item, "mentors", "--partial") == (
        f"linked evidence {item} to people.mentoring (partial): Mentors juniors\n"
    )
    assert links(planned, item) == [{"id": "people.mentoring", "strength": "partial"}]
    assert planned.ok("rate", "tests", "--self", "up") == (
        "craft.testing (Tests well): your rating 👍 up on 2026-03-01\n"
    )
    assert planned.ok("evidence", "unlink", item, "Mentors Juniors") == (
        f"unlinked evidence {item} from people.mentoring\n"
    )
    assert links(planned, item) == []


def test_a_link_to_a_criterion_the_ladder_lost_can_still_be_unlinked(
    planned: Cli, revised: Path
) -> None:
    item = planned.ok("evidence", "add", "Suite", "--criterion", "craft.testing").strip()
    planned.ok("init", "--guideline", str(revised), "--current", "L2", "--target", "L3-ic")
    assert planned.ok("evidence", "unlink", item, "craft.testing") == (
        f"unlinked evidence {item} from craft.testing\n"
    )


def test_a_rating_the_ladder_lost_can_still_be_cleared(planned: Cli, revised: Path) -> None:
    planned.ok("rate", "craft.testing", "--self", "up")
    planned.ok("init", "--guideline", str(revised), "--current", "L2", "--target", "L3-ic")
    assert planned.ok("rate", "craft.testing", "--self", "clear") == (
        "craft.testing: your rating cleared on 2026-03-01\n"
    )
    code, _, err = planned("rate", "craft.testing", "--self", "up")
    assert code == 2 and err.startswith("criterion 'craft.testing': not in guideline sample 2")
