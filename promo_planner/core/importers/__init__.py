"""Converting published career ladders and spreadsheets into guideline YAML (``guideline import``).

``IMPORTERS`` maps a format name (``ft``, ``monzo``, ``csv``) to its converter. A converter
turns a file's text into an ``ImportedLadder`` whose criteria carry the source's own keys as
ids; ``core.ladder_import.import_guideline`` then gives them readable ids (``ids.py``), writes
the YAML and reads it back through the guideline loader, so an import never writes a file
``guideline check`` would refuse. The same input always gives the same bytes. Input that is
not the named format raises ``InputError`` with ``FILE:LINE:COL`` lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from promo_planner.core.files import write_atomically as write_atomic
from promo_planner.core.importers import ft, monzo, sheet
from promo_planner.core.importers.emit import ImportedLadder, ImportOptions

MAX_SOURCE_BYTES = 5_000_000
"""Largest file accepted; published ladders are tens of kilobytes."""


@dataclass(frozen=True)
class Importer:
    """One ladder format: its ``--from`` name, what it reads, and the converter."""

    name: str
    label: str
    convert: Callable[[str, str, ImportOptions], ImportedLadder]


IMPORTERS: dict[str, Importer] = {
    "ft": Importer("ft", ft.SOURCE_LABEL, ft.convert),
    "monzo": Importer("monzo", monzo.SOURCE_LABEL, monzo.convert),
    "csv": Importer("csv", sheet.SOURCE_LABEL, sheet.convert),
}


__all__ = [
    "IMPORTERS",
    "MAX_SOURCE_BYTES",
    "ImportOptions",
    "ImportedLadder",
    "Importer",
    "write_atomic",
]
