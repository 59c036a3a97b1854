"""The manager's check-in form (SPEC 6): exported for every criterion of the target level, filled
in any editor, imported with line-exact errors, refused as a whole, never written in part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from promo_planner.core.checkin_form import form_yaml, parse_form
from promo_planner.core.errors import InputError
from promo_planner.core.ladder import Guideline
from promo_planner.core.portfolio import require_snapshot
from promo_planner.core.records import CriterionLink, EvidenceDraft, Plan, Profile
from promo_planner.core.store import Store

TODAY = dt.date(2026, 3, 2)
HOSTILE = (
    "Ünïcödé & <script>alert(1)</script> | # not: a key\n- not a list\n"
    "'quotes' \"double\" {flow} [seq] *alias &anchor !tag %directive @at `tick` 👍"
)


@pytest.fixture
def store(tmp_path: Path, ladder: Guideline) -> Iterator[Store]:
    with Store.open(tmp_path / "p.db", create=True) as opened:
        opened.set_plan(Plan("mini", "1.0", "L3", "L5-ic"), ladder)
        yield opened


def _parse(text: str, ladder: Guideline, name: str = "form.yaml") -> object:
    return parse_form(text, name, guideline=ladder, target_level="L5-ic", today=TODAY)


def _fill(text: str, answers: dict[str, tuple[str, str]]) -> str:
    """Fill the exported form as a manager would in an editor: set ``manager:`` and ``note:``
    of the criteria named (YAML-quoted), leave the rest as exported."""
    doc = yaml.safe_load(text)
    for entry in doc["criteria"]:
        if entry["id"] in answers:
            entry["manager"], entry["note"] = answers[entry["id"]]
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def test_the_form_lists_every_required_criterion_with_what_the_manager_needs(
    store: Store,
) -> None:
    store.set_profile(Profile("Ada", "Payments", "Grace"))
    store.add_evidence(
        EvidenceDraft(
            "Test harness", dt.date(2026, 2, 1), criteria=(CriterionLink("craft.testing"),)
        ),
        today=TODAY,
    )
    store.rate("craft.testing", "self", "up", on=TODAY)
    store.rate("craft.testing", "manager", "down", "one piece is not enough", on=TODAY)
    store.set_answer("lack", "Scope")
    text = form_yaml(require_snapshot(store, TODAY, full_evidence=True))
    assert text.startswith("# promo-planner check-in form\n")
    doc = yaml.safe_load(text)
    assert (doc["engineer"], doc["manager_name"], doc["target_level"], doc["date"]) == (
        "Ada",
        "Grace",
        "L5-ic",
        TODAY,
    )
    assert [c["id"] for c in doc["criteria"]] == [
        "craft.testing",
        "craft.architecture",
        "impact.projects",
    ]
    testing = doc["criteria"][0]
    assert testing == {
        "id": "craft.testing",
        "title": "Designs for testability",
        "area": "Technical craft",
        "status": "missing",
        "self": "up",
        "evidence": ["Test harness (2026-02-01)"],
        "manager_before": "down on 2026-03-02: one piece is not enough",
        "manager": None,
        "note": None,
    }
    # The blanks are blank in the file, for the manager to fill.
    assert "  manager:\n  note:\n" in text
    assert [(q["key"], q["engineer"], q["manager"]) for q in doc["questions"]] == [
        ("lack", "Scope", None),
        ("revisit", None, None),
        ("unclear", None, None),
        ("risks", None, None),
    ]


def test_round_trip_export_fill_import(store: Store, ladder: Guideline) -> None:
    store.rate("craft.testing", "self", "up", on=TODAY)
    text = form_yaml(require_snapshot(store, TODAY, full_evidence=True))
    filled = _fill(
        text,
        {
            "craft.testing": ("up", "Clear, well tested"),
            "impact.projects": ("DOWN", "Needs a project first"),
        },
    )
    doc = yaml.safe_load(filled)
    doc["date"] = "2026-02-27"  # the manager rated on Friday
    doc["questions"][1]["manager"] = "The on-call rota:\nlet's revisit it in Q2."
    review = _parse(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), ladder)
    assert review.date == dt.date(2026, 2, 27)  # type: ignore[attr-defined]
    assert store.record_review(review.as_ratings(), review.answers) == 2  # type: ignore[attr-defined]
    after = require_snapshot(store, TODAY)
    testing = after.ratings_of("craft.testing")["manager"]
    assert (testing.value, testing.note, testing.rated_on) == (
        "up",
        "Clear, well tested",
        dt.date(2026, 2, 27),
    )
    assert after.ratings_of("impact.projects")["manager"].value == "down"
    assert "manager" not in after.ratings_of("craft.architecture")  # left blank: not rated
    assert after.manager_answers == {"revisit": "The on-call rota:\nlet's revisit it in Q2."}
    # The engineer's own answers are untouched; importing again adds no rating twice.
    assert after.answers == {}
    assert store.record_review(review.as_ratings(), review.answers) == 0  # type: ignore[attr-defined]
    assert len(require_snapshot(store, TODAY).ratings) == len(after.ratings)


def test_hostile_text_in_every_field_survives_export_and_import(
    tmp_path: Path, make_guideline: object
) -> None:
    hostile_ladder = make_guideline(  # type: ignore[operator]
        criteria=[
            {
                "id": "craft.testing",
                "area": "craft",
                "level": "L4",
                "title": HOSTILE.replace("\n", " "),
            },
        ]
    )
    with Store.open(tmp_path / "h.db", create=True) as store:
        store.set_plan(Plan("mini", "1.0", "L3", "L4"), hostile_ladder)
        store.set_profile(
            Profile(HOSTILE.replace("\n", " ")[:200], "x", HOSTILE.replace("\n", " ")[:200])
        )
        store.add_evidence(
            EvidenceDraft(
                HOSTILE.replace("\n", " "),
                dt.date(2026, 2, 1),
                criteria=(CriterionLink("craft.testing"),),
            ),
            today=TODAY,
        )
        store.rate("craft.testing", "manager", "down", HOSTILE, on=TODAY)
        for key in ("lack", "revisit", "unclear", "risks"):
            store.set_answer(key, HOSTILE)
        text = form_yaml(require_snapshot(store, TODAY, full_evidence=True))
        doc = yaml.safe_load(text)  # still one valid document, every text intact
        entry = doc["criteria"][0]
        assert entry["title"] == HOSTILE.replace("\n", " ")
        assert entry["evidence"] == [f"{HOSTILE.replace(chr(10), ' ')} (2026-02-01)"]
        assert entry["manager_before"] == f"down on {TODAY}: {HOSTILE}"
        assert [q["engineer"] for q in doc["questions"]] == [HOSTILE] * 4
        entry["manager"], entry["note"] = "up", HOSTILE
        for question in doc["questions"]:
            question["manager"] = HOSTILE
        review = parse_form(
            yaml.safe_dump(doc, allow_unicode=True),
            "f.yaml",
            guideline=hostile_ladder,
            target_level="L4",
            today=TODAY,
        )
        store.record_review(review.as_ratings(), review.answers)
        after = require_snapshot(store, TODAY)
        assert after.ratings_of("craft.testing")["manager"].note == HOSTILE
        assert after.manager_answers == dict.fromkeys(
            ("lack", "revisit", "unclear", "risks"), HOSTILE
        )


GOOD = """\
schema: promo-planner/checkin/v1
target_level: L5-ic
date: 2026-03-01
criteria:
- id: craft.testing
  title: Designs for testability
  manager: up
  note: good
