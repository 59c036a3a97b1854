"""Writing the files the user asks for (reports, exports, converted ladders) safely."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from promo_planner.core.errors import InputError


def write_atomically(
    path: str | os.PathLike[str],
    text: str,
    *,
    shown: str | None = None,
    new_mode: int | None = None,
) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never half of one, and a failure leaves the old file
    as it was and no temporary file behind. An existing file keeps its permissions; a new one gets
    ``new_mode`` (default: 0666 minus the umask). Raises ``InputError`` naming the path (as
    ``shown``, when given) when the folder is missing or the file cannot be written.
    """
    import tempfile  # here, not at the top: it loads shutil and the compression modules

    target = Path(path).expanduser()
    name = shown or str(path)
    folder = target.parent
    if target.is_dir():
        raise InputError(f"{name}: is a directory; give a file name")
    if not folder.is_dir():
        raise InputError(f"{name}: the folder {str(folder)!r} does not exist")
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = new_mode if new_mode is not None else 0o666 & ~_umask()
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    current = os.umask(0)
    os.umask(current)
    return current


MAX_INPUT_BYTES = 50_000_000
"""The largest file the program reads as input (a ladder, a portfolio export, a form): far
beyond any real one, small enough that ``/dev/zero`` or a runaway file cannot exhaust memory."""


def read_text(
    path: str | os.PathLike[str],
    *,
    shown: str | None = None,
    limit: int = MAX_INPUT_BYTES,
) -> str:
    """The UTF-8 text of the regular file at ``path`` (a leading BOM dropped).

    The one way the program reads a file it was given. Only a regular file is read (a FIFO, a
    device or a folder is refused at once instead of hanging or reading forever), never more
    than ``limit`` bytes, and bytes that are not UTF-8 are reported as ``FILE:LINE:COL``.
    Raises ``InputError`` naming the file (as ``shown``, when given).
    """
    import stat

    name = shown or str(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        fd = os.open(Path(path).expanduser(), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name}: not a regular file (a pipe or a device); give a file")
        if info.st_size > limit:
            raise InputError(f"{name}: larger than {limit:,} bytes; not an input this reads")
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise InputError(f"{name}: larger than {limit:,} bytes; not an input this reads")
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return decode_text(b"".join(chunks), name)


def decode_text(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text (a leading BOM dropped); ``InputError`` ``NAME:LINE:COL`` at the
    first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        before = data[:start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8-sig", errors="replace")) + 1
        raise InputError(
            f"{name}:{line}:{col}: not UTF-8 text (byte 0x{data[start]:02x});"
            " save the file as UTF-8"
        ) from None
