"""Criterion names people can type (SPEC 7): ``Guideline.resolve_criterion``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from promo_planner.core.errors import InputError
from promo_planner.core.ladder import Guideline
from tests.core.conftest import MINI_LADDER


@pytest.fixture
def named(make_guideline: Callable[..., Guideline]) -> Guideline:
    """The mini ladder with an importer's source id kept as an alias of craft.testing."""
    criteria = yaml.safe_load(MINI_LADDER)["criteria"]
    for c in criteria:
        if c["id"] == "craft.testing":
            c["aliases"] = ["882dacde-aa8b-4b28-86b3-e4c1d029739e", "craft.old-testing"]
    return make_guideline(criteria=criteria)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("craft.testing", "craft.testing"),  # the id
        ("882dacde-aa8b-4b28-86b3-e4c1d029739e", "craft.testing"),  # an alias
        ("craft.old-testing", "craft.testing"),
        ("CRAFT.Testing", "craft.testing"),  # any case
        ("craft.te", "craft.testing"),  # a unique prefix of an id
        ("people.h", "people.hiring"),
        ("Designs for testability", "craft.testing"),  # the title
        ("  designs   FOR testability ", "craft.testing"),
        ("testability", "craft.testing"),  # words of exactly one title
        ("multi-team", "impact.projects"),
        ("end to end", "impact.features"),
        ("hire", "people.hiring"),  # the beginning of a word
        ("arch", "craft.architecture"),
    ],
)
def test_a_criterion_answers_to_what_people_type(named: Guideline, typed: str, meant: str) -> None:
    assert named.resolve_criterion(typed).id == meant


def test_an_exact_id_wins_over_a_longer_one_it_begins() -> None:
    text = MINI_LADDER.replace("id: craft.strategy", "id: craft.testing-strategy")
    from promo_planner.core.loader import parse_guideline

    ladder = parse_guideline(text, "m.yaml")
    assert ladder.resolve_criterion("craft.testing").id == "craft.testing"
    assert ladder.resolve_criterion("craft.testing-s").id == "craft.testing-strategy"


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("craft", ["craft.basics", "craft.testing", "craft.architecture", "craft.strategy"]),
        ("team", ["impact.projects", "people.coaching"]),  # "team" in two titles
        ("deliver", ["impact.tasks", "impact.features"]),  # the beginning of two words
    ],
)
def test_an_ambiguous_name_lists_what_it_could_mean(
    named: Guideline, typed: str, candidates: list[str]
) -> None:
    with pytest.raises(InputError) as caught:
        named.resolve_criterion(typed)
    (line,) = caught.value.lines
    assert line.startswith(f"criterion {typed!r} is ambiguous: {len(candidates)} criteria match")
    listed = line.split("say which: ", 1)[1]
    assert [part.split(" (", 1)[0] for part in listed.split("), ")] == candidates
    assert "craft.testing (Designs for testability)" in line or "craft.testing" not in candidates


def test_an_unknown_name_offers_the_closest() -> None:
    from promo_planner.core.loader import parse_guideline

    ladder = parse_guideline(MINI_LADDER, "m.yaml")
    with pytest.raises(InputError) as caught:
        ladder.resolve_criterion("craft.strategie")
    assert caught.value.lines == [
        "criterion 'craft.strategie': not in guideline mini 1.0 (no id, alias or title "
        "matches); closest: craft.strategy (Sets technical strategy)"
    ]
    with pytest.raises(InputError, match=r"^criterion 'zzz': not in guideline mini 1.0 \("):
        ladder.resolve_criterion("zzz")
    with pytest.raises(InputError, match="criterion: empty"):
        ladder.resolve_criterion("  ")


def test_canonical_id_follows_aliases(named: Guideline) -> None:
    assert named.canonical_id("craft.old-testing") == "craft.testing"
    assert named.canonical_id("craft.testing") == "craft.testing"
    assert named.canonical_id("craft.te") is None  # a prefix is for typing, not for stored links
