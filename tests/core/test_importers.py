"""Importing published ladders (FT job-family YAML, Monzo framework Markdown) as guidelines.

The published files are read at test time from ../shared/ladders (``shared_ladders`` skips when
they are absent); the small hand-written inputs below cover the rules and the error messages.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from promo_planner.core.errors import InputError
from promo_planner.core.files import read_text
from promo_planner.core.importers import IMPORTERS, write_atomic
from promo_planner.core.importers.emit import ImportedLadder, render
from promo_planner.core.importers.text import prose, short_title, slug
from promo_planner.core.ladder import Criterion, Guideline
from promo_planner.core.ladder_import import import_guideline, import_ladder
from promo_planner.core.loader import parse_guideline

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
POSITIONED = re.compile(r"^[^:]+:\d+:\d+: .+$")


def by_source(guideline: Guideline) -> dict[str, Criterion]:
    """Criteria by the source's own key, which an import keeps as the first alias."""
    return {c.aliases[0]: c for c in guideline.criteria if c.aliases}


def source_ids(guideline: Guideline, ids: list[str]) -> list[str]:
    """The criteria ``ids`` written as the source's keys."""
    return [guideline.criterion_by_id[i].aliases[0] for i in ids]


# --------------------------------------------------------------------------- the FT file


@pytest.fixture
def ft_source(shared_ladders: Path) -> tuple[str, dict[str, list[dict[str, str]]]]:
    text = (shared_ladders / "ft-engineering.yml").read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def test_ft_keeps_every_level_theme_and_competency_with_its_id_as_an_alias(ft_source):
    # Issue 16 changed the contract: ids are readable (theme.first-words), the FT's UUID stays
    # as the criterion's alias so links made with it keep working.
    text, source = ft_source
    guideline = import_guideline("ft", text, "ft-engineering.yml")[1]

    assert [lv.id for lv in guideline.levels] == [lv["id"] for lv in source["levels"]]
    assert [a.id for a in guideline.areas] == [t["id"] for t in source["themes"]]
    assert [c.aliases for c in guideline.criteria] == [(c["id"],) for c in source["competencies"]]
    assert (len(guideline.levels), len(guideline.areas)) == (8, 9)
    assert len(guideline.criteria) == len(source["competencies"]) == 72
    assert not any(UUID.search(c.id) for c in guideline.criteria)
    for criterion in guideline.criteria:
        area = "-".join(criterion.area.split("-")[:2])
        assert re.fullmatch(rf"{re.escape(area)}\.[a-z0-9]+(-[a-z0-9]+)*", criterion.id)
        assert guideline.resolve_criterion(criterion.aliases[0]) is criterion
    assert guideline.id == "ft-engineering"
    assert guideline.name == source["name"]


def test_ft_criterion_fields_come_from_the_competency(ft_source):
    text, source = ft_source
    guideline = import_guideline("ft", text, "ft-engineering.yml")[1]
    for comp in source["competencies"]:
        criterion = by_source(guideline)[comp["id"]]
        assert (criterion.area, criterion.level) == (comp["theme"], comp["level"])
        assert criterion.description is not None
        assert criterion.description.endswith(f"Proficiency: {comp['proficiency']}")
        assert " ".join(comp["summary"].split()) in " ".join(criterion.description.split())
        assert 0 < len(criterion.title) <= 80
        words = criterion.title.rstrip("…").split()
        assert " ".join(comp["summary"].split()).lstrip("1. ").startswith(" ".join(words))


