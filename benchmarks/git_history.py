"""A deterministic git history of any size, built with ``git fast-import`` (quick: 50,000
commits in seconds, where ``git commit`` in a loop takes minutes).

    python benchmarks/git_history.py --commits 50000 --out benchmarks/out/repo50000

The history looks like a team's main branch: pull requests merged with merge commits
("Merge pull request #12 from ada/PAY-12-retry-payments"), direct commits with ticket keys,
renames, two authors (``ENGINEER`` and ``TEAMMATE``) and an annotated release tag every
``TAG_EVERY`` commits. The same arguments always give the same commits (same hashes).
"""

from __future__ import annotations

import argparse
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ENGINEER = ("Ada Lovelace", "ada@example.com")
TEAMMATE = ("Bob Builder", "bob@example.com")
START = 1_736_150_400  # 2025-01-06 08:00 UTC
END = 1_793_520_000  # 2026-11-02 08:00 UTC
TAG_EVERY = 500
PR_EVERY = 4  # one unit of work in PR_EVERY is a pull request of three commits
AREAS = (
    "services/payments",
    "services/search",
    "web/checkout",
    "infra/terraform",
    "docs",
)
TOPICS = (
    ("retry", "Retry failed payments with backoff"),
    ("search-ranking", "Rank search results by recency"),
    ("checkout-form", "Validate the checkout form"),
    ("queue-alerts", "Alert on queue depth"),
    ("runbook", "Write the on-call runbook"),
)
TICKETS = ("PAY", "SRCH", "WEB", "OPS", "DOC")


@dataclass
class _State:
    lines: dict[str, list[str]] = field(default_factory=dict)
    mark: int = 0
    out: list[bytes] = field(default_factory=list)

    def next_mark(self) -> int:
        self.mark += 1
        return self.mark


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def _who(person: tuple[str, str], when: int) -> bytes:
    return f"{person[0]} <{person[1]}> {when} +0000".encode()


def _edit(state: _State, path: str, n: int) -> bytes:
    """Append a few lines to ``path`` (dropping old ones past 40) and return the M command."""
    lines = state.lines.setdefault(path, [])
    lines.extend(f"line {n}.{k} of {path}" for k in range(1 + n % 4))
    if len(lines) > 40:
        del lines[: len(lines) - 30]
    return b"M 100644 inline " + path.encode() + b"\n" + _data("\n".join(lines))


def _commit(
    state: _State,
    ref: str,
    person: tuple[str, str],
    when: int,
    message: str,
    parents: list[int],
    changes: list[bytes],
) -> int:
    mark = state.next_mark()
    out = [f"commit {ref}\nmark :{mark}\n".encode()]
    out.append(b"author " + _who(person, when) + b"\n")
    out.append(b"committer " + _who(person, when) + b"\n")
    out.append(_data(message))
    if parents:
        out.append(f"from :{parents[0]}\n".encode())
        out.extend(f"merge :{p}\n".encode() for p in parents[1:])
    out.extend(changes)
    state.out.append(b"".join(out))
    return mark


def stream(commits: int) -> bytes:
    """The fast-import stream of a history of about ``commits`` commits."""
    state = _State()
    step = (END - START) // max(commits, 1)
    when = START
    main: int | None = None
    n = 0
    pr = 0
    while n < commits:
        unit = n // 3
        area = AREAS[unit % len(AREAS)]
        slug, title = TOPICS[unit % len(TOPICS)]
        key = f"{TICKETS[unit % len(TICKETS)]}-{100 + unit}"
        person = ENGINEER if unit % 3 != 2 else TEAMMATE
        if unit % PR_EVERY == 0 and main is not None and commits - n >= 4:
            pr += 1
            branch = f"refs/heads/pr-{pr}"
            tip = main
            touched: list[str] = []
            for k in range(3):
                when += step
                path = f"{area}/{slug}_{k}.py"
                touched.append(path)
                tip = _commit(
                    state,
                    branch,
                    person,
                    when,
                    f"{title}, part {k + 1}\n\nRefs {key}.",
                    [tip],
                    [_edit(state, path, n + k)],
                )
            n += 3
            when += step
            changes = [
                b"M 100644 inline " + p.encode() + b"\n" + _data("\n".join(state.lines[p]))
                for p in touched
            ]
            main = _commit(
                state,
                "refs/heads/main",
                person,
                when,
                f"Merge pull request #{pr} from {person[1].split('@')[0]}/{key}-{slug}\n\n{title}",
                [main, tip],
                changes,
            )
            state.out.append(
                f"reset {branch}\nfrom 0000000000000000000000000000000000000000\n".encode()
            )
            n += 1
        else:
            when += step
            path = f"{area}/module_{unit % 7}.py"
            changes = [_edit(state, path, n)]
            if n % 97 == 50 and f"{area}/module_{(unit + 1) % 7}.py" in state.lines:
                old = f"{area}/module_{(unit + 1) % 7}.py"
                new = f"{area}/renamed_{n}.py"
                state.lines[new] = state.lines.pop(old)
                changes.append(f'R "{old}" "{new}"\n'.encode())
            main = _commit(
                state,
                "refs/heads/main",
                person,
                when,
                f"{key}: tidy {slug.replace('-', ' ')} ({n})",
                [main] if main is not None else [],
                changes,
            )
            n += 1
        if n // TAG_EVERY != (n - 1) // TAG_EVERY or n == commits:
            release = n // TAG_EVERY
            tagger = ENGINEER if release % 2 else TEAMMATE
            state.out.append(
                f"tag v1.{release}.0\nfrom :{main}\ntagger ".encode()
                + _who(tagger, when)
                + b"\n"
                + _data(f"Release 1.{release}: {title.lower()}")
            )
    return b"".join(state.out)


def build(commits: int, out: Path) -> Path:
    """A new repository at ``out`` holding the history (``main`` checked out)."""
    out.mkdir(parents=True, exist_ok=True)
    run = {"cwd": out, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q", "-b", "main"], **run)  # type: ignore[call-overload]
    subprocess.run(  # type: ignore[call-overload]
        ["git", "fast-import", "--quiet"], input=stream(commits), **run
    )
    subprocess.run(["git", "config", "user.email", ENGINEER[1]], **run)  # type: ignore[call-overload]
    subprocess.run(["git", "config", "user.name", ENGINEER[0]], **run)  # type: ignore[call-overload]
    subprocess.run(["git", "checkout", "-q", "-f", "main"], **run)  # type: ignore[call-overload]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--commits", type=int, default=50_000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    build(args.commits, args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
