"""``guideline import --from csv``: a spreadsheet with one row per criterion.

Positions are ``FILE:LINE:COL`` as a spreadsheet user counts: the line the row starts on (a
quoted cell may span lines) and the cell's column, both 1-based.
"""

from __future__ import annotations

import pytest
import yaml

from promo_planner.core.errors import InputError
from promo_planner.core.ladder import Guideline
from promo_planner.core.ladder_import import import_guideline
from promo_planner.core.loader import parse_guideline
from promo_planner.core.paths import bundled_guidelines_dir

SHEET = """\
Level,Area,Title,Description,Weight,Evidence required,Effort weeks,Requires,Needs opportunity
L3,Craft,Writes tested code,Tests at the right level,1,2,3,,no
L3,Delivery,Ships small features,,1,1,2,,
L4,Craft,Designs a service,"Design doc, reviewed
across teams",2,1,6,Writes tested code,yes
L4,Delivery,Leads a small project,,2,,8,designs a SERVICE; Ships small features,y
"""


def imported(text: str, name: str = "ladder.csv", **options: object) -> Guideline:
    return import_guideline("csv", text, name, **options)[1]  # type: ignore[arg-type]


def problem(text: str, name: str = "s.csv", **options: object) -> str:
    with pytest.raises(InputError) as caught:
        import_guideline("csv", text, name, **options)  # type: ignore[arg-type]
    (line,) = caught.value.lines
    assert "Traceback" not in line and "\n" not in line
    return line


def test_a_well_formed_sheet() -> None:
    output, guideline = import_guideline("csv", SHEET, "team-ladder.csv")
    assert (guideline.id, guideline.name) == ("team-ladder", "Team ladder")
    assert [(lv.id, lv.parent) for lv in guideline.levels] == [("L3", None), ("L4", "L3")]
    assert [(a.id, a.name) for a in guideline.areas] == [
        ("craft", "Craft"),
        ("delivery", "Delivery"),
    ]
    assert [c.id for c in guideline.criteria] == [
        "craft.writes-tested-code",
        "delivery.ships-small-features",
        "craft.designs-service",
        "delivery.leads-small-project",
    ]
    tested, ships, design, lead = guideline.criteria
    assert (tested.weight, tested.evidence_required, tested.effort_weeks) == (1, 2, 3)
    assert design.description == "Design doc, reviewed\nacross teams"
    assert design.requires == ("craft.writes-tested-code",)
    # Named by title, in any case.
    assert lead.requires == ("craft.designs-service", "delivery.ships-small-features")
    assert (design.needs_opportunity, lead.needs_opportunity, ships.needs_opportunity) == (
        True,
        True,
        False,
    )
    assert lead.evidence_required == 1  # an empty cell takes the default
    assert parse_guideline(output, "x.yaml").criteria == guideline.criteria
    assert import_guideline("csv", SHEET, "team-ladder.csv")[0] == output


def test_synonyms_reordered_columns_and_semicolons_read_the_same() -> None:
    sheet = (
        "Expectation;Pillar;Grade;Details;IMPORTANCE;Prerequisites;Opportunity\n"
        "Writes tested code;Craft;L3;Tests at the right level;1;;\n"
        "Ships small features;Delivery;L3;;1;;\n"
        'Designs a service;Craft;L4;"Design doc, reviewed\nacross teams";2;Writes tested code;x\n'
        "Leads a small project;Delivery;L4;;2;Designs a service;yes\n"
    )
    guideline = imported(sheet)
    reference = imported(SHEET)
    assert [c.id for c in guideline.criteria] == [c.id for c in reference.criteria]
    assert [(c.level, c.area, c.title, c.weight) for c in guideline.criteria] == [
        (c.level, c.area, c.title, c.weight) for c in reference.criteria
    ]
    assert guideline.criteria[2].description == "Design doc, reviewed\nacross teams"
    assert guideline.criteria[3].requires == ("craft.designs-service",)