def test_ft_tracks_branch_after_senior_1(ft_source):
    text, _ = ft_source
    guideline = import_guideline("ft", text, "ft-engineering.yml")[1]
    parent = {lv.id: lv.parent for lv in guideline.levels}
    track = {lv.id: lv.track for lv in guideline.levels}

    assert parent["senior-2-ic"] == parent["senior-2-pm"] == "senior-1"
    assert parent["principal-ic"] == "senior-2-ic"
    assert parent["principal-pm"] == "senior-2-pm"
    assert parent["tech-director"] == "principal-pm"
    assert track["senior-2-ic"] == track["principal-ic"] == "ic"
    assert track["senior-2-pm"] == track["principal-pm"] == track["tech-director"] == "manager"
    assert track["senior-1"] is None
    assert guideline.descendants("senior-1") == [
        "senior-1",
        "senior-2-ic",
        "senior-2-pm",
        "principal-ic",
        "principal-pm",
        "tech-director",
    ]
    assert "principal-pm" not in guideline.descendants("senior-2-ic")


def test_ft_each_level_is_described_whole(ft_source):
    """A level's competency in a theme replaces its predecessor's: R(L) is exactly L's own."""
    text, source = ft_source
    guideline = import_guideline("ft", text, "ft-engineering.yml")[1]

    def own(level: str) -> list[str]:
        return [c["id"] for c in source["competencies"] if c["level"] == level]

    def required(level: str) -> list[str]:
        return source_ids(guideline, guideline.required_ids(level))

    assert required("principal-ic") == own("principal-ic")
    assert len(own("principal-ic")) == 9
    for level in (lv["id"] for lv in source["levels"]):
        assert required(level) == own(level)
    assert not set(guideline.required_ids("senior-2-ic")) & set(
        guideline.required_ids("senior-2-pm")
    )
    new = guideline.new_at_target("senior-1", "principal-ic")
    assert [c.aliases[0] for c in new] == own("principal-ic")


def test_ft_output_is_stable_and_names_its_source(ft_source, tmp_path):
    text, _ = ft_source
    first = import_ladder("ft", text, "ft-engineering.yml")
    second = import_ladder("ft", text, str(tmp_path / "elsewhere" / "ft-engineering.yml"))
    assert first == second  # same bytes, whatever folder the file was read from
    assert first.startswith("# Imported by promo-planner from ft-engineering.yml")
    assert "MIT licence" in first.split("schema:", 1)[0]
    assert yaml.safe_load(first)["schema"] == "promo-planner/guideline/v1"
    assert (
        parse_guideline(first, "ft.yaml").criteria == import_guideline("ft", text, "x")[1].criteria
    )
    assert max(len(line) for line in first.splitlines()) <= 100


# --------------------------------------------------------------------------- the Monzo file


@pytest.fixture
def monzo_source(shared_ladders: Path) -> tuple[str, dict[str, object]]:
    text = (shared_ladders / "monzo-backend.md").read_text(encoding="utf-8")
    front = text.split("\n---", 1)[0].removeprefix("---\n")
    return text, yaml.safe_load(front)


def _monzo_texts(front: dict[str, object]) -> list[tuple[str, int, str, list[str]]]:
    """(topic, level, criterion text, examples) in file order, read straight from the source."""
    out = []
    for topic in front["topics"]:  # type: ignore[attr-defined]
        for entry in topic["content"]:
            for text in entry.get("criteria") or []:
                out.append((topic["name"], entry["level"], text, []))
            for item in entry.get("exampleCriteria") or []:
                out.append((topic["name"], entry["level"], item["criteria"], item["examples"]))
    return out


def test_monzo_levels_topics_and_criteria(monzo_source):
    text, front = monzo_source
    guideline = import_guideline("monzo", text, "monzo-backend.md")[1]
    expected = _monzo_texts(front)

    assert [lv.id for lv in guideline.levels] == [f"L{n}" for n in range(1, 7)]
    assert guideline.levels[2].title == "Level 3"
    assert [a.id for a in guideline.areas] == [t["name"] for t in front["topics"]]
    # The display title without its emoji when there is one, else the name capitalised.
    assert [a.name for a in guideline.areas] == [
        t["title"].split(" ", 1)[1] if t["title"] else t["name"].capitalize()
        for t in front["topics"]
    ]
    assert len(guideline.criteria) == len(expected) == 135
    for criterion, (topic, level, source_text, examples) in zip(
        guideline.criteria, expected, strict=True
    ):
        assert (criterion.area, criterion.level) == (topic, f"L{level}")
        assert criterion.id.startswith(f"{topic}.")
        # The ids of earlier imports (area.lN.slug) answer as aliases.
        assert criterion.aliases[0].startswith(f"{topic}.l{level}.")
        assert (criterion.description or criterion.title) == " ".join(source_text.split())
        assert list(criterion.examples) == [" ".join(e.split()) for e in examples]
    assert guideline.id == "monzo-backend"
    assert guideline.name == front["title"].split(" ", 1)[1]  # without the leading emoji


