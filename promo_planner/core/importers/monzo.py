"""The Monzo progression framework (Markdown with YAML front matter) as a guideline.

The front matter holds ``levels: N`` and ``topics``, each with a ``name``, an optional display
``title`` and ``content``: per level, plain ``criteria`` texts and ``exampleCriteria`` (a text
with ``examples``). How it maps:

* Levels ``L1`` .. ``LN`` ("Level 1" ...), one line, lowest first.
* Each topic becomes an area: id from its name, name from its title without emoji (else the
  name capitalised). The Markdown body lists the framework's elements as ``- Name - what it
  means``; an element whose first word shares its first four letters with a topic name
  (``Comms ...`` for ``communication``) gives that area its description. The body's first
  section becomes the guideline description.
* Each criterion text (plain or with examples) becomes one criterion at its level, with a
  readable id ``<area>.<first words>`` (see ``ids.py``). Its source key,
  ``<area>.l<level>.<slug of the text>`` (``-2``, ``-3`` ... for a repeat; the ids of earlier
  imports), is kept as an alias. Long texts get a short title and keep the full text as the
  description; ``examples`` are kept as the criterion's examples.
* Monzo levels are cumulative: level N expects everything below it as well, so nothing is
  superseded and R(L3) contains R(L2).
* The promotion policy (``POLICY``) follows the framework's own words ("this isn't a
  checklist", "a compass, not a GPS"); the header of the converted file says why.
"""

from __future__ import annotations

import re

from yaml.nodes import Node

from promo_planner.core.errors import InputError
from promo_planner.core.importers.emit import ImportedLadder, ImportOptions, policy
from promo_planner.core.importers.ids import Named
from promo_planner.core.importers.source import SourceYaml
from promo_planner.core.importers.text import (
    bad_character,
    basename,
    plain_heading,
    prose,
    short_title,
    slug,
)

MAX_LEVELS = 100
MAX_CRITERIA = 10_000
"""Most criteria accepted; the published frameworks have a few hundred."""

SOURCE_LABEL = "Monzo progression framework Markdown"

POLICY = policy(
    readiness_threshold=85,
    area_floor=80,
    evidence_window_months=18,
    evidence_required=2,
    effort_weeks=4,
)
POLICY_NOTES = (
    "Promotion policy chosen by the importer (edit it to match your organisation):",
    "- readiness_threshold 85: \"this isn't a checklist - it's possible to progress up a level",
    '  without showing all the behaviours in that level"; levels are cumulative, so 85% is',
    "  everything held from below plus about two thirds of the new level's behaviours.",
    '- area_floor 80: "we\'re interested in these five elements": each must move with the',
    "  level, none carried by the others (levels are cumulative, so most of it is held).",
    "- evidence_window_months 18: a level takes a year or more (\"people shouldn't expect to",
    "  fly up it in 18 months\"), so a whole plan's evidence counts, older work does not.",
    "- evidence_required 2, effort_weeks 4: a behaviour is a habit, seen at least twice, and",
    "  about a month of looking for the chance to show it.",
)

_FRONT_MATTER_END = ("---", "...")
_ELEMENT = re.compile(r"^\s*[-*+]\s+(?P<term>[^\n]+?)\s+[-–—:]\s+(?P<meaning>\S.*)$")


