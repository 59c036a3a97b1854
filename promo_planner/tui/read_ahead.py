"""The app's first reading of the portfolio, done in a child process while Textual is imported.

Importing Textual takes the launcher about 150 ms of one core; reading a 10,000-item portfolio
and measuring its readiness takes another 70 ms, and the first frame waits for both. So the
launcher forks before importing Textual: the child reads the snapshot and measures it while the
parent imports, and hands over what the first frame shows (the snapshot with its assessment,
pickled) and the index's rows (marshalled, unpacked only when a screen or the path needs them).

The child opens its own connection, as any command does (no SQLite connection exists when it
forks: one carried across a fork is unsafe), and only reads. Not a read-only connection: SQLite
reads a portfolio left checkpointed as immutable then, blind to other processes' commits, and
the child must see them. Which moment it read is checked before the app trusts it: the parent
opens its own connection, then asks the child whether anything was committed since its read;
only if nothing was is the reading the parent's moment too (the parent's ``data_version`` is
taken before the child's check). Otherwise, or when anything goes wrong (no ``fork``, a child
that fails or is slow), the app reads the portfolio itself, as it would without this.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import os
import pickle
import select
import signal
import struct
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from promo_planner.core.snapshot import Snapshot
    from promo_planner.core.store import Store

WAIT_SECONDS = 10.0
"""How long the app waits for the child's reading before reading the portfolio itself."""

_SAME, _CHANGED = b"=", b"~"
_LENGTH = struct.Struct("!Q")


class ReadAhead:
    """A child process reading the portfolio; ``take`` gives its snapshot, or None."""

    def __init__(self, pid: int, answers: int, asks: int) -> None:
        self._pid = pid
        self._answers = answers  # child -> parent: the reading, then whether it still holds
        self._asks = asks  # parent -> child: "my connection is open; anything committed?"

    def take(self, store: Store) -> Snapshot | None:
        """The child's snapshot as of ``store``'s moment, or None when it cannot be trusted
        (the caller reads the portfolio itself). ``store`` is the app's own connection."""
        try:
            packed = self._receive()
            if packed is None:
                return None
            version = store.data_version()  # before the child looks again: see the module
            os.write(self._asks, b"?")
            if self._read_exactly(1) != _SAME:
                return None
            return _unpack(packed, version)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, struct.error):
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Let the child go and reap it (any time; again is harmless). A child still reading
        (too slow, or the app is leaving) is stopped."""
        for fd in (self._answers, self._asks):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._answers = self._asks = -1
        pid, self._pid = self._pid, 0
        if pid:
            with contextlib.suppress(OSError):
                if os.waitpid(pid, os.WNOHANG) == (0, 0):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)

    def _receive(self) -> bytes | None:
        header = self._read_exactly(_LENGTH.size)
        if len(header) < _LENGTH.size:
            return None  # the child had nothing to give (no plan yet, an old schema, a failure)
        return self._read_exactly(_LENGTH.unpack(header)[0])

    def _read_exactly(self, size: int) -> bytes:
        chunks: list[bytes] = []
        left = size
        while left:
            ready, _, _ = select.select([self._answers], [], [], WAIT_SECONDS)
            if not ready:
                raise OSError("the reading child is too slow")
            chunk = os.read(self._answers, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


def start(data_path: Path, today: dt.date) -> ReadAhead | None:
    """Fork a child that reads the portfolio at ``data_path``; None when there is nothing to
    read ahead (no file yet: the first run) or no way to (no ``fork``)."""
    if not hasattr(os, "fork") or not data_path.is_file():
        return None
    # What both need, imported once before the fork (the child would import it anyway).
    from promo_planner.core import schema, snapshot, store  # noqa: F401

    if schema.unwritable(data_path):
        return None  # the child would read it as immutable: blind to a commit since its read

    answers_read, answers_write = os.pipe()
    asks_read, asks_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (answers_read, answers_write, asks_read, asks_write):
            os.close(fd)
        return None
    if pid == 0:  # the child: never returns
        os.close(answers_read)
        os.close(asks_write)
        _child(data_path, today, answers_write, asks_read)
    os.close(answers_write)
    os.close(asks_read)
    return ReadAhead(pid, answers_read, asks_write)


def _child(data_path: Path, today: dt.date, answers: int, asks: int) -> None:
    code = 1
    try:
        from promo_planner.core.snapshot import read_snapshot
        from promo_planner.core.store import Store

        store = Store.open(data_path)
        reading = read_snapshot(store, today)
        if reading is not None:
            _write_all(answers, _pack(reading))
            if os.read(asks, 1):  # the parent's connection is open
                still = store.data_version() == reading.data_version
                _write_all(answers, _SAME if still else _CHANGED)
        code = 0
    except BaseException:  # anything at all: the parent reads the portfolio itself
        pass
    finally:
        os._exit(code)  # no cleanup of the parent's objects, no SQLite close of its own


def _pack(reading: Snapshot) -> bytes:
    from promo_planner.core.snapshot import LazyIndex

    index = reading.index
    rows = index.rows if isinstance(index, LazyIndex) else None
    if rows is None:
        raise ValueError("a reading ahead holds its index as rows")
    assessment = reading.assessment  # measured here: the reason for the child
    assessment.areas()  # made once and kept, as the first frame shows them
    bare = replace(reading, index=(), evidence=None)
    parts = (bare, assessment, len(index), marshal.dumps(rows))
    body = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(body)) + body


def _unpack(packed: bytes, version: int) -> Snapshot:
    from promo_planner.core.snapshot import LazyIndex

    bare, assessment, count, rows = pickle.loads(packed)  # our own child's, through a pipe
    reading: Snapshot = replace(
        bare, index=LazyIndex(lambda: marshal.loads(rows), count), data_version=version
    )
    reading.__dict__["assessment"] = assessment  # as the cached property keeps it
    return reading


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
