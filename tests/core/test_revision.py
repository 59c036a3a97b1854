"""Re-planning onto a new revision of a ladder: what changed, and where the links go."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import yaml

from promo_planner.core.ladder import Guideline
from promo_planner.core.revision import carried_links, describe, describe_links, ladder_changes
from tests.core.conftest import MINI_LADDER


def revised(make_guideline: Callable[..., Guideline]) -> Guideline:
    """The mini ladder's next revision, edited the way ladders change:

    - craft.testing reworded; impact.features moved from L4 to L5-ic (and reweighed);
    - people.coaching removed; craft.reviews added;
    - craft.basics renamed craft.fundamentals, keeping the old id as an alias.
    """
    data: dict[str, Any] = yaml.safe_load(MINI_LADDER)
    criteria = {c["id"]: c for c in data["criteria"]}
    criteria["craft.testing"]["title"] = "Designs code so it can be tested"
    criteria["impact.features"]["level"] = "L5-ic"
    criteria["impact.features"]["weight"] = 2
    del criteria["people.coaching"]
    basics = criteria.pop("craft.basics")
    renamed = {**basics, "id": "craft.fundamentals", "aliases": ["craft.basics"]}
    reviews = {"id": "craft.reviews", "area": "craft", "level": "L4", "title": "Reviews code"}
    for c in criteria.values():
        c["requires"] = [
            "craft.fundamentals" if r == "craft.basics" else r for r in c.get("requires", [])
        ]
        c["supersedes"] = [
            "craft.fundamentals" if r == "craft.basics" else r for r in c.get("supersedes", [])
        ]
    return make_guideline(version="2.0", criteria=[renamed, *criteria.values(), reviews])


@pytest.fixture
def old(ladder: Guideline) -> Guideline:
    return ladder


@pytest.fixture
def new(make_guideline: Callable[..., Guideline]) -> Guideline:
    return revised(make_guideline)


def test_the_changes_are_named_one_by_one(old: Guideline, new: Guideline) -> None:
    changes = ladder_changes(old, new)
    assert [c.id for c in changes.added] == ["craft.reviews"]
    assert [c.id for c in changes.removed] == ["people.coaching"]
    assert [(p.old.id, p.new.id) for p in changes.renamed] == [
        ("craft.basics", "craft.fundamentals")
    ]
    assert [p.new.id for p in changes.reworded] == ["craft.testing"]
    assert [(p.new.id, p.old.level, p.new.level) for p in changes.moved] == [
        ("impact.features", "L4", "L5-ic")
    ]
    assert [(p.new.id, p.new.weight) for p in changes.reweighed] == [
        ("impact.features", Decimal(2))
    ]
    assert changes.matched["craft.basics"] == "craft.fundamentals"
    assert not changes.empty
    assert ladder_changes(old, old).empty


def test_the_changes_in_words(old: Guideline, new: Guideline) -> None:
    assert describe(ladder_changes(old, new), old, new) == [
        "mini changed (version 1.0 -> 2.0): 1 removed, 1 moved, 1 reworded, 1 added, "
        "1 renamed, 1 with new terms.",
        "  removed   people.coaching (L5-mgr): Coaches the team",
        "  moved     impact.features: level L4 -> L5-ic",
        "  reworded  craft.testing: 'Designs for testability' -> "
        "'Designs code so it can be tested'",
        "  added     craft.reviews (L4): Reviews code",
        "  renamed   craft.basics -> craft.fundamentals",
        "  terms     impact.features: weight 1 -> 2",
    ]
    assert describe(ladder_changes(old, new), old, new, limit=2)[-1] == "  and 4 more"


def test_links_follow_their_criterion_or_are_listed(old: Guideline, new: Guideline) -> None:
    stored: list[tuple[int | None, str]] = [
        (1, "craft.basics"),  # renamed: the new revision keeps the old id as an alias
        (1, "craft.testing"),  # reworded: same id, nothing to do
        (2, "people.coaching"),  # removed
        (3, "people.gone-long-ago"),  # an orphan from an even older ladder
        (None, "craft.basics"),  # a rating
        (None, "people.coaching"),  # a rating of a removed criterion: not a link, not listed
    ]
    carried = carried_links(old, new, stored)
    assert carried.renames == {"craft.basics": "craft.fundamentals"}
    assert carried.lost == ((2, "people.coaching"), (3, "people.gone-long-ago"))
    assert describe_links(carried) == [
        "Links and ratings under 1 old id now count for the criteria's new ids: "
        "craft.basics -> craft.fundamentals",
        "2 links to criteria this ladder does not have (kept, not counted): "
        "evidence 2 (people.coaching), evidence 3 (people.gone-long-ago)",
    ]


def test_a_renamed_criterion_is_found_through_a_shared_source_alias(
    make_guideline: Callable[..., Guideline],
) -> None:
    """Two imports of one source: the ids differ, the source's id is an alias of both."""
    data = yaml.safe_load(MINI_LADDER)
    first = [dict(c, aliases=[f"src-{i}"]) for i, c in enumerate(data["criteria"])]
    second = [
        dict(c, id=c["id"] + "-v2", aliases=[f"src-{i}"]) for i, c in enumerate(data["criteria"])
    ]
    for c in second:
        c["requires"] = [r + "-v2" for r in c.get("requires", [])]
        c["supersedes"] = [r + "-v2" for r in c.get("supersedes", [])]
    old, new = make_guideline(criteria=first), make_guideline(criteria=second)
    changes = ladder_changes(old, new)
    assert len(changes.renamed) == len(old.criteria) and not changes.added and not changes.removed
    assert not changes.reweighed  # prerequisites renamed along: not a change of terms
    carried = carried_links(old, new, [(1, "craft.testing"), (2, "src-0")])
    assert carried.renames == {"craft.testing": "craft.testing-v2", "src-0": "craft.basics-v2"}
    assert describe(changes, old, new)[1] == (
        "  renamed   9 criteria have new ids; links made with the old ones follow them"
    )


def test_without_the_old_ladder_only_the_new_aliases_carry(new: Guideline) -> None:
    carried = carried_links(None, new, [(1, "craft.basics"), (2, "impact.features")])
    assert carried.renames == {"craft.basics": "craft.fundamentals"}
    assert carried.lost == ()