def convert(text: str, filename: str, options: ImportOptions | None = None) -> ImportedLadder:
    """Convert a Monzo framework Markdown file; InputError (FILE:LINE:COL) if it is not one."""
    front, body = _split_front_matter(text, filename)
    found = bad_character(body, multiline=True)
    if found is not None:
        line, column, problem = found
        body_start = text.count("\n") - body.count("\n") + 1
        raise InputError(f"{filename}:{body_start + line - 1}:{column}: the text {problem}")
    src = SourceYaml(filename, line_offset=1)
    root = src.compose(front)
    top = src.mapping(root, "the front matter")
    levels_node = src.required(top, root, "levels", "the front matter")
    level_count = src.integer(levels_node, "levels")
    if not 1 <= level_count <= MAX_LEVELS:
        raise src.error(levels_node, f"levels must be between 1 and {MAX_LEVELS}")
    topics_node = src.required(top, root, "topics", "the front matter")
    topics = src.sequence(topics_node, "topics")
    if not topics:
        raise src.error(topics_node, "topics is empty")

    areas: list[dict[str, object]] = []
    criteria: list[dict[str, object]] = []
    used_ids = _CriterionIds()
    for topic in topics:
        area, topic_criteria = _topic(src, topic, level_count, used_ids)
        if any(a["id"] == area["id"] for a in areas):
            raise src.error(topic, f"a second topic with the id {area['id']!r}")
        areas.append(area)
        criteria.extend(topic_criteria)

    _describe_areas(areas, body)
    title_node = src.optional(top, "title")
    path_node = src.optional(top, "path")
    family = _family(src.text(path_node, "path") if path_node else "", filename)
    name = plain_heading(src.text(title_node, "title")) if title_node else ""
    document: dict[str, object] = {
        "schema": "promo-planner/guideline/v1",
        "id": f"monzo-{family}",
        "name": name or f"Monzo {family.replace('-', ' ')} framework",
    }
    description = _first_section(body)
    if description:
        document["description"] = description
    document.update(POLICY)
    document["levels"] = [{"id": f"L{n}", "title": f"Level {n}"} for n in range(1, level_count + 1)]
    document["areas"] = areas
    document["criteria"] = criteria
    header = [
        f"Imported by promo-planner from {basename(filename)} ({SOURCE_LABEL}).",
        "Monzo publishes its progression framework under the MIT licence;",
        "keep its copyright and permission notice with any copy of this file.",
        "",
        *POLICY_NOTES,
    ]
    names = {
        str(c["id"]): Named(str(c["area"]), str(c["level"]), str(c["title"]), key=str(c["id"]))
        for c in criteria
    }
    return ImportedLadder(document=document, header=header, names=names)