def test_monzo_levels_are_cumulative(monzo_source):
    text, _ = monzo_source
    guideline = import_guideline("monzo", text, "monzo-backend.md")[1]
    for lower, higher in zip(guideline.levels, guideline.levels[1:], strict=False):
        below, above = set(guideline.required_ids(lower.id)), set(guideline.required_ids(higher.id))
        assert below < above
    assert guideline.required_ids("L6") == [c.id for c in guideline.criteria]
    l3_new = guideline.new_at_target("L2", "L3")
    assert {c.level for c in l3_new} == {"L3"}


def test_monzo_body_describes_the_ladder_and_its_areas(monzo_source, shared_ladders):
    text, front = monzo_source
    guideline = import_guideline("monzo", text, "monzo-backend.md")[1]
    body = text.split("\n---\n", 1)[1].splitlines()
    first_prose = next(ln for ln in body if ln.strip() and not ln.startswith("#"))
    assert guideline.description and guideline.description.startswith(first_prose)

    # The body lists the elements as "- Name - meaning"; each topic gets the one naming it,
    # "Comms ..." for "communication" included (same first four letters).
    bullets = [ln[2:].split(" - ", 1) for ln in body if ln.startswith("- ") and " - " in ln]
    meaning = {term.split()[0][:4].lower(): rest for term, rest in bullets}
    described = {a.id: a.description for a in guideline.areas}
    assert described == {t["name"]: meaning[t["name"][:4]] for t in front["topics"]}
    assert len(set(described.values())) == len(front["topics"])


def test_monzo_output_is_stable(monzo_source):
    text, _ = monzo_source
    first = import_ladder("monzo", text, "monzo-backend.md")
    assert first == import_ladder("monzo", text, "monzo-backend.md")
    assert first.startswith("# Imported by promo-planner from monzo-backend.md")
    ids = [c["id"] for c in yaml.safe_load(first)["criteria"]]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- rules on small inputs

FT_MINI = """\
name: Data Science
levels:
  - id: a
    name: A
  - id: b-ic
    name: B (IC)
  - id: b-pm
    name: B (PM)
  - id: c-ic
    name: C (IC)
  - id: d
    name: D
themes:
  - id: t1
    name: Theme one
  - id: t2
    name: Theme two
competencies:
  - {id: a1, level: a, theme: t1, summary: Does one., proficiency: Awareness}
  - {id: a2, level: a, theme: t2, summary: Does two.}
  - {id: b1, level: b-ic, theme: t1, summary: Does one better.}
  - {id: p1, level: b-pm, theme: t1, summary: Manages one.}
  - {id: p2, level: b-pm, theme: t2, summary: Manages two.}
  - {id: c1, level: c-ic, theme: t1, summary: Does one best.}
"""


def test_ft_rules_on_a_small_family():
    guideline = import_guideline("ft", FT_MINI, "mini.yml")[1]
    parent = {lv.id: lv.parent for lv in guideline.levels}
    assert parent == {"a": None, "b-ic": "a", "b-pm": "a", "c-ic": "b-ic", "d": "c-ic"}
    assert guideline.level("d").track == "ic"  # continues the track of the entry before it
    assert guideline.id == "ft-data-science"
    # A theme a level does not describe stays at the nearest ancestor's competency.
    assert source_ids(guideline, guideline.required_ids("b-ic")) == ["a2", "b1"]
    assert source_ids(guideline, guideline.required_ids("c-ic")) == ["a2", "c1"]
    assert source_ids(guideline, guideline.required_ids("b-pm")) == ["p1", "p2"]
    assert by_source(guideline)["a2"].description == "Does two."
    assert [c.id for c in guideline.criteria] == [
        "t1.does-one",
        "t2.does-two",
        "t1.does-one-better",
        "t1.manages-one",
        "t2.manages-two",
        "t1.does-one-best",
    ]


