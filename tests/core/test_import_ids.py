"""Readable, stable ids for imported ladders (issue 16): ``area.first-words``.

On the published FT and Monzo ladders (from ../shared/ladders, edited copies made in the test)
and on small hand-made inputs for the rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from promo_planner.core.importers.ids import Named, assign_ids, slug_words
from promo_planner.core.ladder import Guideline
from promo_planner.core.ladder_import import import_guideline
from promo_planner.core.loader import parse_guideline

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
READABLE = re.compile(r"^[a-z0-9-]+\.[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture
def ft_text(shared_ladders: Path) -> str:
    return (shared_ladders / "ft-engineering.yml").read_text(encoding="utf-8")


@pytest.fixture
def monzo_text(shared_ladders: Path) -> str:
    return (shared_ladders / "monzo-backend.md").read_text(encoding="utf-8")


def ids_by_key(guideline: Guideline) -> dict[str, str]:
    """The source's key (first alias) -> the readable id."""
    return {c.aliases[0]: c.id for c in guideline.criteria}


# --------------------------------------------------------------------------- the real ladders


@pytest.mark.parametrize("fmt", ["ft", "monzo"])
def test_real_ladders_get_readable_ids_and_keep_their_source_ids(
    fmt: str, ft_text: str, monzo_text: str
) -> None:
    text = {"ft": ft_text, "monzo": monzo_text}[fmt]
    output, guideline = import_guideline(fmt, text, f"source.{fmt}")
    assert UUID.search("\n".join(c.id for c in guideline.criteria)) is None
    for criterion in guideline.criteria:
        assert READABLE.match(criterion.id), criterion.id
        area_words = "-".join(criterion.area.split("-")[:2])  # the area's first two words
        assert criterion.id.startswith(f"{area_words}.")
        assert len(criterion.id) <= 80
        # Every source id (the FT's UUID, an earlier import's Monzo id) answers as an alias.
        for alias in criterion.aliases:
            assert guideline.resolve_criterion(alias) is criterion
    assert len({c.id for c in guideline.criteria}) == len(guideline.criteria)
    assert import_guideline(fmt, text, f"elsewhere/source.{fmt}")[0] == output  # byte-stable


def test_ft_ids_stay_when_an_unrelated_competency_changes(ft_text: str) -> None:
    before = ids_by_key(import_guideline("ft", ft_text, "ft.yml")[1])
    source = yaml.safe_load(ft_text)
    target = source["competencies"][10]
    edited = ft_text.replace(
        target["summary"].strip(), "Runs the weekly architecture review for every team."
    )
    assert edited != ft_text
    after = ids_by_key(import_guideline("ft", edited, "ft.yml")[1])
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {target["id"]}  # only the reworded one, whose words made its id
    assert after[target["id"]].endswith(".runs-weekly-architecture-review")


def test_monzo_ids_stay_when_a_competency_is_removed_or_added(monzo_text: str) -> None:
    before = import_guideline("monzo", monzo_text, "m.md")[1]
    line = '          - "Accepts feedback graciously"\n'
    assert line in monzo_text
    removed = monzo_text.replace(line, "")
    added = monzo_text.replace(line, line + '          - "Keeps a decision log"\n')
    for edited in (removed, added):
        after = import_guideline("monzo", edited, "m.md")[1]
        kept = {c.id for c in before.criteria} & {c.id for c in after.criteria}
        assert len(kept) == len(before.criteria) - (edited is removed)


def test_an_inserted_look_alike_moves_an_id_unless_the_previous_import_is_given(
    ft_text: str,
) -> None:
    """Inserting a competency whose first words equal another's: without ``--previous`` both
    are told apart by more of their words; with it, the old one keeps its id."""
    first = import_guideline("ft", ft_text, "ft.yml")[1]
    source = yaml.safe_load(ft_text)
    victim = source["competencies"][8]  # junior, technical: "1. Writes well-tested code ..."
    old_id = ids_by_key(first)[victim["id"]]
    assert old_id == "technical.writes-well-tested-code"
    twin = (
        "  - id: 00000000-0000-4000-8000-000000000001\n    level: junior\n    theme: technical\n"
        "    summary: Writes well-tested code for data pipelines.\n"
    )
    edited = ft_text.replace("competencies:\n\n", "competencies:\n\n" + twin + "\n", 1)

    alone = ids_by_key(import_guideline("ft", edited, "ft.yml")[1])
    assert alone[victim["id"]] == "technical.writes-well-tested-code-documentation"
    assert alone["00000000-0000-4000-8000-000000000001"] == (
        "technical.writes-well-tested-code-data"
    )

    again = ids_by_key(import_guideline("ft", edited, "ft.yml", previous=first)[1])
    assert again[victim["id"]] == old_id
    assert again["00000000-0000-4000-8000-000000000001"] == (
        "technical.writes-well-tested-code-data"
    )
    assert {k: v for k, v in again.items() if k in ids_by_key(first)} == ids_by_key(first)


