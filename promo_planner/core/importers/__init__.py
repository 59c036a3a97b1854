"""Converting published career ladders into guideline YAML (``guideline import``).

``IMPORTERS`` maps a format name (``ft``, ``monzo``) to its converter. ``import_ladder`` turns a
file's text into guideline YAML text that passes the loader; the same input always gives the
same bytes. Input that is not the named format raises ``InputError`` with ``FILE:LINE:COL``
lines. ``read_source`` and ``write_atomic`` are the file ends of the command, so that a failed
import never leaves a half-written file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from promo_planner.core.errors import InputError
from promo_planner.core.files import write_atomically as write_atomic
from promo_planner.core.importers import ft, monzo
from promo_planner.core.importers.emit import ImportedLadder, render
from promo_planner.core.ladder import Guideline
from promo_planner.core.loader import parse_guideline

MAX_SOURCE_BYTES = 5_000_000
"""Largest file accepted; published ladders are tens of kilobytes."""


@dataclass(frozen=True)
class Importer:
    """One published ladder format: its ``--from`` name, what it reads, and the converter."""

    name: str
    label: str
    convert: Callable[[str, str], ImportedLadder]


IMPORTERS: dict[str, Importer] = {
    "ft": Importer("ft", ft.SOURCE_LABEL, ft.convert),
    "monzo": Importer("monzo", monzo.SOURCE_LABEL, monzo.convert),
}


def import_guideline(fmt: str, text: str | bytes, filename: str) -> tuple[str, Guideline]:
    """Convert ``text`` (a file in format ``fmt``) into guideline YAML and the ladder it holds.

    ``filename`` is how errors name the input. Raises InputError for an unknown format, input
    that is not that format, or a ladder that cannot be expressed as a valid guideline.
    """
    importer = IMPORTERS.get(fmt)
    if importer is None:
        known = ", ".join(sorted(IMPORTERS))
        raise InputError(f"--from: unknown format {fmt!r} (known: {known})")
    if isinstance(text, bytes):
        text = _decode(text, filename)
    output = render(importer.convert(text, filename))
    return output, _validated(output, filename)


def import_ladder(fmt: str, text: str | bytes, filename: str) -> str:
    """The guideline YAML text converted from ``text`` in format ``fmt`` (see import_guideline)."""
    return import_guideline(fmt, text, filename)[0]


def _validated(output: str, filename: str) -> Guideline:
    """The converted ladder, read back by the guideline loader exactly as ``guideline check`` will.

    Everything the importers can foresee is reported against the source file with a position;
    this catches the rest (a name longer than the format allows, say) so that an import never
    writes a file the loader would refuse.
    """
    marker = "<converted>"
    try:
        return parse_guideline(output, marker)
    except InputError as exc:
        raise InputError(
            f"{filename}: cannot be converted: the result would fail the guideline check: "
            + line.removeprefix(f"{marker}:")
            for line in exc.lines
        ) from None


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{filename}: not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r})"
        ) from None


def read_source(path: Path, shown: str | None = None) -> str:
    """The text of a ladder file; InputError naming it (as ``shown``) when it cannot be read."""
    name = shown or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a ladder file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(f"{name}: larger than {MAX_SOURCE_BYTES // 1_000_000} MB; not a ladder")
    return _decode(data, name)


__all__ = [
    "IMPORTERS",
    "ImportedLadder",
    "Importer",
    "import_guideline",
    "import_ladder",
    "read_source",
    "write_atomic",
]