def test_ft_a_track_with_nothing_shared_before_it_is_refused():
    text = FT_MINI.replace("  - id: a\n    name: A\n", "").replace("level: a,", "level: b-ic,")
    with pytest.raises(InputError) as err:
        import_ladder("ft", text, "mini.yml")
    assert err.value.lines == [
        "mini.yml:5:9: level 'b-pm' starts a track before any shared level; put the level both "
        "tracks grow from first"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("name: Data Science\n", ""), "mini.yml:1:1: the FT job family: missing key 'name'"),
        (("level: c-ic,", "level: z,"), "mini.yml:24:21: competency 'c1': unknown level 'z'"),
        (
            ("theme: t2, summary: Does two.", "theme: t9, summary: Does two."),
            "mini.yml:20:31: competency 'a2': unknown theme 't9'",
        ),
        (("id: p2,", "id: a1,"), "mini.yml:23:10: duplicate competency id 'a1'"),
        (("id: b-ic", "id: b ic"), "mini.yml:5:9: level id 'b ic' is not a usable id"),
        (
            ("summary: Manages one.}", "summary: Manages one., note: x}"),
            "mini.yml:22:61: a competency: unknown key 'note'",
        ),
        (("themes:\n", "themes: 3\nx:\n"), "mini.yml:13:9: themes must be a list, not int '3'"),
        (("  - id: a\n", "  - id: [a\n"), "mini.yml:4:9: not valid YAML"),
    ],
)
def test_ft_bad_input_is_one_positioned_line(change, expected):
    old, new = change
    assert old in FT_MINI
    with pytest.raises(InputError) as err:
        import_ladder("ft", FT_MINI.replace(old, new, 1), "mini.yml")
    assert len(err.value.lines) == 1
    assert err.value.lines[0].startswith(expected)
    assert POSITIONED.match(err.value.lines[0])


MONZO_MINI = """\
---
title: "🧪 Test Engineering Framework"
path: "/engineering/test"
levels: 3
topics:
  - name: "craft"
    title:
    content:
      - level: 1
        criteria:
          - "Writes tests"
          - "Writes tests"
      - level: 3
        exampleCriteria:
          - criteria: "Designs a test strategy. Shares it widely"
            examples:
              - "A written plan"
  - name: "team-work"
    title: "🤝 Team work"
    content:
      - level: 2
        criteria:
          - "Pairs with others"
---
### Intro
A short framework.

### Elements
- Craft - How well you build
"""


