"""A piece of work described: the repository it is in, and the candidate made of the author's
commits (title, dates, size, files and areas, links, tags), shared by every kind ``candidates``
finds.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from promo_planner.core.capture.gitlog import Commit, Tag
from promo_planner.core.capture.remote import Remote
from promo_planner.core.capture.titles import tickets_in
from promo_planner.core.inbox import COMMITS_LISTED, FILES_KEPT, CandidateDraft

# Folders that hold areas rather than being one: services/payments is the area, not services.
_CONTAINERS = frozenset(
    {
        "src", "lib", "libs", "pkg", "pkgs", "packages", "services", "apps", "app",
        "internal", "cmd", "modules", "components", "projects", "plugins", "crates", "tools",
    }
)  # fmt: skip


@dataclass(frozen=True)
class History:
    """A repository's history as capture groups it."""

    commits: dict[str, Commit]
    """Every commit read, by hash."""
    mainline: list[str]
    """The main line's first-parent chain, oldest first."""
    tags: Sequence[Tag]
    remote: Remote | None
    name: str
    """The repository as people name it (``owner/repo``, else its folder's name)."""
    root: str
    """The main line's root commit: the repository's identity across clones and moves."""


def fingerprint(history: History, kind: str, key: str) -> str:
    """The candidate's identity: the repository's root commit, its kind and its key."""
    return f"git:{history.root[:12]}:{kind}:{key}"


def describe(
    history: History,
    kind: str,
    key: str,
    title: str,
    when: dt.datetime,
    lead: str,
    work: list[Commit],
    links: list[str],
    tags: tuple[str, ...] = (),
    about: str = "",
) -> CandidateDraft:
    """A candidate of ``work`` (the author's commits); ``about``: more text that may name its
    ticket (a merge message with the branch name)."""
    work = sorted(work, key=lambda c: (c.authored, c.sha), reverse=True)
    paths: dict[str, None] = {}
    added = removed = 0
    lines_by_area: Counter[str] = Counter()
    for commit in reversed(work):  # oldest first, so a renamed file is one file
        for change in commit.files:
            if change.renamed_from in paths:
                del paths[change.renamed_from]
            paths.setdefault(change.path)
            added += change.added or 0
            removed += change.removed or 0
            lines_by_area[area_of(change.path)] += (change.added or 0) + (change.removed or 0) + 1
    areas = tuple(area for area, _ in lines_by_area.most_common(3))
    keys = (
        []
        if kind == "release"
        else tickets_in("\n".join([title, about, *(c.message for c in work)]))
    )
    description = [lead]
    if areas:
        description.append(f"Areas: {', '.join(a or '(top folder)' for a in areas)}.")
    if work:
        description.append("")
        description += [f"- {c.sha[:8]} {c.subject}" for c in work[:COMMITS_LISTED]]
        if len(work) > COMMITS_LISTED:
            description.append(f"- and {count(len(work[COMMITS_LISTED:]), 'more commit')}")
    return CandidateDraft(
        fingerprint=fingerprint(history, kind, key),
        source=f"git {history.name}",
        kind=kind,
        title=shortened(printable(title)),
        date=when.date(),
        description=printable("\n".join(description), multiline=True),
        commits=tuple(c.sha for c in work),
        added=added,
        removed=removed,
        file_count=len(paths),
        files=tuple(printable(p) for p in list(paths)[:FILES_KEPT]),
        areas=tuple(printable(a) for a in areas if a),
        links=tuple(links),
        tags=tuple(
            dict.fromkeys(printable(t) for t in [history.name.rsplit("/", 1)[-1], *tags, *keys[:3]])
        ),
    )


TITLE_LENGTH = 200
# Bidirectional embeddings, overrides and isolates (as input_rules.BIDI_CONTROLS).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str, *, multiline: bool = False) -> str:
    """Commit messages and paths may hold control or bidi characters (an escape sequence in a
    subject): they become spaces, so a candidate is text the inbox can show and accept."""
    kept = []
    for ch in text:
        if multiline and ch == "\n":
            kept.append(ch)
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs"):
            kept.append(" ")
        else:
            kept.append(ch)
    return "".join(kept)


def shortened(title: str) -> str:
    """A title of at most ``TITLE_LENGTH`` characters, cut at a word with an ellipsis."""
    title = " ".join(title.split())
    if len(title) <= TITLE_LENGTH:
        return title
    return title[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def area_of(path: str) -> str:
    """The part of the tree a path belongs to: its first folder, or its first two when the
    first only holds areas (``services/payments/api.py`` → ``services/payments``); ``""`` for
    a file at the top."""
    parts = path.split("/")
    if len(parts) == 1:
        return ""
    if parts[0] in _CONTAINERS and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0]


def main_area(commit: Commit) -> str:
    """The area where a commit changed the most lines."""
    weights: Counter[str] = Counter()
    for change in commit.files:
        weights[area_of(change.path)] += (change.added or 0) + (change.removed or 0) + 1
    return weights.most_common(1)[0][0] if weights else ""


def lines_of(work: Iterable[Commit]) -> int:
    """Lines added and removed by these commits."""
    return sum((f.added or 0) + (f.removed or 0) for c in work for f in c.files)


def largest(work: list[Commit]) -> Commit:
    """The commit that says most about the work: the most changed lines, then the earliest."""
    return min(work, key=lambda c: (-lines_of([c]), c.authored))


def span(work: list[Commit]) -> str:
    """When the commits were made: ``on DAY`` or ``FIRST to LAST``."""
    first = min(c.authored for c in work).date()
    last = max(c.authored for c in work).date()
    return (
        f"on {first.isoformat()}" if first == last else f"{first.isoformat()} to {last.isoformat()}"
    )


def count(n: int, word: str) -> str:
    """``1 commit``, ``2 commits``, ``1,204 commits``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def commit_links(remote: Remote | None, work: list[Commit]) -> list[str]:
    """Links to the commits, newest first, at most five (a packet's reader opens a few)."""
    if remote is None:
        return []
    newest = sorted(work, key=lambda c: (c.authored, c.sha), reverse=True)
    return [remote.commit(c.sha) for c in newest[:5]]
