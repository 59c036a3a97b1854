"""Writing an imported ladder as guideline YAML that people can read and diff.

The same ladder always gives the same bytes: keys in the order the importer built them (the
order of SPEC section 2), block style throughout, long text folded at a fixed width and text
with line breaks as a literal block, so re-importing an unchanged file is a no-op in version
control. PyYAML decides the quoting, so every string reads back exactly as it was given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from promo_planner.core.importers.ids import Named

WIDTH = 80
"""Column after which long text is folded (indentation included), keeping lines under ~100."""

_FOLD_AFTER = 80
"""Text with a line longer than this is folded onto several lines instead of one long line."""


@dataclass(frozen=True)
class ImportedLadder:
    """A converted ladder: the guideline document (plain data) and the header comment lines.

    ``names`` says how to name the criteria whose ``id`` is still the source's own key (a
    UUID, a level and text): ``import_guideline`` gives them readable ids. Criteria not in
    ``names`` keep the id they have (a sheet's own id column).
    """

    document: Mapping[str, Any]
    header: Sequence[str] = field(default_factory=tuple)
    names: Mapping[str, Named] = field(default_factory=dict)


def policy(
    *,
    readiness_threshold: int,
    area_floor: int,
    evidence_window_months: int,
    evidence_required: int,
    effort_weeks: int,
) -> dict[str, dict[str, object]]:
    """The ``promotion`` and ``defaults`` blocks an importer chooses for a framework (the packet
    due four weeks before the date, no sustain period, every criterion weighing one)."""
    return {
        "promotion": {
            "readiness_threshold": readiness_threshold,
            "area_floor": area_floor,
            "evidence_window_months": evidence_window_months,
            "lead_weeks": 4,
            "sustain_weeks": 0,
        },
        "defaults": {
            "evidence_required": evidence_required,
            "effort_weeks": effort_weeks,
            "weight": 1,
        },
    }


@dataclass(frozen=True)
class ImportOptions:
    """What the command line may say about an import beyond the file itself."""

    levels: Sequence[str] | None = None
    """A sheet's levels, lowest first (``--levels``); None: in order of first appearance."""


class _IndentedDumper(yaml.SafeDumper):
    """Block style with list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # PyYAML puts "- item" flush with its parent key by default; indenting reads better.
        super().increase_indent(flow, False)


class _GuidelineDumper(_IndentedDumper):
    """``_IndentedDumper`` that writes each text in its most readable style."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=_style(value))


def _style(value: str) -> str | None:
    """Folded for long text, literal for short lines that must keep their breaks, else plain.

    PyYAML picks quoting itself when a block style cannot hold the text, but its folded writer
    mangles some rare texts (a line starting with spaces), so a block style is only used when
    the text reads back unchanged.
    """
    lines = value.split("\n")
    if max(len(line) for line in lines) > _FOLD_AFTER:
        style: str | None = ">"
    elif len(lines) > 1:
        style = "|"
    else:
        return None
    node = yaml.ScalarNode("tag:yaml.org,2002:str", value, style=style)
    probe = yaml.serialize(node, Dumper=yaml.SafeDumper, width=WIDTH, allow_unicode=True)
    return style if yaml.safe_load(probe) == value else None


_GuidelineDumper.add_representer(str, _represent_text)


def render(ladder: ImportedLadder) -> str:
    """The guideline YAML text of an imported ladder, header comment first, ending in a newline."""
    document = dict(ladder.document)
    body = _dump(document, _GuidelineDumper)
    if yaml.safe_load(body) != document:
        # Never expected (every block-styled text was probed), but a ladder that reads back
        # different from what was imported would be a silent corruption: fall back to quoting.
        body = _dump(document, _IndentedDumper)
    # A file name can hold a line break; in a comment it would start YAML of its own.
    safe = ("".join(ch if ch.isprintable() else "?" for ch in line) for line in ladder.header)
    header = "".join(f"# {line}".rstrip() + "\n" for line in safe)
    return header + body


def _dump(document: dict[str, Any], dumper: type[yaml.SafeDumper]) -> str:
    return yaml.dump(
        document,
        Dumper=dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=WIDTH,
        indent=2,
        line_break="\n",
    )
