"""The Financial Times job-family YAML (``engineering-progression`` competencies) as a guideline.

The FT file lists ``levels`` (id, name), ``themes`` (id, name, summary) and ``competencies``
(id, level, theme, summary, proficiency). How it maps:

* Levels keep their ids and file order. The FT marks a split into two tracks with a pair of
  suffixed levels, ``-ic`` (individual contributor) and ``-pm`` (people manager): each suffixed
  level follows the previous level of its own track, and the first one of a track follows the
  last shared level before it (``senior-2-ic`` and ``senior-2-pm`` both follow ``senior-1``;
  ``principal-ic`` follows ``senior-2-ic``). A level without a suffix that comes after the
  branches follows the entry just before it in the file and continues that entry's track. In
  the FT engineering file that makes ``tech-director`` the next step after ``principal-pm``
  (manager track): the file lists it there, and its competencies are about leading several
  teams and growing their leaders, which continues the people manager line.
* Themes become areas with their ids; the theme summary is the area description.
* Each competency becomes one criterion with a readable id, ``theme.first-words`` (see
  ``ids.py``); the FT's UUID is kept as its alias. Its title is the summary's first sentence,
  its description the whole summary followed by its proficiency.
* The FT describes every level whole: a level's competency in a theme replaces the one the level
  before it (on the same branch) has in that theme. So each criterion supersedes the nearest
  ancestor's criteria in the same theme, and a level's required set is its own competencies
  (plus, for a theme the level does not describe, the nearest ancestor's).
* The promotion policy (``POLICY``) reads the FT's competencies as a profile, not a checklist;
  the header of the converted file says why each value was chosen.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from yaml.nodes import Node

from promo_planner.core.importers.emit import ImportedLadder, ImportOptions, policy
from promo_planner.core.importers.ids import Named
from promo_planner.core.importers.source import SourceYaml
from promo_planner.core.importers.text import basename, prose, short_title, slug

MAX_ITEMS = 10_000
"""Most themes or competencies accepted; real ladders have dozens."""

MAX_LEVELS = 500
"""Most levels accepted (each competency walks its level's ancestors)."""

_ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_TRACKS = {"ic": "ic", "pm": "manager"}
"""Level-id suffix -> the guideline's track label."""

SOURCE_LABEL = "Financial Times job-family YAML"

POLICY = policy(
    readiness_threshold=75,
    area_floor=0,
    evidence_window_months=18,
    evidence_required=2,
    effort_weeks=12,
)
POLICY_NOTES = (
    "Promotion policy chosen by the importer (edit it to match your organisation):",
    "- readiness_threshold 75: the competencies describe a level, not a checklist; a case",
    "  that shows most themes (7 of 9 at each FT level) fully is a strong one.",
    "- area_floor 0: each theme holds one competency per level, so any floor would demand",
    "  every theme and turn 'most' back into 'all'.",
    "- evidence_window_months 18: a level step takes a year or more, so a whole plan's",
    "  evidence counts, while older work no longer shows how you work now.",
    "- evidence_required 2, effort_weeks 12: a competency is a pattern, shown at least twice,",
    "  and a senior-level one takes about a quarter to show from scratch.",
    "- weight 2 on the Technical theme: this is an engineering ladder; a plan that leaves the",
    "  technical competency out is not a plan for an engineer.",
)
CORE_THEME = "technical"
"""The theme whose competencies weigh double (see POLICY_NOTES)."""


def convert(text: str, filename: str, options: ImportOptions | None = None) -> ImportedLadder:
    """Convert the text of an FT job-family YAML file; InputError (FILE:LINE:COL) if it is not."""
    src = SourceYaml(filename)
    root = src.compose(text)
    top = src.mapping(root, "the FT job family")
    name = src.text(src.required(top, root, "name", "the FT job family"), "name")
    summary_node = src.optional(top, "summary")
    levels_node = src.required(top, root, "levels", "the FT job family")
    themes_node = src.required(top, root, "themes", "the FT job family")
    competencies_node = src.required(top, root, "competencies", "the FT job family")

    levels = _levels(src, levels_node)
    areas = _themes(src, themes_node)
    criteria = _competencies(src, competencies_node, levels, {str(a["id"]) for a in areas})

    document: dict[str, object] = {
        "schema": "promo-planner/guideline/v1",
        "id": f"ft-{slug(name) or 'ladder'}",
        "name": name,
    }
    if summary_node is not None:
        document["description"] = prose(src.text(summary_node, "summary", multiline=True))
    document.update(POLICY)
    document["levels"] = levels
    document["areas"] = areas
    document["criteria"] = criteria
    header = [
        f"Imported by promo-planner from {basename(filename)} ({SOURCE_LABEL}).",
        "The Financial Times publishes its engineering competencies under the MIT licence;",
        "keep its copyright and permission notice with any copy of this file.",
        "",
        *POLICY_NOTES,
    ]
    names = {
        str(c["id"]): Named(str(c["area"]), str(c["level"]), str(c["title"]), key=str(c["id"]))
        for c in criteria
    }
    return ImportedLadder(document=document, header=header, names=names)


def _item_id(src: SourceYaml, node: Node, what: str) -> str:
    value = src.text(node, what)
    if not _ITEM_ID.match(value) or len(value) > 200:
        raise src.error(
            node, f"{what} {value!r} is not a usable id (letters, digits, '.', '_', '-')"
        )
    return value


def _items(src: SourceYaml, node: Node, what: str) -> list[Node]:
    items = src.sequence(node, what)
    if not items:
        raise src.error(node, f"{what} is empty")
    if len(items) > MAX_ITEMS:
        raise src.error(node, f"{what}: more than {MAX_ITEMS} entries")
    return items


def _unique(src: SourceYaml, seen: set[str], node: Node, value: str, what: str) -> None:
    if value in seen:
        raise src.error(node, f"duplicate {what} id {value!r}")
    seen.add(value)


def _levels(src: SourceYaml, node: Node) -> list[dict[str, object]]:
    """Levels in file order, each with ``after`` and, on a branch, ``track``."""
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    previous: str | None = None  # the entry before, and its track
    previous_track: str | None = None
    last_shared: str | None = None  # the last level without a track suffix
    last_on_track: dict[str, str] = {}  # suffix -> the last level of that track so far
    items = _items(src, node, "levels")
    if len(items) > MAX_LEVELS:
        raise src.error(node, f"levels: more than {MAX_LEVELS} entries")
    for item in items:
        fields = src.mapping(item, "a level")
        src.only(fields, ("id", "name"), "a level")
        id_node = src.required(fields, item, "id", "a level")
        level_id = _item_id(src, id_node, "level id")
        _unique(src, seen, id_node, level_id, "level")
        title = src.text(src.required(fields, item, "name", f"level {level_id!r}"), "name")
        suffix = level_id.rsplit("-", 1)[-1] if "-" in level_id else ""
        after: str | None
        track: str | None
        if suffix in _TRACKS:
            after = last_on_track.get(suffix, last_shared)
            if after is None and out:
                # A guideline has one root (a level without `after` follows the entry before it),
                # so a second track with nothing shared before it cannot be expressed.
                raise src.error(
                    id_node,
                    f"level {level_id!r} starts a track before any shared level; put the "
                    "level both tracks grow from first",
                )
            track = _TRACKS[suffix]
            last_on_track[suffix] = level_id
        else:
            # Not a branch: follows the entry before it and continues its track (if any).
            after, track = previous, previous_track
            last_shared = level_id
            last_on_track = {}
        level: dict[str, object] = {"id": level_id, "title": title}
        if after is not None:
            level["after"] = after
        if track is not None:
            level["track"] = track
        out.append(level)
        previous, previous_track = level_id, track
    return out


def _themes(src: SourceYaml, node: Node) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    for item in _items(src, node, "themes"):
        fields = src.mapping(item, "a theme")
        src.only(fields, ("id", "name", "summary"), "a theme")
        id_node = src.required(fields, item, "id", "a theme")
        theme_id = _item_id(src, id_node, "theme id")
        _unique(src, seen, id_node, theme_id, "theme")
        area: dict[str, object] = {
            "id": theme_id,
            "name": src.text(src.required(fields, item, "name", f"theme {theme_id!r}"), "name"),
        }
        summary = src.optional(fields, "summary")
        if summary is not None:
            area["description"] = prose(src.text(summary, "summary", multiline=True))
        out.append(area)
    return out


def _competencies(
    src: SourceYaml, node: Node, levels: list[dict[str, object]], themes: set[str]
) -> list[dict[str, object]]:
    parent = {str(lv["id"]): lv.get("after") for lv in levels}
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    by_level_theme: dict[tuple[str, str], list[str]] = {}
    for item in _items(src, node, "competencies"):
        fields = src.mapping(item, "a competency")
        src.only(fields, ("id", "level", "theme", "summary", "proficiency"), "a competency")
        id_node = src.required(fields, item, "id", "a competency")
        comp_id = _item_id(src, id_node, "competency id")
        _unique(src, seen, id_node, comp_id, "competency")
        what = f"competency {comp_id!r}"
        level_node = src.required(fields, item, "level", what)
        level = src.text(level_node, "level")
        if level not in parent:
            raise src.error(level_node, f"{what}: unknown level {level!r}")
        theme_node = src.required(fields, item, "theme", what)
        theme = src.text(theme_node, "theme")
        if theme not in themes:
            raise src.error(theme_node, f"{what}: unknown theme {theme!r}")
        summary_node = src.required(fields, item, "summary", what)
        summary = prose(src.text(summary_node, "summary", multiline=True))
        title = short_title(summary)
        if not title:
            raise src.error(summary_node, f"{what}: the summary has no words to make a title of")
        description = summary
        proficiency = src.optional(fields, "proficiency")
        if proficiency is not None:
            description += f"\nProficiency: {src.text(proficiency, 'proficiency')}"
        criterion: dict[str, object] = {
            "id": comp_id,
            "area": theme,
            "level": level,
            "title": title,
            "description": description,
        }
        if theme == CORE_THEME:
            criterion["weight"] = 2
        out.append(criterion)
        by_level_theme.setdefault((level, theme), []).append(comp_id)

    nearest = _nearest_in_theme(parent, by_level_theme)
    for criterion in out:
        replaced = nearest(str(criterion["level"]), str(criterion["area"]))
        if replaced:
            criterion["supersedes"] = replaced
    return out


def _nearest_in_theme(
    parent: dict[str, object], by_level_theme: dict[tuple[str, str], list[str]]
) -> Callable[[str, str], list[str]]:
    """``f(level, theme)``: the criteria of the nearest ancestor of ``level`` in that theme."""

    def nearest(level: str, theme: str) -> list[str]:
        node = parent.get(level)
        steps = 0
        while isinstance(node, str) and steps <= len(parent):
            found = by_level_theme.get((node, theme))
            if found:
                return list(found)
            node = parent.get(node)
            steps += 1
        return []

    return nearest
