"""Items kept on disk while a long file is read: ``import`` of a career's worth of evidence
holds one item in memory at a time, not every item twice (SPEC 3: a 100,000-item portfolio
imports in memory a small multiple of the file's size)."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class Kept(Protocol[T]):
    """Where validated items go: a list, or a ``Spool``."""

    def append(self, item: T, /) -> None: ...

    def __iter__(self) -> Iterator[T]: ...

    def __len__(self) -> int: ...

    def __contains__(self, item: object, /) -> bool: ...


class Spool(Generic[T]):
    """A sequence of items written to an anonymous temporary file as they come (gone when
    closed or when the process ends, wherever it stops) and read back in order, one at a time.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - kept open until close()
        self._count = 0

    def append(self, item: T) -> None:
        """Add ``item`` at the end."""
        # One pickle per item, each with its own memo (a shared one would keep every item
        # alive, and an unpickler's memo would not line up with a cleared pickler's).
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[T]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self._count):
            yield pickle.load(self._file)
        self._file.seek(0, 2)

    def __contains__(self, item: object) -> bool:
        return any(kept == item for kept in self)

    def close(self) -> None:
        """Drop the file."""
        self._file.close()
