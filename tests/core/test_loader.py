"""The guideline loader: what loads, how problems are reported, and what is refused safely."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promo_planner.core.errors import InputError
from promo_planner.core.ladder import Guideline
from promo_planner.core.loader import (
    bundled_guidelines,
    load_guideline,
    parse_guideline,
    resolve_guideline,
)
from tests.core.conftest import MINI_LADDER

CORPUS = Path(__file__).parent / "invalid_guidelines"
LINE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): [^\n]+$")


def problems(text: str | bytes, filename: str = "g.yaml") -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_guideline(text, filename)
    return caught.value.lines


# --------------------------------------------------------------------------- what loads


def test_a_valid_ladder_loads_resolved_and_keeps_its_exact_text(ladder_text: str) -> None:
    guideline = parse_guideline(ladder_text, "mini.yaml")
    assert guideline.id == "mini"
    assert guideline.version == "1.0"
    assert [lv.id for lv in guideline.levels] == ["L3", "L4", "L5-ic", "L6-ic", "L5-mgr"]
    assert guideline.level("L5-mgr").parent == "L4"
    assert guideline.level("L5-ic").parent == "L4"  # the default: the entry before it
    assert guideline.promotion.readiness_threshold == 80
    assert guideline.source == ladder_text


def test_bytes_crlf_and_a_byte_order_mark_load_the_same(ladder_text: str) -> None:
    plain = parse_guideline(ladder_text, "a.yaml")
    for variant in (
        ladder_text.encode(),
        ladder_text.encode("utf-8-sig"),
        ladder_text.replace("\n", "\r\n"),
    ):
        assert parse_guideline(variant, "b.yaml") == plain


def test_positions_count_lines_the_same_with_crlf(ladder_text: str) -> None:
    broken = ladder_text.replace("    weight: 2\n", "    weight: 0\n")
    line = broken.splitlines().index("    weight: 0") + 1
    expected = f"g.yaml:{line}:13: criteria[4].weight: must be greater than 0 (got 0)"
    assert problems(broken) == [expected]
    assert problems(broken.replace("\n", "\r\n")) == [expected]


def test_unquoted_version_number_is_read_as_text(make_guideline_text: Callable[..., str]) -> None:
    text = make_guideline_text().replace("version: '1.0'", "version: 2026.1")
    assert parse_guideline(text, "v.yaml").version == "2026.1"


def test_the_aliased_fuzz_base_is_a_valid_ladder() -> None:
    guideline = parse_guideline(ALIASED, "aliased.yaml")
    assert guideline.criterion_by_id["impact.projects"].level == "L5-ic"
    assert guideline.criterion_by_id["impact.tasks"].examples == ("a review", "a design doc")


def test_anchors_aliases_and_merge_keys_work_within_bounds() -> None:
    text = MINI_LADDER.replace(
        "  - id: craft.basics\n    area: craft\n    level: L3\n",
        "  - id: craft.basics\n    <<: &l3craft {area: craft, level: L3, weight: 3}\n",
    ).replace(
        "  - id: impact.tasks\n    area: impact\n    level: L3\n",
        "  - id: impact.tasks\n    <<: *l3craft\n    area: impact\n",
    )
    guideline = parse_guideline(text, "merge.yaml")
    basics = guideline.criterion_by_id["craft.basics"]
    tasks = guideline.criterion_by_id["impact.tasks"]
    assert (basics.area, basics.level, basics.weight) == ("craft", "L3", 3)
    # A key written beside the merge wins over the merged one.
    assert (tasks.area, tasks.level, tasks.weight) == ("impact", "L3", 3)


def test_a_problem_inside_an_alias_points_at_the_anchor() -> None:
    text = MINI_LADDER.replace(
        "    title: Writes working, tested code\n",
        "    title: Writes working, tested code\n    examples: &ex [fine, 7]\n",
    ).replace(
        "    title: Delivers well-defined tasks\n",
        "    title: Delivers well-defined tasks\n    examples: *ex\n",
    )
    lines = text.splitlines()
    anchor_line = lines.index("    examples: &ex [fine, 7]") + 1
    alias_line = lines.index("    examples: *ex") + 1
    assert alias_line > anchor_line
    # Both uses are reported (the paths differ) at the item inside the anchored list.
    assert problems(text) == [
        f"g.yaml:{anchor_line}:26: criteria[0].examples[1]: must be text (got 7; put it in quotes)",
        f"g.yaml:{anchor_line}:26: criteria[1].examples[1]: must be text (got 7; put it in quotes)",
    ]


# --------------------------------------------------------------------------- reporting


def test_every_problem_is_reported_at_once_sorted_by_position(ladder_text: str) -> None:
    text = (
        ladder_text.replace("    title: Engineer II\n", "    title: Engineer II\n    colour: red\n")
        .replace("  evidence_required: 1\n", "  evidence_required: 0\n")
        .replace("    evidence_required: 2\n", "    evidence_required: two\n")
    )
    found = problems(text)
    assert [m.split(": ", 1)[1] for m in found] == [
        "defaults.evidence_required: must be greater than 0 (got 0)",
        "unknown key 'colour' in levels[1]",
        "criteria[2].evidence_required: must be a whole number (got 'two')",
    ]
    positions = [tuple(int(n) for n in m.split(":")[1:3]) for m in found]
    assert positions == sorted(positions)


def test_semantic_problems_are_all_reported_too(ladder_text: str) -> None:
    text = ladder_text.replace(
        "level: L5-mgr\n    title: Hires", "level: L7\n    title: Hires"
    ).replace("requires: [craft.architecture]", "requires: [craft.nothing]")
    found = [line.split(": ", 1)[1] for line in problems(text)]
    assert found == [
        "criteria[6].requires[0]: unknown criterion 'craft.nothing'",
        "criteria[7].level: unknown level 'L7'",
    ]


def test_an_empty_file_is_one_clean_line() -> None:
    assert problems(b"") == [
        "g.yaml:1:1: the file is empty: a guideline is a mapping that starts with "
        "'schema: promo-planner/guideline/v1'"
    ]
    assert len(problems("  \n# only a comment\n")) == 1


def test_an_unreadable_path_is_one_clean_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(InputError) as caught:
        load_guideline(missing)
    # Read by files.read_text, the one reader of input files (its words since issue 11).
    assert caught.value.lines == [f"{missing}: no such file"]
    with pytest.raises(InputError) as caught:
        load_guideline(tmp_path)
    assert caught.value.lines == [f"{tmp_path}: is a directory, not a file"]


# --------------------------------------------------------------------------- refused safely


def test_a_python_tag_is_refused_without_running_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    payload = CORPUS / "python_tag.yaml"
    marker = tmp_path / "promo-planner-pwned"
    # The payload is real: an unsafe loader runs the command and the marker appears...
    yaml.unsafe_load(payload.read_text())
    assert marker.exists()
    marker.unlink()
    # ...while the guideline loader refuses the tag and runs nothing.
    with pytest.raises(InputError, match=r"python_tag\.yaml:5:14: tag !!python/object/apply"):
        load_guideline(payload)
    assert not marker.exists()


def test_a_billion_laughs_document_is_refused_before_expansion() -> None:
    lines = ['lol0: &l0 "lol"']
    for i in range(1, 10):
        refs = ", ".join([f"*l{i - 1}"] * 10)
        lines.append(f"lol{i}: &l{i} [{refs}]")
    bomb = "\n".join(lines) + "\n"
    found = problems(bomb)
    assert len(found) == 1
    assert "aliases expand to more than 10000 nodes" in found[0]


def test_too_many_aliases_are_refused() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 101) + "]\n"
    found = problems(text)
    assert len(found) == 1
    assert "more than 100 aliases" in found[0]


def test_deep_nesting_is_refused_not_crashed_on() -> None:
    # libyaml's own composer recurses in C and would take the process down on this.
    found = problems("[" * 200_000)
    assert found == ["g.yaml:1:65: nested more than 64 levels deep"]


def test_non_utf8_bytes_name_the_position() -> None:
    assert problems(b"id: ok\nname: \xff\xfe\n") == [
        "g.yaml:2:7: not UTF-8 text (byte 0xff); save the file as UTF-8"
    ]


def test_an_impossible_date_is_a_problem_not_a_crash(ladder_text: str) -> None:
    text = ladder_text.replace('version: "1.0"', "version: 2026-02-30")
    assert problems(text) == ["g.yaml:4:10: '2026-02-30' is not a real date"]


# --------------------------------------------------------------------------- bundled, resolve


def write_ladder(folder: Path, name: str, ladder_id: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(MINI_LADDER.replace("id: mini\n", f"id: {ladder_id}\n"))
    return path


def test_bundled_guidelines_are_sorted_by_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMO_PLANNER_GUIDELINES", str(tmp_path))
    write_ladder(tmp_path, "a-file", "zebra")
    write_ladder(tmp_path, "b-file", "alpha")
    (tmp_path / "notes.txt").write_text("not a ladder")
    found = bundled_guidelines()
    # The folder of your own is listed beside the ladders that ship with promo-planner.
    assert [(p.name, g.id) for p, g in found] == [
        ("b-file.yaml", "alpha"),
        ("site-reliability-engineer.yaml", "site-reliability-engineer"),
        ("software-engineer.yaml", "software-engineer"),
        ("a-file.yaml", "zebra"),
    ]


def test_several_folders_of_your_own_the_first_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    write_ladder(first, "mine", "shared-id")
    write_ladder(second, "theirs", "shared-id")
    write_ladder(second, "only", "only-there")
    monkeypatch.setenv("PROMO_PLANNER_GUIDELINES", f"{first}{os.pathsep}{second}")
    found = {g.id: p for p, g in bundled_guidelines()}
    assert found["shared-id"] == first / "mine.yaml"
    assert found["only-there"] == second / "only.yaml"
    assert resolve_guideline("only-there").id == "only-there"


def test_a_broken_bundled_guideline_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMO_PLANNER_GUIDELINES", str(tmp_path))
    write_ladder(tmp_path, "good", "good")
    (tmp_path / "bad.yaml").write_text("schema: nope\n")
    with pytest.raises(InputError) as caught:
        bundled_guidelines()
    assert all(line.startswith(f"{tmp_path / 'bad.yaml'}:") for line in caught.value.lines)


def test_two_bundled_guidelines_with_one_id_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMO_PLANNER_GUIDELINES", str(tmp_path))
    write_ladder(tmp_path, "one", "same")
    write_ladder(tmp_path, "two", "same")
    with pytest.raises(InputError, match="guideline id 'same' is already used by"):
        bundled_guidelines()


def test_resolve_finds_a_bundled_id_then_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    monkeypatch.setenv("PROMO_PLANNER_GUIDELINES", str(bundled))
    write_ladder(bundled, "engineer", "engineer")  # found by id although named differently
    write_ladder(bundled, "mini", "mini")
    own = write_ladder(tmp_path, "mine", "my-ladder")
    assert resolve_guideline("engineer").id == "engineer"
    assert resolve_guideline("mini").id == "mini"
    assert resolve_guideline(str(own)).id == "my-ladder"
    with pytest.raises(InputError) as caught:
        resolve_guideline("nosuch")
    assert caught.value.lines == [
        "unknown guideline 'nosuch': not a bundled id (engineer, mini, site-reliability-engineer,"
        " software-engineer) nor an existing file"
    ]


def test_resolve_reports_the_problems_of_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: promo-planner/guideline/v1\nid: BAD\n")
    with pytest.raises(InputError) as caught:
        resolve_guideline(str(broken))
    assert f"{broken}:2:5: id: must be lowercase letters" in "\n".join(caught.value.lines)


# --------------------------------------------------------------------------- fuzz


def assert_clean(text: str | bytes) -> Guideline | None:
    """The loader either loads or raises InputError of well-formed lines; nothing else."""
    try:
        return parse_guideline(text, "fuzz.yaml")
    except InputError as exc:
        assert exc.lines
        for line in exc.lines:
            match = LINE.match(line)
            assert match is not None, line
            assert match["file"] == "fuzz.yaml"
            assert int(match["line"]) >= 1 and int(match["col"]) >= 1
        return None


TOKENS = [
    *"ab01 -:[]{},&*!|>'\"#%@`?\n\t.~<",
    "\u00e9",
    "\x00",
    "!!",
    "!!python/object/apply:os.system ",
    "&a ",
    "*a",
    "<<: ",
    "- ",
    ": ",
    "\n  ",
    "---\n",
    "schema: promo-planner/guideline/v1\n",
    "levels:\n  - id: L1\n    title: One\n",
]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


# The mini ladder again, using anchors, aliases and a merge key, so mutations reach them too.
ALIASED = (
    MINI_LADDER.replace(
        "    title: Writes working, tested code\n",
        "    title: Writes working, tested code\n    examples: &ex [a review, a design doc]\n",
    )
    .replace(
        "    title: Delivers well-defined tasks\n",
        "    title: Delivers well-defined tasks\n    examples: *ex\n",
    )
    .replace(
        "  - id: impact.features\n    area: impact\n    level: L4\n",
        "  - id: impact.features\n    <<: &l4 {area: impact, level: L4}\n",
    )
    .replace(
        "  - id: impact.projects\n    area: impact\n",
        "  - id: impact.projects\n    <<: *l4\n    examples: *ex\n",
    )
)


def mutations(*bases: str) -> st.SearchStrategy[str]:
    """One of the texts with characters or lines deleted, inserted, replaced or duplicated."""

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(bases))
        for _ in range(draw(st.integers(1, 4))):
            lines = text.split("\n")
            op = draw(st.sampled_from(["del", "ins", "rep", "dup", "line-del", "line-swap"]))
            if op in ("del", "ins", "rep"):
                i = draw(st.integers(0, max(len(text) - 1, 0)))
                chunk = draw(YAMLISH.filter(bool)) if op != "del" else ""
                end = i if op == "ins" else i + draw(st.integers(1, 5))
                text = text[:i] + chunk + text[end:]
            elif op == "dup":
                j = draw(st.integers(0, len(lines) - 1))
                text = "\n".join([*lines[: j + 1], lines[j], *lines[j + 1 :]])
            elif op == "line-del":
                j = draw(st.integers(0, len(lines) - 1))
                text = "\n".join(lines[:j] + lines[j + 1 :])
            else:
                j = draw(st.integers(0, len(lines) - 1))
                k = draw(st.integers(0, len(lines) - 1))
                lines[j], lines[k] = lines[k], lines[j]
                text = "\n".join(lines)
        return text

    return mutate()


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutations(MINI_LADDER, ALIASED))
def test_fuzz_mutated_ladders_load_or_fail_cleanly(text: str) -> None:
    assert_clean(text)


@FUZZ
@given(YAMLISH)
def test_fuzz_random_yamlish_text_fails_cleanly(text: str) -> None:
    assert assert_clean(text) is None


@FUZZ
@given(st.binary(max_size=200))
def test_fuzz_random_bytes_fail_cleanly(data: bytes) -> None:
    assert assert_clean(data) is None


def test_a_file_path_is_loaded_without_reading_the_bundled_ladders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ladder_text: str
) -> None:
    import promo_planner.core.loader as loader

    def no_scan() -> list[tuple[Path, object]]:
        raise AssertionError("the bundled ladders were read for an explicit path")

    monkeypatch.setattr(loader, "bundled_guidelines", no_scan)
    mine = tmp_path / "mine.yaml"
    mine.write_text(ladder_text)
    assert loader.resolve_guideline(str(mine)).id == "mini"