def test_previous_keeps_a_reworded_competency_and_retires_removed_ids(ft_text: str) -> None:
    first = import_guideline("ft", ft_text, "ft.yml")[1]
    source = yaml.safe_load(ft_text)
    reworded, removed = source["competencies"][3], source["competencies"][4]
    edited = ft_text.replace(reworded["summary"].strip(), "Connects their work to team goals.")
    block_start = edited.index(f"  - id: {removed['id']}")
    block_end = edited.index("  - id:", block_start + 1)
    edited = edited[:block_start] + edited[block_end:]
    again = import_guideline("ft", edited, "ft.yml", previous=first)[1]
    old = ids_by_key(first)
    new = ids_by_key(again)
    assert new[reworded["id"]] == old[reworded["id"]]  # matched by the FT's own id
    assert removed["id"] not in new
    assert old[removed["id"]] not in {c.id for c in again.criteria}


def test_previous_from_an_import_with_uuid_ids_gives_readable_ones(ft_text: str) -> None:
    """Portfolios planned on an import made before readable ids keep working: the UUIDs
    become aliases of the readable ids."""
    readable = import_guideline("ft", ft_text, "ft.yml")[1]
    data = yaml.safe_load(import_guideline("ft", ft_text, "ft.yml")[0])
    for c in data["criteria"]:
        c["id"] = c.pop("aliases")[0]
    by_text = {c["title"]: c["id"] for c in data["criteria"]}
    for c in data["criteria"]:
        c.pop("supersedes", None)
    old = parse_guideline(yaml.safe_dump(data, sort_keys=False), "old.yaml")
    assert all(UUID.match(c.id) for c in old.criteria)
    again = import_guideline("ft", ft_text, "ft.yml", previous=old)[1]
    assert [c.id for c in again.criteria] == [c.id for c in readable.criteria]
    assert {c.title: c.aliases[0] for c in again.criteria} == by_text


def test_previous_must_be_the_same_ladder(ft_text: str, monzo_text: str) -> None:
    from promo_planner.core.errors import InputError

    monzo = import_guideline("monzo", monzo_text, "m.md")[1]
    with pytest.raises(InputError, match=r"^--previous: that file is the ladder 'monzo-backend'"):
        import_guideline("ft", ft_text, "ft.yml", previous=monzo)


# --------------------------------------------------------------------------- the rules


def test_slug_words_keep_the_meaningful_ones() -> None:
    assert slug_words("Writes PR descriptions that provide context, they’ve é!") == [
        "writes",
        "pr",
        "descriptions",
        "provide",
        "context",
        "theyve",  # an apostrophe joins, accents fold
        "e",
    ]
    assert slug_words("To the") == ["to", "the"]  # nothing but small words: keep them


def named(*titles: str, area: str = "craft", level: str = "L1") -> list[Named]:
    return [Named(area, level, title) for title in titles]


def test_colliding_slugs_grow_by_their_own_words() -> None:
    ids = assign_ids(
        named(
            "Writes PR descriptions that provide basic context",
            "Writes PR descriptions that provide context and rationale",
            "Mentors new engineers",
        )
    )
    assert [i[0] for i in ids] == [
        "craft.writes-pr-descriptions-provide-basic",
        "craft.writes-pr-descriptions-provide-context",
        "craft.mentors-new-engineers",
    ]


def test_identical_texts_are_told_apart_by_level_then_order() -> None:
    items = [
        Named("craft", "L1", "Writes tests"),
        Named("craft", "L3", "Writes tests"),
        Named("craft", "L2", "Reviews code"),
        Named("craft", "L2", "Reviews code"),
        Named("people", "L1", "Writes tests"),  # another area: no collision
    ]
    assert [i[0] for i in assign_ids(items)] == [
        "craft.writes-tests-l1",
        "craft.writes-tests-l3",
        "craft.reviews-code",
        "craft.reviews-code-2",
        "people.writes-tests",
    ]


def test_fresh_ids_avoid_every_alias_and_kept_id() -> None:
    items = [Named("craft", "L1", "Writes tests", key="craft.writes-tests")]
    (only,) = assign_ids(items, kept={"craft.writes-tests-l1"})
    assert only[0] not in {"craft.writes-tests", "craft.writes-tests-l1"}
    assert only[1:] == ["craft.writes-tests"]
