"""Start a program on a pseudo-terminal, as a person's terminal would, and time what it shows."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

_ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


@dataclass
class Session:
    """A program running on a pty: its pid, the pty's fd and everything it printed so far."""

    pid: int
    fd: int
    raw: bytearray

    def text(self) -> str:
        """What was printed, escape sequences removed."""
        return _ANSI.sub(b"", bytes(self.raw)).decode("utf-8", "replace")

    def wait_for(self, pattern: str, timeout: float = 60.0, since: int = 0) -> float:
        """Read until ``pattern`` appears in the output after byte ``since``; seconds waited."""
        rx = re.compile(pattern.encode())
        t0 = time.perf_counter()
        while True:
            if rx.search(_ANSI.sub(b"", bytes(self.raw[since:]))):
                return time.perf_counter() - t0
            left = timeout - (time.perf_counter() - t0)
            if left <= 0:
                tail = self.text()[-400:]
                raise TimeoutError(
                    f"{pattern!r} not on screen after {timeout}s; last output: {tail!r}"
                )
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise RuntimeError(f"program ended before {pattern!r}: {self.text()[-400:]!r}")
                self.raw += chunk

    def send(self, data: str) -> int:
        """Type ``data``; returns the output offset before it, for ``wait_for(since=...)``."""
        mark = len(self.raw)
        os.write(self.fd, data.encode())
        return mark

    def peak_rss_kib(self) -> int:
        """The program's peak resident memory so far (VmHWM), KiB."""
        with open(f"/proc/{self.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def close(self) -> None:
        """Stop the program and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def start(
    argv: Sequence[str], env: dict[str, str] | None = None, size: tuple[int, int] = (24, 80)
) -> Session:
    """Run ``argv`` on a new pty of ``size`` (rows, columns)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal, then become the program
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
        os.execvpe(argv[0], list(argv), {**os.environ, "TERM": "xterm-256color", **(env or {})})
    return Session(pid=pid, fd=fd, raw=bytearray())


def time_until(
    argv: Sequence[str], pattern: str, env: dict[str, str] | None = None, settle: float = 0.0
) -> tuple[float, int]:
    """Seconds from start until ``pattern`` is on screen, and the peak memory (KiB) by then, or
    ``settle`` seconds later (what the program holds after the work it does past that point)."""
    t0 = time.perf_counter()
    session = start(argv, env)
    try:
        session.wait_for(pattern)
        elapsed = time.perf_counter() - t0
        time.sleep(settle)
        return elapsed, session.peak_rss_kib()
    finally:
        session.close()
