"""The report's text helpers, fast versions against the slow definitions they replace:
Markdown line wrapping against ``textwrap`` and the link check against ``str.isspace``."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promo_planner.core.report.markdown import WRAP, block, wrap
from promo_planner.core.report.words import safe_link

# Words of every length around the line width, so lines end exactly full, one short, and
# words longer than a line are cut (also right after a space that fills the line).
_words = st.lists(
    st.one_of(st.integers(1, 8), st.integers(9, 30)).map(lambda n: "x" * n)
    | st.text(st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=12),
    min_size=1,
    max_size=25,
)


@given(_words, st.integers(1, 24))
def test_wrap_gives_the_lines_textwrap_gives(words: list[str], width: int) -> None:
    flat = " ".join(words)
    expected = textwrap.wrap(flat, width, break_long_words=True, break_on_hyphens=False)
    assert wrap(flat, width) == expected


def test_wrap_cuts_a_word_longer_than_the_line_after_filling_the_line() -> None:
    assert wrap("ab " + "x" * 12, 6) == ["ab xxx", "xxxxxx", "xxx"]
    assert wrap("abcde " + "x" * 8, 6) == ["abcde ", "xxxxxx", "xx"]  # textwrap's quirk kept


def test_long_description_lines_wrap_at_the_report_width() -> None:
    text = " ".join(f"word{n}" for n in range(200))
    lines = block(text).split("\n")
    assert len(lines) > 1 and all(len(line) <= WRAP for line in lines)
    assert " ".join(lines) == text


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a\u00a0b",  # no-break space
        "https://example.com/a\u2003b",  # em space
        "https://example.com/a\x1cb",  # a separator str.isspace counts as whitespace
        "https://example.com/a\x7fb",
        "https://example.com/a\x00b",
    ],
)
def test_a_link_with_any_whitespace_or_control_character_is_not_clickable(url: str) -> None:
    assert safe_link(url) is None


def test_plain_web_and_mail_links_stay_clickable() -> None:
    assert safe_link(" https://example.com/pr/1?a=1&b=2 ") == "https://example.com/pr/1?a=1&b=2"
    assert safe_link("mailto:me@example.com") == "mailto:me@example.com"


def test_the_escape_check_finds_exactly_the_characters_markdown_escapes() -> None:
    from promo_planner.core.report.markdown import _ESCAPES, _NEEDS_ESCAPE

    escaped = {chr(code) for code in _ESCAPES}
    found = {chr(code) for code in range(0x250) if _NEEDS_ESCAPE.search(chr(code))}
    assert found == escaped