def test_a_competency_column_is_the_title_or_beside_a_title_the_description() -> None:
    alone = imported("Track,Band,Competency\nPeople,Senior,Coaches the team\n")
    assert alone.criteria[0].title == "Coaches the team"
    assert alone.levels[0].id == "Senior"
    both = imported("Category,Level,Title,Competency\nPeople,Senior Engineer,Coaches,Helps grow\n")
    assert (both.criteria[0].title, both.criteria[0].description) == ("Coaches", "Helps grow")
    assert (both.levels[0].id, both.levels[0].title) == ("senior-engineer", "Senior Engineer")


def test_tab_separated_and_a_byte_order_mark() -> None:
    tsv = "\ufeffLevel\tArea\tTitle\nL1\tCraft\tWrites code\n"
    assert imported(tsv, "ladder.tsv").criteria[0].id == "craft.writes-code"


def test_levels_come_from_the_option_when_given() -> None:
    sheet = "level,area,title\nSenior,A,Leads\nJunior,A,Learns\nmid,A,Delivers\n"
    first_seen = imported(sheet)
    assert [lv.id for lv in first_seen.levels] == ["Senior", "Junior", "mid"]
    ordered = imported(sheet, levels=["junior", "Mid", "senior", "Staff"])
    assert [(lv.id, lv.parent) for lv in ordered.levels] == [
        ("junior", None),
        ("Mid", "junior"),
        ("senior", "Mid"),
        ("Staff", "senior"),
    ]
    assert [c.level for c in ordered.criteria] == ["senior", "junior", "Mid"]


def test_a_formula_cell_is_kept_as_text() -> None:
    formula = '=HYPERLINK("https://wiki.example.com/x","Design doc")'
    quoted = formula.replace('"', '""')
    sheet = f'level,area,title,description\nL1,Craft,Writes docs,"{quoted}"\n'
    guideline = imported(sheet)
    assert guideline.criteria[0].description == formula
    output = import_guideline("csv", sheet, "s.csv")[0]
    assert yaml.safe_load(output)["criteria"][0]["description"] == formula


def test_blank_rows_and_unnamed_columns_are_skipped() -> None:
    sheet = "level,area,title,\n\nL1,Craft,Writes code,scratch\n,,,\n"
    assert [c.title for c in imported(sheet).criteria] == ["Writes code"]


