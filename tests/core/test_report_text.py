"""The report's text helpers: Markdown line wrapping against ``textwrap``, the link check
against ``str.isspace``, and the Markdown escaping against a CommonMark parser: whatever the user
typed reads back exactly, in every place the report puts it, with no HTML entity."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from promo_planner.core.report.mdtext import WRAP, block, escape, inline, wrap
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


# --------------------------------------------------------------------------- escaping

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# The characters that mean something to Markdown, and whole pieces of it.
_PIECES = [
    *"ab 1*_~`$&<>[]()!\\#-+=|:.;x/",
    "&amp;",
    "&copy;",
    "<b>",
    "http://x",
    "~~",
    "**",
    "__",
    "```",
]


def _rendered(source: str) -> str:
    """The text a CommonMark reader shows for ``source``; any other structure is named."""
    out: list[str] = []

    def walk(tokens: list[Token]) -> None:
        for t in tokens:
            if t.type in ("text", "code_inline"):
                out.append(t.content)
            elif t.type in ("softbreak", "hardbreak"):
                out.append("\n")
            elif t.type not in _PLAIN:
                out.append(f"<{t.type}>")
            if t.children:
                walk(t.children)

    walk(_MD.parse(source))
    return "".join(out)


_PLAIN = {"inline", "paragraph_open", "paragraph_close", "strong_open", "strong_close"}


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join))
def test_escaped_text_reads_back_exactly_as_typed_wherever_it_stands(raw: str) -> None:
    typed = " ".join(raw.split())
    if not typed:
        return
    for place in ("{}", "**{}** · #3", "x {} y"):
        source = place.format(escape(typed))
        assert _rendered(source) == place.replace("**", "").format(typed), (typed, source)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Delivery & execution", "Delivery & execution"),
        ("14 -> 4", "14 -> 4"),
        ("$1.1M and $2M", "$1.1M and $2M"),
        ("~40% faster", "~40% faster"),
        ("a | b + c", "a | b + c"),
        ("snake_case_name", "snake_case_name"),
        ("1.5x faster", "1.5x faster"),
        ("C:\\Users\\ada", "C:\\Users\\ada"),
        ("<script>", "\\<script>"),
        ("&copy;", "\\&copy;"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("[x](javascript:1)", "\\[x\\](javascript:1)"),
        ("*not emphasis*", "\\*not emphasis\\*"),
    ],
)
def test_only_what_would_change_the_structure_is_escaped(typed: str, written: str) -> None:
    assert inline(typed) == written
    assert "&amp;" not in inline(typed) and "&lt;" not in inline(typed)