- id: craft.architecture
  manager:
  note:
questions:
- key: lack
  manager: More scope
"""


def test_the_hand_written_form_is_good(ladder: Guideline) -> None:
    review = _parse(GOOD, ladder)
    assert review.ratings == (("craft.testing", "up", "good"),)  # type: ignore[attr-defined]
    assert review.answers == {"lack": "More scope"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "  note: good",
            '  note: "good',
            # The reader finds out at the end of the file, and names where the quote opened.
            "form.yaml:15:1: bad YAML: found unexpected end of stream (while scanning a quoted"
            " scalar at 8:9)",
            id="unclosed quote",
        ),
        pytest.param(
            "  note: good",
            "\tnote: good",
            "form.yaml:8:1: bad YAML: a tab character here; indent YAML with spaces, not tabs",
            id="tab",
        ),
        pytest.param(
            "  manager: up",
            "  manger: up",
            "form.yaml:7:3: criteria[0].manger: unknown key (did you mean manager?)",
            id="typo in a key",
        ),
        pytest.param(
            "  manager: up",
            "  manager: maybe",
            "form.yaml:7:12: criteria[0].manager: 'maybe': write up or down (or leave it blank)",
            id="neither up nor down",
        ),
        pytest.param(
            "  manager: up",
            "  manager: yes",
            "form.yaml:7:12: criteria[0].manager: yes: write up or down (or leave it blank)",
            id="yes is a boolean",
        ),
        pytest.param(
            "- id: craft.testing",
            "- id: craft.nope",
            "form.yaml:5:7: criteria[0].id: 'craft.nope' is not a criterion of mini",
            id="unknown criterion",
        ),
        pytest.param(
            "- id: craft.architecture",
            "- id: craft.testing",
            "form.yaml:9:7: criteria[1].id: 'craft.testing' is listed twice (first at criteria[0])",
            id="criterion twice",
        ),
        pytest.param(
            "date: 2026-03-01",
            "date: 2026-02-30",
            "form.yaml:3:7: '2026-02-30' is not a real date",
            id="no such day",
        ),
        pytest.param(
            "date: 2026-03-01",
            "date: 2026-03-09",
            "form.yaml:3:7: date: 2026-03-09 is after today (2026-03-02): date the ratings on or"
            " before today",
            id="a date after today",
        ),
        pytest.param(
            "  note: good",
            '  note: "good \\e[31m red"',
            "form.yaml:8:9: criteria[0].note: must not contain control characters (found U+001B)",
            id="control character",
        ),
        pytest.param(
            "- id: craft.architecture\n  manager:\n  note:",
            "- id: craft.architecture\n  manager:\n  note: looks fine to me",
            "form.yaml:11:9: criteria[1].note: a note needs a rating beside it: write manager:"
            " up or down",
            id="a note without a rating",
        ),
        pytest.param(
            "target_level: L5-ic",
            "target_level: L6-ic",
            "form.yaml:2:15: target_level: the form is for 'L6-ic', but the plan now targets"
            " L5-ic: export a new form (promo-planner checkin export)",
            id="another target",
        ),
        pytest.param(
            "- key: lack",
            "- key: lacks",
            "form.yaml:13:8: questions[0].key: 'lacks' is not a question (questions: lack,"
            " revisit, unclear, risks)",
            id="unknown question",
        ),
        pytest.param(
            "  manager: More scope",
            "  manager: The rota: take the lead",
            "form.yaml:14:20: bad YAML: mapping values are not allowed in this context (text with"
            " ': ' in it needs quotes: \"like: this\")",
            id="an unquoted colon",
        ),
    ],
)
def test_a_malformed_form_is_refused_whole_with_the_exact_place(
    store: Store, ladder: Guideline, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    before = require_snapshot(store, TODAY)
    with pytest.raises(InputError) as caught:
        _parse(text, ladder)
    assert caught.value.lines == [expected]
    after = require_snapshot(store, TODAY)
    assert (after.ratings, after.manager_answers) == (before.ratings, before.manager_answers)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- just a list\n",
            "form.yaml:1:1: not a check-in form (expected a mapping with schema:"
            " promo-planner/checkin/v1)",
        ),
        (
            "schema: promo-planner/portfolio/v1\n",
            "form.yaml:1:9: schema: not a check-in form"
            " (expected schema: promo-planner/checkin/v1)",
        ),
        (
            GOOD.replace("criteria:\n", "criteria: none\n").split("- id: craft.testing")[0].rstrip()
            + "\n",
            "form.yaml:4:11: criteria: must be a list of criteria (- id: ...)",
        ),
    ],
)
def test_what_is_not_a_form_says_so(ladder: Guideline, text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        _parse(text, ladder)
    assert caught.value.lines == [expected]


def test_every_problem_of_a_form_is_reported_at_once(ladder: Guideline) -> None:
    text = GOOD.replace("manager: up", "manager: sure").replace("key: lack", "key: nope")
    with pytest.raises(InputError) as caught:
        _parse(text, ladder)
    assert [line.split(": ")[0] for line in caught.value.lines] == [
        "form.yaml:7:12",
        "form.yaml:13:8",
    ]