BAD = [
    ("", "s.csv:1:1: the sheet is empty"),
    ("level,area,description\nL1,A,x\n", "s.csv:1:1: no title column (any of: title,"),
    (
        "level,area,title,wieght\nL1,A,x,1\n",
        "s.csv:1:4: unknown column 'wieght' (did you mean 'weight'?)",
    ),
    ("level,area,title,grade\nL1,A,x,2\n", "s.csv:1:4: column 'grade' repeats 'level' (column 1)"),
    ("level,area,title\n", "s.csv:1:1: the sheet has a header but no criteria rows"),
    ("level,area,title\nL1,A,x\nL1,,y\n", "s.csv:3:2: area: empty; every row needs one"),
    (
        'level,area,title,description\nL1,A,x,"two\nlines"\nL1,A,y,ok,extra\n',
        "s.csv:4:5: a cell beyond the last named column (4 columns)",
    ),
    (
        'level,area,title\nL1,A,x\nL1,A,"never closed\n',
        "s.csv:3:1: a quoted cell opened in this row",
    ),
    ('level,area,title\nL1,A,"x"y\n', "s.csv:2:1: a '\"' in the middle of a cell"),
    ("level,area,title,weight\nL1,A,x,heavy\n", "s.csv:2:4: weight: 'heavy' is not a number"),
    ("level,area,title,weight\nL1,A,x,0\n", "s.csv:2:4: weight: '0' must be above 0"),
    (
        "level,area,title,evidence\nL1,A,x,1.5\n",
        "s.csv:2:4: evidence required: '1.5' must be a whole number from 1 to 1000",
    ),
    ("level,area,title,effort\nL1,A,x,-2\n", "s.csv:2:4: effort weeks: '-2' must be 0 or more"),
    (
        "level,area,title,requires\nL1,A,x,\nL1,A,y,Nothing like it\n",
        "s.csv:3:4: requires: no row has the id or title 'Nothing like it'",
    ),
    (
        "level,area,title,requires\nL1,A,x,y\nL1,A,y,x\n",
        "s.csv:2:4: requires: a cycle (line 2 -> line 3 -> line 2)",
    ),
    (
        "level,area,title,requires\nL1,A,x,y\nL2,A,y,\n",
        "s.csv:2:4: requires: 'y' is at level L2, above this row's L1",
    ),
    (
        "id,level,area,title\nc.1,L1,A,x\nc.1,L1,A,y\n",
        "s.csv:3:1: id 'c.1' is already the id of line 2",
    ),
    ("id,level,area,title\nc 1,L1,A,x\n", "s.csv:2:1: id 'c 1' is not usable"),
    (
        "level,area,title,requires,supersedes\nL1,A,x,,\nL1,A,y,x,x\n",
        "s.csv:3:5: supersedes: 'x', which this row also requires",
    ),
    (
        "level,area,title,opportunity\nL1,A,x,maybe\n",
        "s.csv:2:4: needs opportunity: 'maybe' is not yes or no",
    ),
    (
        "level,area,title\nL1,A,Clears \x1b[2J\n",
        "s.csv:2:3: title: must not contain control characters",
    ),
    (
        'level,area,title,description\nL1,A,x,"ok\nthen \u202ebad"\n',
        "s.csv:2:4: description: must not contain bidi",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD, ids=[e.split(": ", 1)[1][:40] for _, e in BAD])
def test_a_malformed_sheet_is_one_line_at_the_cell(text: str, expected: str) -> None:
    assert problem(text).startswith(expected.replace("bidi", "bidirectional override characters"))


def test_a_level_outside_the_given_levels_is_reported_at_its_cell() -> None:
    sheet = "area,title,level\nA,x,L1\nA,y,L9\n"
    assert (
        problem(sheet, levels=["L1", "L2"])
        == "s.csv:3:3: level 'L9' is not one of --levels (L1, L2)"
    )


def test_line_numbers_count_the_lines_inside_quoted_cells() -> None:
    sheet = 'level,area,title,description\nL1,A,x,"one\ntwo\nthree"\n\nL1,A,,four\n'
    assert problem(sheet) == "s.csv:6:3: title: empty; every row needs one"


def test_the_example_sheet_ships_and_imports() -> None:
    example = bundled_guidelines_dir() / "examples" / "engineering-ladder.csv"
    output, guideline = import_guideline("csv", example.read_text(encoding="utf-8"), str(example))
    assert len(guideline.criteria) == 10
    assert [lv.id for lv in guideline.levels] == ["E3", "E4", "E5"]
    assert guideline.required_ids("E5")[-1] == "collaboration.grows-engineers-around"
    grows = guideline.criterion_by_id["collaboration.grows-engineers-around"]
    assert grows.examples[0].startswith('=HYPERLINK("https://wiki.example.com/mentoring"')
    assert parse_guideline(output, "example.yaml").id == "engineering-ladder"


def test_a_sheet_with_its_own_ids_keeps_them_and_names_rows_by_them() -> None:
    sheet = (
        "ID,Level,Area,Title,Requires,Supersedes\n"
        "C-1,L1,Craft,Writes code,,\n"
        ",L1,Craft,Reviews code,C-1,\n"
        "C-3,L2,Craft,Designs systems,C-1,Reviews code\n"
    )
    guideline = imported(sheet)
    assert [c.id for c in guideline.criteria] == ["C-1", "craft.reviews-code", "C-3"]
    assert guideline.criterion_by_id["craft.reviews-code"].requires == ("C-1",)
    assert guideline.criterion_by_id["C-3"].supersedes == ("craft.reviews-code",)
    assert guideline.required_ids("L2") == ["C-1", "C-3"]


def test_a_renamed_sheet_reimported_with_previous_keeps_its_ladder_and_ids() -> None:
    first = imported(SHEET, "team-ladder.csv")
    reworded = SHEET.replace("Ships small features", "Ships small features weekly")
    again = imported(reworded, "team-ladder-2027.csv", previous=first)
    assert (again.id, again.name) == ("team-ladder", "Team ladder")
    # Kept by title in their area; the reworded one (a sheet has no ids of its own) is new.
    assert [c.id for c in again.criteria] == [
        "craft.writes-tested-code",
        "delivery.ships-small-features-weekly",
        "craft.designs-service",
        "delivery.leads-small-project",
    ]
    assert [c.id for c in first.criteria][1] == "delivery.ships-small-features"
