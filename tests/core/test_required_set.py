"""The required set R(L) and "new at target" (SPEC section 2), on random and hand-written ladders.

Random ladders are generated as file data (levels in file order, each after an earlier one;
requires/supersedes pointing at criteria on the level's own chain), loaded through the real
loader, and compared with the SPEC definition computed straight from the generated data.
"""

from __future__ import annotations

import itertools
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promo_planner.core.ladder import Guideline
from promo_planner.core.loader import parse_guideline


@st.composite
def ladders(draw: st.DrawFn) -> dict[str, Any]:
    """Guideline file data: a random level tree with branches and random criteria."""
    n_levels = draw(st.integers(1, 7))
    # Every level but the first comes after an earlier one (the format has a single root: a
    # level without `after` follows the entry before it).
    parents: list[int | None] = [None]
    levels: list[dict[str, Any]] = [{"id": "L0", "title": "Level 0"}]
    for i in range(1, n_levels):
        parent = draw(st.integers(0, i - 1))
        parents.append(parent)
        level: dict[str, Any] = {"id": f"L{i}", "title": f"Level {i}"}
        if parent != i - 1 or draw(st.booleans()):
            level["after"] = f"L{parent}"
        levels.append(level)

    def chain(i: int) -> set[int]:
        out = {i}
        node = parents[i]
        while node is not None:
            out.add(node)
            node = parents[node]
        return out

    n_criteria = draw(st.integers(0, 14))
    criteria: list[dict[str, Any]] = []
    for j in range(n_criteria):
        lv = draw(st.integers(0, n_levels - 1))
        on_chain = [k for k in range(j) if int(criteria[k]["level"][1:]) in chain(lv)]
        # Requires only earlier criteria, so no cycle; supersedes anything on the chain.
        requires = (
            draw(st.lists(st.sampled_from(on_chain), unique=True, max_size=3)) if on_chain else []
        )
        others = [k for k in on_chain if k not in requires]
        supersedes = (
            draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
        )
        criterion: dict[str, Any] = {
            "id": f"c{j}",
            "area": draw(st.sampled_from(["craft", "impact"])),
            "level": f"L{lv}",
            "title": f"Criterion {j}",
        }
        if requires:
            criterion["requires"] = [f"c{k}" for k in requires]
        if supersedes:
            criterion["supersedes"] = [f"c{k}" for k in supersedes]
        criteria.append(criterion)
    return {
        "schema": "promo-planner/guideline/v1",
        "id": "random",
        "name": "Random ladder",
        "levels": levels,
        "areas": [{"id": "craft", "name": "Craft"}, {"id": "impact", "name": "Impact"}],
        "criteria": criteria,
    }


def load(data: dict[str, Any]) -> Guideline:
    return parse_guideline(yaml.safe_dump(data, sort_keys=False), "random.yaml")


def spec_ancestors(data: dict[str, Any], level_id: str) -> list[str]:
    """SPEC: the chain of `after` links (default: the entry before), nearest first."""
    ids = [lv["id"] for lv in data["levels"]]

    def parent(lid: str) -> str | None:
        i = ids.index(lid)
        after = data["levels"][i].get("after")
        return after if after is not None else (ids[i - 1] if i else None)

    out: list[str] = []
    node = parent(level_id)
    while node is not None:
        out.append(node)
        node = parent(node)
    return out


def spec_required(data: dict[str, Any], level_id: str) -> list[str]:
    """SPEC: criteria at L or an ancestor, minus those superseded by one of them (file order)."""
    levels = {level_id, *spec_ancestors(data, level_id)}
    pool = [c for c in data["criteria"] if c["level"] in levels]
    superseded = {s for c in pool for s in c.get("supersedes", [])}
    return [c["id"] for c in pool if c["id"] not in superseded]


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(ladders())
def test_required_set_is_the_spec_definition(data: dict[str, Any]) -> None:
    guideline = load(data)
    for lv in data["levels"]:
        assert guideline.ancestors(lv["id"]) == spec_ancestors(data, lv["id"])
        assert guideline.required_ids(lv["id"]) == spec_required(data, lv["id"])


