"""Shaping published ladder text into guideline fields: prose, short titles and id slugs.

Published ladders are written for people reading a web page: paragraphs hard-wrapped at some
column, numbered lists, emoji in headings. A guideline criterion needs a short title for lists
and an id that stays the same every time the same file is imported, so everything here is a pure
function of its input.
"""

from __future__ import annotations

import re
import unicodedata

from promo_planner.core.input_rules import character_problem

TITLE_LIMIT = 80
"""Longest criterion title made from a longer text, in characters (the ellipsis included)."""

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "cf", "approx"}
_SENTENCE_END = re.compile(r"[.!?](?=\s+\S|$)")


def prose(text: str) -> str:
    """Text with hard line wraps undone: paragraphs and list items keep their breaks.

    A line break inside a paragraph was only where the author's editor wrapped, so it becomes a
    space; a blank line stays a paragraph break and a list item (``-``, ``*``, ``1.``) keeps its
    own line, because both carry meaning.
    """
    blocks: list[list[str]] = []  # paragraphs, each a list of lines that keep their own line
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            if current:
                blocks.append(current)
                current = []
        elif current and not _LIST_ITEM.match(line):
            current[-1] = f"{current[-1]} {line}"
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return "\n\n".join("\n".join(lines) for lines in blocks)


def short_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """A title for a criterion: its first sentence (or first list item), cut at a word boundary.

    A cut title ends with an ellipsis so a reader knows there is more in the description.
    Returns "" only for text with no words at all.
    """
    first_line = next((ln.strip() for ln in prose(text).split("\n") if ln.strip()), "")
    first_line = _LIST_ITEM.sub("", first_line)
    sentence = _first_sentence(first_line)
    sentence = sentence.rstrip(" .,;:")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if " " in cut and not sentence[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" .,;:-–—(") + "…"


def _first_sentence(line: str) -> str:
    for match in _SENTENCE_END.finditer(line):
        before = line[: match.start()]
        word = before.rsplit(" ", 1)[-1].lower().lstrip("([{\"'")
        if word in _ABBREVIATIONS:  # "e.g. Something" does not end a sentence
            continue
        if len(word) <= 1 and word.isalpha():  # an initial such as "J. Smith"
            continue
        return line[: match.end()]
    return line


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by ``-``, at most ``limit`` characters, cut between words.

    Accents are folded (``é`` -> ``e``) and everything else that is not a letter or digit
    separates words, so the same text always gives the same slug. May be "" (text with no
    letters or digits).
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower().replace("'", ""))
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            return out or word[:limit]
        out = candidate
    return out


def plain_heading(text: str) -> str:
    """A heading without the emoji or symbols around it (``"🛠️ Mastery"`` -> ``"Mastery"``)."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", text.strip())


def basename(filename: str) -> str:
    """The file's name without its folders, written with ``/`` or ``\\`` (for header lines)."""
    return re.split(r"[\\/]", filename)[-1] or filename


def bad_character(text: str, *, multiline: bool = False) -> tuple[int, int, str] | None:
    """Where ``text`` breaks the one character rule: (line, column, why), 1-based, or None."""
    if character_problem(text, multiline=multiline) is None:
        return None
    for line_number, line in enumerate(text.split("\n"), start=1):
        for column, ch in enumerate(line, start=1):
            problem = character_problem(ch, multiline=multiline)
            if problem is not None:
                return line_number, column, problem
    return 1, 1, str(character_problem(text, multiline=multiline))
