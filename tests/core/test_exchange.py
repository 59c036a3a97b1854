"""Export and import: byte-identical round trips, readable YAML, located errors, no half writes."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promo_planner.core.errors import InputError
from promo_planner.core.exchange import export_yaml, parse_export
from promo_planner.core.input_rules import BIDI_CONTROLS
from promo_planner.core.records import (
    QUESTION_KEYS,
    Checkin,
    CriterionLink,
    EvidenceDraft,
    Plan,
    Profile,
)
from promo_planner.core.store import Store
from tests.core.sample_ladder import SAMPLE, SAMPLE_V2, sample_guideline

DAY = dt.date(2026, 3, 1)
CRITERIA = ("craft.testing", "craft.design", "people.mentoring", "people.feedback")


def _filled(path: Path) -> Store:
    store = Store.open(path, create=True)
    store.set_plan(
        Plan("sample", "1", "L2", "L3-ic", dt.date(2027, 1, 31), 3, 6, None, Decimal("92.5")),
        sample_guideline(),
    )
    store.add_evidence(
        EvidenceDraft(
            "Designed the queue",
            DAY,
            "Why:\n- retries\n- backoff\n",
            ("p95 -40%",),
            ("https://example.com/q",),
            ("design",),
            "project",
            (CriterionLink("craft.design"), CriterionLink("craft.testing", "partial")),
        )
    )
    store.add_evidence(EvidenceDraft("2026-01-01", DAY, "yes: no", ("null", "1.5")))
    store.rate("craft.design", "self", "up", on=DAY)
    store.rate("craft.design", "manager", "down", "needs a doc", on=DAY)
    store.set_answer("risks", "Line one\nline two")
    store.add_note("Asked for the registry project", DAY)
    store.set_answer("lack", "A design doc for the queue", who="manager")
    store.set_profile(Profile("Ana Li", "Payments", "Sam"))
    store.record_checkin(
        Checkin(
            0,
            DAY,
            "L3-ic",
            Decimal("46.4"),
            Decimal("60.7"),
            (1, 2),
            {"craft.design": "missing"},
            {"craft.design": ("up", "down")},
            ("/tmp/r.md",),
        )
    )
    return store


def test_export_is_readable_yaml_with_the_guideline_as_a_literal_block(tmp_path: Path) -> None:
    with _filled(tmp_path / "p.db") as store:
        text = export_yaml(store)
    assert "  guideline_copy: |\n    schema: promo-planner/guideline/v1\n" in text
    assert "  date: 2026-03-01\n  title: Designed the queue\n" in text
    assert "  description: |\n    Why:\n    - retries\n" in text
    # Text that looks like another YAML type stays text.
    assert "title: '2026-01-01'" in text
    assert "readiness_threshold: 92.5" in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == [
        "schema",
        "plan",
        "evidence",
        "ratings",
        "answers",
        "manager_answers",
        "notes",
        "checkins",
        "profile",
        "inbox",
    ]


def test_export_import_export_is_byte_identical_and_keeps_ids(tmp_path: Path) -> None:
    with _filled(tmp_path / "a.db") as source:
        source.remove_evidence(1)  # ids with a hole must survive as they are
        source.add_evidence(EvidenceDraft("Third", DAY))
        first = export_yaml(source)
        original = source.content()
    with Store.open(tmp_path / "b.db", create=True) as target:
        target.add_evidence(EvidenceDraft("Replaced by the import", DAY))
        target.replace_content(parse_export(first, "export.yaml"))
        assert export_yaml(target) == first
        assert target.content() == original
        assert [e.id for e in target.list_evidence()] == [3, 2]
        assert target.add_evidence(EvidenceDraft("Next", DAY)).id == 4


def _import_error(store: Store, text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        store.replace_content(parse_export(text, "in.yaml"))
    return caught.value.lines


@pytest.mark.parametrize(
    ("old", "new", "anchor", "column", "message"),
    [
        (
            "  date: 2026-03-01\n  title: Designed",
            "  date: 2026-02-30\n  title: Designed",
            "date: 2026-02-30",
            9,
            "'2026-02-30' is not a real date",
        ),
        (
            "  kind: project\n",
            "  kind: project\n  colour: red\n",
            "colour: red",
            3,
            "evidence[0].colour: unknown key",
        ),
        (
            "  - https://example.com/q\n",
            "  - not a url\n",
            "- not a url",
            5,
            "evidence[0].links[0]: 'not a url' is not a URL",
        ),
        (
            "  who: manager\n",
            "  who: boss\n",
            "who: boss",
            8,
            "ratings[1].who: must be 'self' or 'manager'",
        ),
        (
            "  current_level: L2\n",
            "  current_level: L9\n",
            "current_level: L9",
            18,
            "plan.current_level: unknown level 'L9' in sample",
        ),
        (
            "- id: 2\n  date",
            "- id: 1\n  date",
            "- id: 1",
            7,
            "evidence[1].id: duplicate 1 (first at evidence[0])",
        ),
        ("  risks: ", "  why: ", "why: ", 3, "answers.why: unknown question"),
        (
            "      - id: people.feedback\n",
            "      - id: people.feedback\n        bogus: 1\n",
            "guideline_copy: |",
            19,
            "plan.guideline_copy: line 46, column 5: unknown key",
        ),
    ],
)
def test_bad_import_says_where_and_writes_nothing(
    tmp_path: Path, old: str, new: str, anchor: str, column: int, message: str
) -> None:
    with _filled(tmp_path / "p.db") as store:
        text = export_yaml(store)
        assert old in text
        at = text.index(old)
        bad = text[:at] + new + text[at + len(old) :]
        found = bad.index(anchor, at if anchor in new else 0)
        line = bad.count("\n", 0, found) + 1
        lines = _import_error(store, bad)
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"in.yaml:{line}:{column}: {message}"), (lines, line)
        assert export_yaml(store) == text  # nothing written


def test_unsafe_or_foreign_yaml_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.db", create=True) as store:
        lines = _import_error(store, "schema: x\nevidence: !!python/object/apply:os.system [ls]\n")
        assert any("not allowed" in line for line in lines)
        assert _import_error(store, "- just\n- a list\n") == [
            "in.yaml:1:1: not a promo-planner export (expected a mapping with schema: ...)"
        ]
        assert _import_error(store, "schema: promo-planner/portfolio/v9\n")[0].startswith(
            "in.yaml:1:9: schema: must be 'promo-planner/portfolio/v1'"
        )


def test_import_keeps_orphan_links_from_a_replanned_portfolio(tmp_path: Path) -> None:
    with _filled(tmp_path / "p.db") as store:
        store.set_plan(Plan("sample", "2", "L2", "L3-ic"), sample_guideline(SAMPLE_V2))
        text = export_yaml(store)
        store.replace_content(parse_export(text, "x.yaml"))
        assert (1, "craft.testing", "partial") in store.links()
        assert export_yaml(store) == text


# -- generated portfolios ------------------------------------------------------------------------

# What the input rules accept (input_rules.character_problem): no control characters but line
# breaks and tabs in multi-line text, no bidirectional overrides, nothing that was not UTF-8.
_NOT_TEXT = "".join(BIDI_CONTROLS) + "\u2028\u2029"
_text = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc"),
        exclude_characters=_NOT_TEXT,
        include_characters="\n\t\r",
    ),
    max_size=40,
)
_line = (
    st.text(
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters=_NOT_TEXT),
        max_size=40,
    )
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)
_url = st.builds(
    lambda host, path: f"https://{host}.example/{path}",
    st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9/_.-]{0,12}", fullmatch=True),
)
_draft = st.builds(
    EvidenceDraft,
    title=_line,
    date=st.dates(dt.date(2000, 1, 1), DAY),  # evidence is never dated after today
    description=_text,
    impact=st.lists(_line, max_size=3).map(tuple),
    links=st.lists(_url, max_size=2).map(tuple),
    tags=st.lists(_line, max_size=3).map(tuple),
    kind=_line | st.just(""),
    criteria=st.lists(
        st.builds(CriterionLink, st.sampled_from(CRITERIA), st.sampled_from(("full", "partial"))),
        max_size=4,
        unique_by=lambda link: link.criterion_id,
    ).map(tuple),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drafts=st.lists(_draft, max_size=6),
    removed=st.sets(st.integers(1, 6), max_size=2),
    answers=st.dictionaries(st.sampled_from(QUESTION_KEYS), _text.filter(str.strip), max_size=4),
    notes=st.lists(_text.filter(str.strip), max_size=3),
    with_plan=st.booleans(),
)
def test_generated_portfolios_round_trip_byte_identically(
    drafts: list[EvidenceDraft],
    removed: set[int],
    answers: dict[str, str],
    notes: list[str],
    with_plan: bool,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with Store.open(Path(folder) / "a.db", create=True) as source:
            if with_plan:
                source.set_plan(Plan("sample", "1", "L2", "L3-ic"), sample_guideline(SAMPLE))
                for draft in drafts:
                    source.add_evidence(draft, today=DAY)
                for evidence_id in removed & {e.id for e in source.list_evidence()}:
                    source.remove_evidence(evidence_id)
            for key, answer in answers.items():
                source.set_answer(key, answer)
            for text in notes:
                source.add_note(text, DAY)
            first = export_yaml(source)
            content = source.content()
        with Store.open(Path(folder) / "b.db", create=True) as target:
            target.replace_content(parse_export(first, "gen.yaml"))
            assert export_yaml(target) == first
            assert target.content() == content