def test_monzo_rules_on_a_small_framework():
    guideline = import_guideline("monzo", MONZO_MINI, "test.md")[1]
    assert guideline.id == "monzo-test"
    assert guideline.name == "Test Engineering Framework"
    assert guideline.description == "A short framework."
    assert [(a.id, a.name, a.description) for a in guideline.areas] == [
        ("craft", "Craft", "How well you build"),
        ("team-work", "Team work", None),
    ]
    assert [c.id for c in guideline.criteria] == [
        "craft.writes-tests",
        "craft.writes-tests-2",  # the same text twice at one level: numbered in file order
        "craft.designs-test-strategy",
        "team-work.pairs-others",
    ]
    # The ids earlier imports gave them stay as aliases.
    assert [c.aliases for c in guideline.criteria] == [
        ("craft.l1.writes-tests",),
        ("craft.l1.writes-tests-2",),
        ("craft.l3.designs-a-test-strategy-shares-it-widely",),
        ("team-work.l2.pairs-with-others",),
    ]
    strategy = guideline.criteria[2]
    assert strategy.title == "Designs a test strategy"
    assert strategy.description == "Designs a test strategy. Shares it widely"
    assert strategy.examples == ("A written plan",)
    assert guideline.required_ids("L2") == [
        "craft.writes-tests",
        "craft.writes-tests-2",
        "team-work.pairs-others",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Just Markdown\n", "fw.md:1:1: no YAML front matter"),
        ("---\nlevels: 3\n", "fw.md:1:1: the front matter opened here is never closed"),
        ("---\nlevels: three\ntopics: []\n---\n", "fw.md:2:9: levels must be a whole number"),
        ("---\nlevels: 3\n---\n", "fw.md:2:1: the front matter: missing key 'topics'"),
        (
            MONZO_MINI.replace("- level: 3", "- level: 4"),
            "fw.md:13:16: topic 'craft': level 4 is outside 1..3",
        ),
        (MONZO_MINI.replace("examples:", "exemples:"), "fw.md:16:13: "),
        ("---\nlevels: 3\ntopics: [\n---\n", "fw.md:3:10: not valid YAML"),
    ],
)
def test_monzo_bad_input_is_one_positioned_line(text, expected):
    with pytest.raises(InputError) as err:
        import_ladder("monzo", text, "fw.md")
    assert len(err.value.lines) == 1
    assert err.value.lines[0].startswith(expected)
    assert POSITIONED.match(err.value.lines[0])


def test_unknown_format_and_bad_encoding_are_input_errors():
    with pytest.raises(InputError, match=r"--from: unknown format 'xls' \(known: csv, ft, monzo\)"):
        import_ladder("xls", FT_MINI, "mini.yml")
    with pytest.raises(InputError, match=r"^mini.yml:1:7: not UTF-8 text \(byte 0xff\)"):
        import_ladder("ft", b"name: \xff\n", "mini.yml")
    assert sorted(IMPORTERS) == ["csv", "ft", "monzo"]


def test_a_ladder_the_guideline_format_cannot_hold_is_refused():
    # Area names are limited to 20,000 characters; the source sets no such limit.
    text = FT_MINI.replace("name: Theme one", "name: " + "x" * 20_001)
    with pytest.raises(InputError) as err:
        import_ladder("ft", text, "mini.yml")
    assert err.value.lines[0].startswith("mini.yml: cannot be converted: ")


# --------------------------------------------------------------------------- text and YAML output


def test_a_file_name_cannot_break_out_of_the_header_comment():
    out = import_ladder("ft", FT_MINI, "mini\nid: injected\n.yml")
    assert yaml.safe_load(out)["id"] == "ft-data-science"
    assert out.startswith("# Imported by promo-planner from mini?id: injected?.yml (")


def test_titles_are_first_sentences_cut_between_words():
    assert short_title("Solves the hard problem e.g. crypto and sees it through.") == (
        "Solves the hard problem e.g. crypto and sees it through"
    )
    assert short_title("1. Hands-on delivery\n2. Leads design") == "Hands-on delivery"
    long = "word " * 30
    title = short_title(long)
    assert title.endswith("…") and len(title) <= 80 and "wor…" not in title
    assert slug("Writes PR descriptions that provide context, they’ve é!") == (
        "writes-pr-descriptions-that-provide"
    )
    assert prose("one\ntwo\n\n- a\n- b\n1. c") == "one two\n\n- a\n- b\n1. c"


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"),
    max_size=200,
)
# PyYAML's folded style mangles a long line that starts with spaces; the emitter must notice.
INDENTED_LONG = (
    "  leading spaces, then a line that goes on" + " and on" * 12 + " past the fold\nnext"
)
texts = st.one_of(printable, st.lists(printable, max_size=4).map("\n".join), st.just(INDENTED_LONG))


@settings(max_examples=150, deadline=None)
@example({"lead": INDENTED_LONG})
@given(st.dictionaries(st.from_regex(r"[a-z]{1,8}", fullmatch=True), texts, max_size=6))
def test_rendered_yaml_reads_back_exactly(document):
    ladder = ImportedLadder(document={**document, "items": list(document.values())}, header=["x"])
    out = render(ladder)
    assert out.startswith("# x\n")
    assert yaml.safe_load(out) == ladder.document