@SETTINGS
@given(ladders())
def test_required_set_never_holds_a_criterion_superseded_within_its_pool(
    data: dict[str, Any],
) -> None:
    guideline = load(data)
    for lv in guideline.levels:
        chain = {lv.id, *guideline.ancestors(lv.id)}
        pool = [c for c in guideline.criteria if c.level in chain]
        superseded = {s for c in pool for s in c.supersedes}
        required = set(guideline.required_ids(lv.id))
        assert not required & superseded
        # ...and everything else in the pool is required.
        assert required == {c.id for c in pool} - superseded


@SETTINGS
@given(ladders())
def test_new_at_target_is_the_difference_of_required_sets(data: dict[str, Any]) -> None:
    guideline = load(data)
    for current in guideline.levels:
        for target in guideline.descendants(current.id):
            have = set(spec_required(data, current.id))
            expected = [c for c in spec_required(data, target) if c not in have]
            assert [c.id for c in guideline.new_at_target(current.id, target)] == expected


@SETTINGS
@given(ladders())
def test_ancestors_form_a_chain_to_a_root(data: dict[str, Any]) -> None:
    guideline = load(data)
    ids = [lv.id for lv in guideline.levels]
    for lv in guideline.levels:
        chain = guideline.ancestors(lv.id)
        assert len(chain) == len(set(chain))
        assert lv.id not in chain
        # Each step is the parent of the one before, and the last one is a root.
        steps = [lv.id, *chain]
        for child, parent in itertools.pairwise(steps):
            assert guideline.level(child).parent == parent
            assert ids.index(parent) < ids.index(child)
        assert guideline.level(steps[-1]).parent is None
        for ancestor in chain:
            assert lv.id in guideline.descendants(ancestor)


# --------------------------------------------------------------------------- by hand


def test_branching_ladder_required_sets(ladder: Guideline) -> None:
    assert ladder.required_ids("L3") == ["craft.basics", "impact.tasks"]
    # impact.features supersedes impact.tasks from L4 on.
    assert ladder.required_ids("L4") == ["craft.basics", "craft.testing", "impact.features"]
    # On the IC branch, craft.architecture supersedes craft.basics (two levels down) and
    # impact.projects supersedes impact.features.
    assert ladder.required_ids("L5-ic") == [
        "craft.testing",
        "craft.architecture",
        "impact.projects",
    ]
    assert ladder.required_ids("L6-ic") == [
        "craft.testing",
        "craft.architecture",
        "impact.projects",
        "craft.strategy",
    ]
    # The manager branch shares L3 and L4 but none of the IC criteria or supersessions.
    assert ladder.required_ids("L5-mgr") == [
        "craft.basics",
        "craft.testing",
        "impact.features",
        "people.hiring",
        "people.coaching",
    ]


def test_branches_are_not_each_others_ancestors(ladder: Guideline) -> None:
    assert ladder.ancestors("L6-ic") == ["L5-ic", "L4", "L3"]
    assert ladder.ancestors("L5-mgr") == ["L4", "L3"]
    assert ladder.descendants("L4") == ["L4", "L5-ic", "L6-ic", "L5-mgr"]
    assert ladder.descendants("L5-ic") == ["L5-ic", "L6-ic"]
    assert not ladder.is_descendant("L5-mgr", "L5-ic")


def test_new_at_target_across_a_supersession(ladder: Guideline) -> None:
    # From L4 to L5-ic: two new criteria plus the architecture one; the superseded L3/L4
    # criteria are not "new", they simply stop being required.
    new = [c.id for c in ladder.new_at_target("L4", "L5-ic")]
    assert new == ["craft.architecture", "impact.projects"]
    assert [c.id for c in ladder.new_at_target("L3", "L6-ic")] == [
        "craft.testing",
        "craft.architecture",
        "impact.projects",
        "craft.strategy",
    ]
    assert [c.id for c in ladder.new_at_target("L4", "L5-mgr")] == [
        "people.hiring",
        "people.coaching",
    ]
    assert ladder.new_at_target("L5-ic", "L5-ic") == []


def test_defaults_fill_what_a_criterion_leaves_out(ladder: Guideline) -> None:
    testing = ladder.criterion_by_id["craft.testing"]
    assert testing.evidence_required == 2
    assert testing.weight == 1
    assert testing.effort_weeks == 2
    assert ladder.criterion_by_id["craft.architecture"].weight == 2
