"""Readable, stable criterion ids for imported ladders: ``area.short-slug``.

A published ladder names its competencies with UUIDs (FT) or not at all (Monzo), and a sheet
often has no id column. People type these ids (``--criterion``), read them in tables and keep
links to them for years, so an imported id is the area (its first two words) and the first
few meaningful words of the competency: ``technical.writes-well-tested-code``.

How the ids stay put:

* **Same input, same ids.** Everything here is a pure function of the items.
* **An id depends on its own competency only**, plus the ones whose first words are the same
  (they must be told apart). Changing, adding or removing any other competency changes
  nothing. Colliding slugs are told apart by more of their own words, then by their level,
  then by a number in file order (only for texts that are identical word for word).
* **Re-importing with ``--previous OLD.yaml``** reuses the ids of the earlier import: a
  competency keeps its id when the source's own key for it (the FT's UUID, Monzo's level and
  text) or its title in its area matches a criterion of the earlier file, even when its text
  was reworded or another competency with the same first words was inserted before it. Ids and
  aliases of the earlier file are never given to a different competency, so an old link can
  never silently point at something else.
* The source's key is kept in ``aliases``, so links made with it keep working.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from promo_planner.core.ladder import Guideline

SLUG_WORDS = 4
"""Meaningful words in a fresh slug (more only when needed to tell two apart)."""
SLUG_CHARS = 32
"""A fresh slug stops adding words past this length (keeping at least two)."""

_STOPWORDS = "a an and are as at be by for from in into is it its of on or that the their them they"
STOPWORDS = frozenset(f"{_STOPWORDS} this to who with".split(" "))


@dataclass(frozen=True)
class Named:
    """What an importer knows of one criterion when it names it."""

    area: str
    level: str
    title: str
    key: str | None = None
    """The source's own stable name for it (kept as an alias), or None."""


def slug_words(text: str) -> list[str]:
    """The lower-case ASCII words of ``text`` that carry meaning (all of them if none do)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch if ch.isalnum() else " " for ch in folded.lower().replace("'", "")).split()
    meaningful = [word for word in words if word not in STOPWORDS]
    return meaningful or words


def assign_ids(
    items: Sequence[Named], previous: Guideline | None = None, kept: Collection[str] = ()
) -> list[list[str]]:
    """For each item, its id followed by its aliases.

    ``previous`` is an earlier import of the same ladder whose ids are reused (see the module
    docstring); ``kept`` are ids other criteria of the ladder already have. Ids are unique, and
    no id is another criterion's alias.
    """
    ids: list[str | None] = [None] * len(items)
    aliases: list[list[str]] = [[item.key] if item.key else [] for item in items]
    reserved = {item.key for item in items if item.key} | set(kept)
    if previous is not None:
        _reuse(items, previous, ids, aliases)
        reserved |= {c.id for c in previous.criteria}
        reserved |= {alias for c in previous.criteria for alias in c.aliases}
    fresh = [i for i, found in enumerate(ids) if found is None]
    for i, made in zip(fresh, _fresh_ids([items[i] for i in fresh], reserved), strict=True):
        ids[i] = made
    out = []
    for i, given in enumerate(ids):
        assert given is not None
        out.append([given, *(alias for alias in dict.fromkeys(aliases[i]) if alias != given)])
    return out


def _reuse(
    items: Sequence[Named], previous: Guideline, ids: list[str | None], aliases: list[list[str]]
) -> None:
    """Give items the id of the earlier criterion they are: by the source's key, else by title."""
    by_name: dict[str, str] = {}
    for c in previous.criteria:
        for name in (c.id, *c.aliases):
            by_name.setdefault(name, c.id)
    by_title = Counter((c.area, _fold(c.title)) for c in previous.criteria)
    title_ids = {(c.area, _fold(c.title)): c.id for c in previous.criteria}
    new_titles = Counter((item.area, _fold(item.title)) for item in items)
    # An earlier import that used the source's keys as ids (UUIDs, before readable ids) gives
    # no id to keep: the key stays an alias and the criterion gets a readable id.
    keys = {item.key for item in items if item.key}
    taken: set[str] = set(keys)
    for i, item in enumerate(items):
        found = by_name.get(item.key) if item.key else None
        if found is None:
            title = (item.area, _fold(item.title))
            # Only an unambiguous match on both sides: two "Mentors others" say nothing.
            if by_title[title] == 1 and new_titles[title] == 1:
                found = title_ids[title]
        if found is not None and found not in taken:
            taken.add(found)
            ids[i] = found
            aliases[i].extend(previous.criterion_by_id[found].aliases)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _fresh_ids(items: Sequence[Named], reserved: set[str]) -> list[str]:
    words = [slug_words(item.title) or ["criterion"] for item in items]
    take = [_first_take(w) for w in words]
    areas = [_area_part(item.area) for item in items]

    def made(i: int, suffix: str = "") -> str:
        return f"{areas[i]}.{'-'.join(words[i][: take[i]])}{suffix}"

    # Items whose ids collide (with each other or a reserved name) take one more word each,
    # until they differ or run out of words: the result depends only on the colliding items.
    while True:
        counts = Counter(made(i) for i in range(len(items)))
        grow = [
            i
            for i in range(len(items))
            if (counts[made(i)] > 1 or made(i) in reserved) and take[i] < len(words[i])
        ]
        if not grow:
            break
        for i in grow:
            take[i] += 1
    # Texts identical word for word: their levels tell them apart when they differ, else
    # their order in the file.
    levels: dict[str, set[str]] = {}
    for i in range(len(items)):
        levels.setdefault(made(i), set()).add(items[i].level)
    out = [
        made(i, f"-{_level_word(items[i].level)}")
        if len(levels[made(i)]) > 1 or made(i) in reserved
        else made(i)
        for i in range(len(items))
    ]
    used = set(reserved)
    for i, candidate in enumerate(out):
        n, unique = 1, candidate
        while unique in used:
            n += 1
            unique = f"{candidate}-{n}"
        used.add(unique)
        out[i] = unique
    return out


def _first_take(words: list[str]) -> int:
    """How many words a fresh slug starts with: up to ``SLUG_WORDS``, fewer (never under two)
    when they would run past ``SLUG_CHARS``."""
    take = min(SLUG_WORDS, len(words))
    while take > 2 and len("-".join(words[:take])) > SLUG_CHARS:
        take -= 1
    return take


def _area_part(area: str) -> str:
    """The area as an id begins: its first two words (``problem-solving`` for the FT's
    ``problem-solving-decision-making``), so ids stay short enough to read in a table."""
    return "-".join(area.split("-")[:2])


def _level_word(level: str) -> str:
    return "-".join(slug_words(level)) or "level"
