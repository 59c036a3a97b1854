"""Items kept on disk while a long file is read: ``import`` of a career's worth of evidence
holds a few items in memory at a time, not every item twice (a 100,000-item portfolio imports
in memory a small multiple of the file's size)."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Final, Generic, Protocol, TypeVar

T = TypeVar("T")

BATCH: Final = 256
"""Items pickled together: one pickle call per item costs more than the pickling itself."""


class Kept(Protocol[T]):
    """Where validated items go: a list, or a ``Spool``."""

    def append(self, item: T, /) -> None: ...

    def __iter__(self) -> Iterator[T]: ...

    def __len__(self) -> int: ...

    def __contains__(self, item: object, /) -> bool: ...


class Spool(Generic[T]):
    """A sequence of items written to an anonymous temporary file as they come (gone when
    closed or when the process ends, wherever it stops) and read back in order, a batch at a
    time."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - kept open until close()
        self._batches = 0
        self._count = 0
        self._pending: list[T] = []

    def append(self, item: T) -> None:
        """Add ``item`` at the end."""
        self._pending.append(item)
        self._count += 1
        if len(self._pending) >= BATCH:
            self._write()

    def _write(self) -> None:
        # One pickle per batch, each with its own memo: a memo shared by every batch would
        # keep every item alive.
        pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._batches += 1
        self._pending = []

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[T]:
        if self._pending:
            self._write()
        self._file.flush()
        self._file.seek(0)
        for _ in range(self._batches):
            batch: list[T] = pickle.load(self._file)
            yield from batch
        self._file.seek(0, 2)

    def __contains__(self, item: object) -> bool:
        return any(kept == item for kept in self)

    def close(self) -> None:
        """Drop the file."""
        self._file.close()