# --------------------------------------------------------------------------- file ends


def test_write_atomic_replaces_whole_and_leaves_nothing_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.yaml"
    write_atomic(target, "first\n")
    write_atomic(target, "second\n")
    assert target.read_text() == "second\n"
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match=r"out.yaml: cannot write: No space left on device"):
        write_atomic(target, "third\n", shown="out.yaml")
    assert target.read_text() == "second\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_file_ends_name_the_file(tmp_path):
    with pytest.raises(InputError, match=r"^nope.yml: no such file$"):
        read_text(tmp_path / "nope.yml", shown="nope.yml")
    with pytest.raises(InputError, match=r"is a directory"):
        read_text(tmp_path)
    with pytest.raises(InputError, match=r"does not exist"):
        write_atomic(tmp_path / "missing" / "out.yaml", "x")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_aliases_cannot_blow_a_small_file_up():
    # 1,000 aliases of a 1,000-item list: a few kilobytes that would expand to a million items.
    items = ", ".join(['"x"'] * 1000)
    entries = "\n".join(["      - *entry"] * 1000)
    text = (
        f"---\nlevels: 1\nlist: &items [{items}]\nentry: &entry {{level: 1, criteria: *items}}\n"
        f"topics:\n  - name: t\n    content:\n{entries}\n---\n"
    )
    with pytest.raises(InputError, match=r"^bomb.md:\d+:\d+: more than .* not a ladder$"):
        import_ladder("monzo", text, "bomb.md")


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        (
            "ft",
            FT_MINI.replace("summary: Does two.}", 'summary: "Does \\e]0;owned\\a two."}'),
            "mini.yml:20:44: summary must not contain control characters (found U+001B)",
        ),
        (
            "ft",
            FT_MINI.replace("name: Theme one", 'name: "Theme \\u202eeno"'),
            "mini.yml:15:11: name must not contain bidirectional override characters"
            " (found U+202E)",
        ),
        (
            "monzo",
            MONZO_MINI.replace("A short framework.", "A short \x1b[2J framework."),
            "mini.yml:26:9: the text must not contain control characters (found U+001B)",
        ),
        (
            "monzo",
            MONZO_MINI.replace('"Pairs with others"', '"Pairs with \x07 others"'),
            "mini.yml:23:25: not valid YAML: character U+0007 is not allowed",
        ),
    ],
    ids=["ft-escape", "ft-bidi", "monzo-body", "monzo-front-matter"],
)
def test_ladder_texts_obey_the_character_rule(fmt, text, expected):
    with pytest.raises(InputError) as err:
        import_ladder(fmt, text, "mini.yml")
    assert err.value.lines == [expected]


def test_importers_choose_a_promotion_policy_and_say_why(ft_source, monzo_source):
    from decimal import Decimal

    ft_text, monzo_text = ft_source[0], monzo_source[0]
    for fmt, text, (threshold, floor, evidence, effort) in (
        ("ft", ft_text, (75, 0, 2, 12)),
        ("monzo", monzo_text, (85, 80, 2, 4)),
    ):
        output, guideline = import_guideline(fmt, text, "source")
        p = guideline.promotion
        assert (p.readiness_threshold, p.area_floor, p.evidence_window_months) == (
            Decimal(threshold),
            Decimal(floor),
            18,
        )
        assert {(c.evidence_required, c.effort_weeks) for c in guideline.criteria} == {
            (evidence, Decimal(effort))
        }
        header = output.split("schema:", 1)[0]
        assert "Promotion policy chosen by the importer" in header
        assert f"readiness_threshold {threshold}:" in header
    ft = import_guideline("ft", ft_text, "ft.yml")[1]
    assert {c.weight for c in ft.criteria if c.area == "technical"} == {Decimal(2)}
    assert {c.weight for c in ft.criteria if c.area != "technical"} == {Decimal(1)}
