"""Writing the files the user asks for (reports, exports, converted ladders) safely."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from promo_planner.core.errors import InputError


def write_atomically(
    path: str | os.PathLike[str],
    text: str,
    *,
    shown: str | None = None,
    new_mode: int | None = None,
    protect: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never half of one, and a failure leaves the old file
    as it was and no temporary file behind. Only a regular file or a new name is written: a
    folder, a pipe, a device or a socket is refused (renaming over ``/dev/full`` would replace
    the device), and a symbolic link is written through, as editors do (the link stays, the file
    it leads to changes). Nothing that is or belongs to an SQLite database is replaced: not the
    files in ``protect`` (the open portfolio) nor their ``-wal``/``-shm``/``-journal`` companions
    (compared by resolved path and by device and inode), nor any file that holds an SQLite
    database, journal or write-ahead log. An existing file keeps its permissions; a new one gets
    ``new_mode`` (default: 0666 minus the umask). Raises ``InputError`` naming the path (as
    ``shown``, when given) when the file must not or cannot be written.
    """
    import tempfile  # here, not at the top: it loads shutil and the compression modules

    name = shown or str(path)
    target = _write_target(Path(path).expanduser(), name, protect)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = new_mode if new_mode is not None else 0o666 & ~_umask()
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    except UnicodeEncodeError:
        raise InputError(f"{name}: cannot write: the text holds bytes that are not UTF-8") from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


# How each kind of SQLite file starts: a database, a rollback journal, a write-ahead log (two
# byte orders). A report written over any of them would destroy a database.
_SQLITE_MAGIC = (
    b"SQLite format 3\x00",
    b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7",
    b"\x37\x7f\x06\x82",
    b"\x37\x7f\x06\x83",
)
_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _write_target(path: Path, name: str, protect: Iterable[str | os.PathLike[str]]) -> Path:
    """The file that writing ``path`` replaces (a symbolic link followed to its end), once it
    is known to be a regular file or a new name in an existing folder, and no database's."""
    import stat

    real = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = os.lstat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    if info is None:
        if not real.parent.is_dir():
            folder = real.parent if path.is_symlink() else path.parent
            raise InputError(f"{name}: the folder {str(folder)!r} does not exist")
    elif stat.S_ISLNK(info.st_mode):
        raise InputError(f"{name}: a symbolic link that leads to itself; give a file name")
    elif stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a directory; give a file name")
    elif not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: not a regular file (a pipe, a device or a socket); give a file")
    for database in protect:
        for suffix in _SQLITE_COMPANIONS:
            other = Path(f"{os.fspath(database)}{suffix}").expanduser()
            if _same_file(real, info, other):
                what = "the portfolio" if not suffix else f"the portfolio's {suffix[1:]} file"
                raise InputError(f"{name}: is {what} ({other}); write to another file")
    if info is not None:
        if _starts_like_sqlite(real):
            raise InputError(f"{name}: holds an SQLite database; not replaced (write elsewhere)")
        if not os.access(real, os.W_OK):
            raise InputError(f"{name}: is read-only; not replaced")
    return real


def _same_file(real: Path, info: os.stat_result | None, other: Path) -> bool:
    if Path(os.path.realpath(other)) == real:
        return True
    if info is None:
        return False
    try:
        found = os.stat(other)
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (info.st_dev, info.st_ino)


def _starts_like_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return head.startswith(_SQLITE_MAGIC)


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    current = os.umask(0)
    os.umask(current)
    return current


MAX_INPUT_BYTES = 50_000_000
"""The largest file the program reads as input (a ladder, a portfolio export, a form): far
beyond any real one, small enough that ``/dev/zero`` or a runaway file cannot exhaust memory."""

MAX_EXPORT_BYTES = 400_000_000
"""The largest portfolio export ``import`` reads: about 500,000 evidence items (a 100,000-item
export is 74 MB). Import reads the items one at a time, so its memory stays a small multiple
of the file's size."""


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
        # Read into one buffer of the file's size (one more byte tells a file that grew): the
        # bytes are in memory once, not once in pieces and again joined.
        data = bytearray(min(info.st_size, limit) + 1)
        view = memoryview(data)
        size = 0
        while size < len(data):
            got = os.readv(fd, [view[size : size + (1 << 24)]])
            if not got:
                break
            size += got
        view.release()
        if size > limit:
            raise InputError(f"{name}: larger than {limit:,} bytes; not an input this reads")
        del data[size:]
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return decode_text(data, name)


def decode_text(data: bytes | bytearray, name: str) -> str:
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
