"""The columns of a ladder sheet: which header names mean which field.

People name their columns many ways ("Competency", "Expectation", "Pillar", "Grade"...), in any
case and order, sometimes with a unit or a star (``Effort (weeks)``, ``Title*``). ``COLUMNS``
is the vocabulary; ``columns`` reads a header row into field -> cell index, refusing what it
cannot place; ``separator`` finds the CSV separator a sheet was exported with.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Sequence

from promo_planner.core.errors import InputError

COLUMNS: dict[str, tuple[str, ...]] = {
    "level": ("level", "grade", "band", "rung", "job level", "career level", "seniority"),
    "area": (
        "area",
        "pillar",
        "category",
        "track",
        "theme",
        "dimension",
        "domain",
        "focus area",
        "competency area",
        "topic",
        "section",
    ),
    "title": ("title", "criterion", "name", "criterion title", "summary", "short title"),
    "text": ("competency", "expectation", "behaviour", "behavior", "skill", "requirement"),
    "description": ("description", "details", "detail", "explanation", "definition", "notes"),
    "examples": ("examples", "example", "evidence examples"),
    "id": ("id", "criterion id", "key", "code", "ref", "reference"),
    "weight": ("weight", "importance"),
    "evidence_required": (
        "evidence required",
        "evidence",
        "evidence count",
        "required evidence",
        "pieces of evidence",
    ),
    "effort_weeks": ("effort weeks", "effort", "weeks", "effort in weeks"),
    "requires": ("requires", "prerequisites", "prerequisite", "depends on", "dependencies"),
    "supersedes": ("supersedes", "replaces"),
    "needs_opportunity": ("needs opportunity", "opportunity", "needs an opportunity"),
}
"""Each field and the column names that mean it. ``text`` is the competency written out: the
title when the sheet has no title column, else the description."""

_ROLE_OF = {name: role for role, names in COLUMNS.items() for name in names}
_SEPARATORS = (",", ";", "\t")


def _normal(header: str) -> str:
    """A header as compared: lower case, ``_``/``-`` as spaces, no ``(...)``, ``*`` or ``:``."""
    text = re.sub(r"\([^)]*\)", " ", header.lower().replace("_", " ").replace("-", " "))
    return " ".join(text.replace("*", " ").replace(":", " ").split())


def header_roles(line: str) -> dict[int, str]:
    """The recognised columns of a header line (the separator that finds most): index -> field."""
    return _roles_with(line, separator(line))


def _roles_with(line: str, separator: str) -> dict[int, str]:
    try:
        cells = next(csv.reader([line[:10_000]], delimiter=separator), [])
    except csv.Error:  # not a header row at all
        return {}
    return {i: _ROLE_OF[_normal(c)] for i, c in enumerate(cells) if _normal(c) in _ROLE_OF}


def separator(text: str) -> str:
    """The separator (``,``, ``;`` or tab) that splits the header into the most known columns."""
    first = next((line for line in text[:100_000].splitlines() if line.strip()), "")
    return max(_SEPARATORS, key=lambda sep: (len(_roles_with(first, sep)), -_SEPARATORS.index(sep)))


def columns(filename: str, line: int, header: Sequence[str]) -> dict[str, int]:
    """Field -> cell index, from the header row on ``line``; InputError with every problem of
    the header at once (unknown or repeated columns, required ones missing)."""
    columns: dict[str, int] = {}
    problems: list[str] = []
    for i, name in enumerate(header):
        normal = _normal(name)
        role = _ROLE_OF.get(normal)
        if role is None:
            if not normal:
                continue  # an unnamed column: nothing in it is read
            close = difflib.get_close_matches(normal, list(_ROLE_OF), n=1, cutoff=0.8)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(
                f"{filename}:{line}:{i + 1}: unknown column {name.strip()!r}{hint}; "
                f"rename it to one this reads ({_known()}) or delete it"
            )
        elif role in columns:
            problems.append(
                f"{filename}:{line}:{i + 1}: column {name.strip()!r} repeats "
                f"{header[columns[role]].strip()!r} (column {columns[role] + 1})"
            )
        else:
            columns[role] = i
    if "title" not in columns and "text" in columns:
        columns["title"] = columns.pop("text")
    elif "text" in columns and "description" not in columns:
        columns["description"] = columns.pop("text")
    elif "text" in columns:
        i = columns["text"]
        problems.append(
            f"{filename}:{line}:{i + 1}: column {header[i].strip()!r} is neither the title "
            "nor the description (the sheet has both): rename or delete it"
        )
    for role in ("level", "area", "title"):
        if role not in columns:
            names = ", ".join(COLUMNS[role] + (COLUMNS["text"] if role == "title" else ()))
            problems.append(f"{filename}:{line}:1: no {role} column (any of: {names})")
    if problems:
        raise InputError(problems)
    return columns


def _known() -> str:
    return ", ".join(role.replace("_", " ") for role in COLUMNS if role != "text")
