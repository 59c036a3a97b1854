"""Converting published career ladders into guideline YAML (``guideline import``).

``IMPORTERS`` maps a format name (``ft``, ``monzo``) to its converter. ``import_ladder`` turns a
file's text into guideline YAML text that passes the loader; the same input always gives the
same bytes. Input that is not the named format raises ``InputError`` with ``FILE:LINE:COL``
lines. ``read_source`` and ``write_atomic`` are the file ends of the command, so that a failed
import never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from promo_planner.core.errors import InputError
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


def write_atomic(path: Path, text: str, shown: str | None = None) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    Readers see the old file or the new one, never half of one, and a failure leaves no
    temporary file behind. A new file gets the usual permissions (0666 minus the umask); an
    existing one keeps its own. InputError (naming the path as ``shown``) when it cannot be
    written.
    """
    name = shown or str(path)
    folder = path.parent
    if path.is_dir():
        raise InputError(f"{name}: is a directory; give a file name")
    if not folder.is_dir():
        raise InputError(f"{name}: the folder {str(folder)!r} does not exist")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    current = os.umask(0)
    os.umask(current)
    return current


__all__ = [
    "IMPORTERS",
    "ImportedLadder",
    "Importer",
    "import_guideline",
    "import_ladder",
    "read_source",
    "write_atomic",
]
