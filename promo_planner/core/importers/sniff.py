"""Recognising a ladder in a format ``guideline import`` converts, where a guideline was expected.

Someone who downloads the FT ladder or exports their company's sheet will first try it as it
is (``init --guideline ft-engineering.yml``). Instead of a screen of schema errors they get one
line naming the command that converts it. Recognition looks at the shape only (top-level keys,
front matter, a header row); it runs only after the text has failed as a guideline.
"""

from __future__ import annotations

import re
import shlex

from promo_planner.core.importers.text import basename

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)
_FT_KEYS = {"levels", "themes", "competencies"}
_MONZO_KEYS = {"levels", "topics"}


def recognise(text: str, filename: str) -> str | None:
    """The ``--from`` format ``text`` is written in (``ft``, ``monzo``, ``csv``), or None."""
    head = text.removeprefix("\ufeff")
    if head.startswith("---"):
        front = head[3:].split("\n---", 1)[0]
        if set(_TOP_KEY.findall(front)) >= _MONZO_KEYS and "\nschema:" not in front:
            return "monzo"
    keys = set(_TOP_KEY.findall(head))
    if keys >= _FT_KEYS and "schema" not in keys:
        return "ft"
    if filename.lower().endswith((".csv", ".tsv")) or _looks_like_a_sheet(head):
        return "csv"
    return None


def _looks_like_a_sheet(text: str) -> bool:
    from promo_planner.core.importers.sheet_columns import header_roles

    first = next((line for line in text.splitlines() if line.strip()), "")
    return len(header_roles(first)) >= 3


def conversion_hint(text: str, filename: str) -> str | None:
    """One line saying what ``text`` is and the command that converts it, or None."""
    from promo_planner.core.importers import IMPORTERS

    fmt = recognise(text, filename)
    if fmt is None:
        return None
    stem = basename(filename).rsplit(".", 1)[0] or "ladder"
    out = f"{stem}-guideline.yaml"
    words = ["promo-planner", "guideline", "import", "--from", fmt, filename, "-o", out]
    command = shlex.join(words)
    return (
        f"{filename}: this is a {IMPORTERS[fmt].label}, not a promo-planner guideline; "
        f"convert it first: {command}"
    )
