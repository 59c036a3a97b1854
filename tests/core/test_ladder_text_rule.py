"""Ladder texts obey the one character rule (``input_rules.character_problem``) exactly; the
loader's fast path for printable text must never let through what the rule refuses."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from promo_planner.core.guideline import _checked
from promo_planner.core.input_rules import character_problem

TRICKY = "\x1b\x00\x7f\x85\u2028\u2029\u202e\u2066\u200b\u00a0\t\n\r\ud800 aé"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=30), st.booleans())
@example("Hands-on delivery", False)
@example("line one\nline two\tindented", True)
@example("zero\u200bwidth", False)
def test_the_ladder_check_agrees_with_the_one_rule(text: str, multiline: bool) -> None:
    problem = character_problem(text, multiline=multiline)
    if problem is None:
        assert _checked(text, multiline=multiline) == text
    else:
        with pytest.raises(PydanticCustomError) as caught:
            _checked(text, multiline=multiline)
        assert str(caught.value) == problem