def _split_front_matter(text: str, filename: str) -> tuple[str, str]:
    """(front matter YAML, Markdown body). The YAML starts on the file's second line."""
    lines = text.removeprefix("\ufeff").split("\n")
    if lines[0].rstrip() != "---":
        raise InputError(
            f"{filename}:1:1: no YAML front matter: a Monzo framework file starts with a '---' line"
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in _FRONT_MATTER_END:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
    raise InputError(f"{filename}:1:1: the front matter opened here is never closed with '---'")


def _family(path: str, filename: str) -> str:
    """The framework's short name: the last part of its site path, else the file name."""
    base = path.rstrip("/").rsplit("/", 1)[-1] if path else ""
    if not base:
        base = basename(filename).rsplit(".", 1)[0]
    family = slug(base).removeprefix("monzo-")
    return family if family and family != "monzo" else "framework"


def _topic(
    src: SourceYaml, node: Node, level_count: int, used_ids: _CriterionIds
) -> tuple[dict[str, object], list[dict[str, object]]]:
    fields = src.mapping(node, "a topic")
    src.only(fields, ("name", "title", "content"), "a topic")
    name_node = src.required(fields, node, "name", "a topic")
    topic_name = src.text(name_node, "topic name")
    area_id = slug(topic_name, limit=60)
    if not area_id:
        raise src.error(name_node, f"topic name {topic_name!r} has no letters or digits for an id")
    title_node = src.optional(fields, "title")
    shown = plain_heading(src.text(title_node, "title")) if title_node else ""
    area: dict[str, object] = {
        "id": area_id,
        "name": shown or " ".join(w.capitalize() for w in re.split(r"[\s_-]+", topic_name)),
    }
    criteria: list[dict[str, object]] = []
    content_node = src.optional(fields, "content")
    entries = src.sequence(content_node, f"topic {topic_name!r}: content") if content_node else []
    for entry in entries:
        criteria.extend(
            _level_entry(src, entry, f"topic {topic_name!r}", area_id, level_count, used_ids)
        )
    return area, criteria


def _level_entry(
    src: SourceYaml, entry: Node, what: str, area_id: str, level_count: int, used_ids: _CriterionIds
) -> list[dict[str, object]]:
    """The criteria of one ``- level: N`` entry of a topic, plain ones first, in file order."""
    fields = src.mapping(entry, f"{what}: a level entry")
    src.only(fields, ("level", "criteria", "exampleCriteria"), f"{what}: a level entry")
    level_node = src.required(fields, entry, "level", f"{what}: a level entry")
    level = src.integer(level_node, "level")
    if not 1 <= level <= level_count:
        raise src.error(level_node, f"{what}: level {level} is outside 1..{level_count}")
    where = f"{what}, level {level}"
    out: list[dict[str, object]] = []
    plain = src.optional(fields, "criteria")
    for item in src.sequence(plain, f"{where}: criteria") if plain else []:
        text = prose(src.text(item, f"{where}: a criterion", multiline=True))
        out.append(_criterion(src, item, area_id, level, text, [], used_ids))
    with_examples = src.optional(fields, "exampleCriteria")
    for item in src.sequence(with_examples, f"{where}: exampleCriteria") if with_examples else []:
        kind = f"{where}: an example criterion"
        item_fields = src.mapping(item, kind)
        src.only(item_fields, ("criteria", "examples"), kind)
        text_node = src.required(item_fields, item, "criteria", kind)
        text = prose(src.text(text_node, f"{where}: a criterion", multiline=True))
        examples_node = src.optional(item_fields, "examples")
        examples = [
            prose(src.text(example, f"{where}: an example", multiline=True))
            for example in (src.sequence(examples_node, "examples") if examples_node else [])
        ]
        out.append(_criterion(src, text_node, area_id, level, text, examples, used_ids))
    return out


def _criterion(
    src: SourceYaml,
    node: Node,
    area: str,
    level: int,
    text: str,
    examples: list[str],
    used_ids: _CriterionIds,
) -> dict[str, object]:
    title = short_title(text)
    if not title:
        raise src.error(node, "the criterion has no words to make a title of")
    if len(used_ids) >= MAX_CRITERIA:
        raise src.error(node, f"more than {MAX_CRITERIA} criteria; not a ladder")
    criterion_id = used_ids.claim(f"{area}.l{level}.{slug(text) or 'criterion'}")
    criterion: dict[str, object] = {
        "id": criterion_id,
        "area": area,
        "level": f"L{level}",
        "title": title,
    }
    if title != text:
        criterion["description"] = text
    if examples:
        criterion["examples"] = examples
    return criterion


class _CriterionIds:
    """Criterion ids handed out so far; a repeated text gets ``-2``, ``-3`` ... in file order."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next: dict[str, int] = {}  # base id -> the next number to try (no rescans)

    def __len__(self) -> int:
        return len(self._taken)

    def claim(self, base: str) -> str:
        """A fresh id: ``base`` itself the first time, then ``base-2``, ``base-3`` ..."""
        n = self._next.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self._taken:  # only when some text's slug itself ends in "-<n>"
            n += 1
            candidate = f"{base}-{n}"
        self._next[base] = n + 1
        self._taken.add(candidate)
        return candidate


def _first_section(body: str) -> str:
    """The prose of the body's first section (under its first heading), or ""."""
    lines = body.split("\n")
    headings = [i for i, line in enumerate(lines) if line.lstrip().startswith("#")]
    if not headings:
        return prose(body)
    start = headings[0] + 1
    end = next((i for i in headings if i >= start), len(lines))
    return prose("\n".join(lines[start:end]))


def _describe_areas(areas: list[dict[str, object]], body: str) -> None:
    """Describe each area by the body's ``- Element - meaning`` line naming it (and only it)."""
    for line in body.split("\n"):
        match = _ELEMENT.match(line)
        if not match:
            continue
        first_word = re.split(r"[^\w]+", match["term"].strip().lower(), maxsplit=1)[0]
        named = [a for a in areas if _same_stem(first_word, str(a["id"]))]
        if len(named) == 1 and "description" not in named[0]:
            named[0]["description"] = match["meaning"].strip()


def _same_stem(word: str, area_id: str) -> bool:
    # "comms" names "communication": the first four letters agree (or the whole of a short word).
    stem = 4
    if len(word) < stem or len(area_id) < stem:
        return word == area_id
    return word[:stem] == area_id[:stem]
