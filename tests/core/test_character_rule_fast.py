"""The character rule's one-regex fast path refuses exactly what the character-by-character
rule refuses, with the same words (import checks every text of 10,000 items with it)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from promo_planner.core.input_rules import BIDI_CONTROLS, character_problem

LINE_BREAKS = "\n\r\u2028\u2029\x85"


def by_each_character(text: str, multiline: bool) -> str | None:
    """The rule as SPEC words it, one character at a time (the reference)."""
    for ch in text:
        if multiline and ch in "\n\t\r":
            continue
        category = unicodedata.category(ch)
        if ch in LINE_BREAKS or ch == "\t":
            return "must be one line of text (no line breaks or tabs)"
        if category == "Cc":
            return f"must not contain control characters (found U+{ord(ch):04X})"
        if ch in BIDI_CONTROLS:
            return f"must not contain bidirectional override characters (found U+{ord(ch):04X})"
        if category == "Cs":
            return "is not valid text (bytes that are not UTF-8)"
    return None


# Plain text with, now and then, one of the characters at the rule's edges.
EDGES = (
    "\x00\x1f\x20\x7e\x7f\x9f\xa0\t\n\r\x85\u2028\u2029\u200e\u200f"
    "\u202a\u202e\u202f\u2065\u2066\u2069\u206a\ud800\udfff\ue000é👍"
)
texts = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(EDGES)), max_size=40)


@given(texts, st.booleans())
def test_the_fast_rule_says_what_the_reference_says(text: str, multiline: bool) -> None:
    assert character_problem(text, multiline=multiline) == by_each_character(text, multiline)


def test_each_edge_character_alone() -> None:
    for ch in EDGES:
        for multiline in (False, True):
            assert character_problem(f"a{ch}b", multiline=multiline) == by_each_character(
                f"a{ch}b", multiline
            ), repr(ch)
