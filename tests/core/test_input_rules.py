"""The one rule per input (core.input_rules): links, dates, text, searches."""

from __future__ import annotations

import datetime as dt

import pytest

from promo_planner.core.input_rules import (
    SEARCH_WORDS_MAX,
    date_problem,
    draft_problems,
    link_problem,
    search_problem,
    text_problems,
)
from promo_planner.core.records import CriterionLink, EvidenceDraft

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("https://example.com/pr/1", None),
        ("http://localhost:8080/x", None),
        ("mailto:lead@example.com", None),
        ("javascript:alert(1)", "'javascript:alert(1)' is not an http(s) or mailto link"),
        ("JavaScript:alert(1)", "'JavaScript:alert(1)' is not an http(s) or mailto link"),
        ("file:///etc/passwd", "'file:///etc/passwd' is not an http(s) or mailto link"),
        ("https://", "'https://' has no host (https://host/path)"),
        ("https://example.com:99999/", "'https://example.com:99999/' is not a well-formed link"),
        ("mailto:", "'mailto:' needs an address (mailto:a@b.org)"),
        ("mailto:@example.com", "'mailto:@example.com' needs an address (mailto:a@b.org)"),
        ("docs.example.com/x", "'docs.example.com/x': add https:// in front"),
        ("notes", "'notes' is not a URL (https://host/path or mailto:a@b.org)"),
        (
            "https://a.b/c d",
            "'https://a.b/c d' has spaces (one link each; write a space inside a link as %20)",
        ),
        ("https://a.b/\x00", "must not contain control characters (found U+0000)"),
        ("https://a.b/\u202e", "must not contain bidirectional override characters (found U+202E)"),
        ("https://a.b/" + "x" * 5000, "is longer than 4096 characters"),
        ("", "a link must not be empty"),
    ],
)
def test_the_link_rule(url: str, said: str | None) -> None:
    assert link_problem(url) == said


def test_evidence_dates_are_real_in_range_and_not_after_today() -> None:
    assert date_problem(TODAY, today=TODAY) is None
    assert date_problem(TODAY + dt.timedelta(days=1), today=TODAY) == (
        "2026-11-22 is after today (2026-11-21); evidence records what you have done"
    )
    assert date_problem(TODAY + dt.timedelta(days=1)) is None  # no today given: range only
    assert date_problem(dt.date(1, 1, 1)) == "0001-01-01 is out of range (1900-01-01 to 2999-12-31)"
    assert date_problem(dt.datetime(2026, 1, 1, 12)) is not None
    assert date_problem("2026-01-01") == "'2026-01-01' is not a date (YYYY-MM-DD)"


def test_every_field_of_a_draft_obeys_the_character_rule() -> None:
    draft = EvidenceDraft(
        title="T\x1b[2J",
        date=TODAY,
        description="line one\nline two\ttabbed\x07",
        impact=("p99\u202e",),
        tags=("a\nb",),
        kind="project\x85",
        criteria=(CriterionLink("craft.x\x00"),),
    )
    fields = dict(draft_problems(draft, today=TODAY))
    assert fields == {
        "title": "must not contain control characters (found U+001B)",
        "description": "must not contain control characters (found U+0007)",
        "impact[0]": "must not contain bidirectional override characters (found U+202E)",
        "tags[0]": "must be one line of text (no line breaks or tabs)",
        "kind": "must be one line of text (no line breaks or tabs)",
        "criteria[0]": "must not contain control characters (found U+0000)",
    }
    # Line breaks and tabs are what a description is made of.
    clean = EvidenceDraft("T", TODAY, description="one\n\ttwo\r\nthree")
    assert draft_problems(clean, today=TODAY) == []


def test_notes_answers_and_rating_notes_share_the_text_rule() -> None:
    assert text_problems("two\nlines", "note") == []
    assert text_problems("  ", "note") == [("note", "must not be empty")]
    assert text_problems("", "rating note", required=False) == []
    assert text_problems("x\x1b]52;c;e30=\x07", "rating note", required=False) == [
        ("rating note", "must not contain control characters (found U+001B)")
    ]


def test_a_search_is_bounded_in_words_and_word_length() -> None:
    assert search_problem(None) is None
    assert search_problem("postgres upgrade") is None
    # Repeats are one condition: a long paste of the same few words is fine.
    assert search_problem("same " * 10_000) is None
    many = " ".join(f"w{i}" for i in range(SEARCH_WORDS_MAX + 1))
    assert search_problem(many) == "51 different words; a search takes at most 50"
    assert search_problem("x" * 201) == "a word of 201 characters; at most 200 are searched"
