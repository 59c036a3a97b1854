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
