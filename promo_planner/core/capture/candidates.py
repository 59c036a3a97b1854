"""From a history to candidates: the engineer's work grouped the way people talk about it.

Each of the author's commits goes to exactly one piece of work, first match wins:

1. **merge**: it came into the main line through a merge commit (a pull request, a merge
   request, a merged branch); titled by the request's title or the branch name;
2. **pull-request**: it is a squash-merged pull request on the main line (``Title (#42)``);
3. **ticket**: its message names a ticket key (``PAY-123``): all of the author's commits with
   that key are one piece of work;
4. **topic**: the rest, grouped by the area of the tree they touch (``services/payments``)
   and split where two weeks pass without a commit there; a topic needs three commits or
   200 changed lines to be worth proposing.

**release** candidates sit beside these: a tag whose range (its commits since the earlier
tags) holds commits of the author's, or that the author tagged.

Commits already covered by a stored candidate (``covered``) are left out, and every candidate
carries a ``fingerprint`` built from the repository's root commit and what identifies the work
(the merge commit, the tag, the ticket and its first commit), so running capture again proposes
nothing twice.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from promo_planner.core.capture.gitlog import Commit, Tag
from promo_planner.core.capture.remote import Remote
from promo_planner.core.capture.titles import (
    merge_info,
    release_title,
    sentence,
    squashed_number,
    tickets_in,
    without_number,
    without_ticket,
)
from promo_planner.core.inbox import COMMITS_LISTED, FILES_KEPT, CandidateDraft

TOPIC_GAP = dt.timedelta(days=14)
TOPIC_MIN_COMMITS = 3
TOPIC_MIN_LINES = 200
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


@dataclass(frozen=True)
class Scope:
    """Whose work, from when, and what the inbox has already seen."""

    authors: frozenset[str]
    since: dt.date | None = None
    covered: frozenset[str] = frozenset()


def find_candidates(history: History, scope: Scope) -> list[CandidateDraft]:
    """Every piece of the authors' work in ``history`` not yet in the inbox, oldest first."""
    commits = history.commits
    found: list[CandidateDraft] = []
    taken: set[str] = set(scope.covered)

    def mine(shas: Iterable[str]) -> list[Commit]:
        return [
            commits[s]
            for s in shas
            if s not in taken
            and commits[s].email in scope.authors
            and len(commits[s].parents) < 2
            and _on_or_after(commits[s].authored, scope.since)
        ]

    for merge, merged in _merged_sets(history):
        work = mine(merged)
        if not work or not _on_or_after(merge.committed, scope.since):
            continue
        taken.update(c.sha for c in work)
        found.append(_merge_candidate(history, merge, work, merged))
    for sha in history.mainline:
        commit = commits[sha]
        number = squashed_number(commit.subject)
        if number is not None and mine([sha]):
            taken.add(sha)
            found.append(_squashed_candidate(history, commit, number))
    rest = mine(_newest_first(commits))
    by_ticket: dict[str, list[Commit]] = defaultdict(list)
    for commit in rest:
        keys = tickets_in(commit.subject) or tickets_in(commit.body)
        if keys:
            by_ticket[keys[0]].append(commit)
            taken.add(commit.sha)
    found += [_ticket_candidate(history, key, work) for key, work in by_ticket.items()]
    found += _topic_candidates(history, [c for c in rest if c.sha not in taken])
    found += _release_candidates(history, scope)
    found.sort(key=lambda c: (c.date, c.kind, c.title, c.fingerprint))
    return found


def _on_or_after(moment: dt.datetime, since: dt.date | None) -> bool:
    return since is None or moment.date() >= since


def _newest_first(commits: dict[str, Commit]) -> list[str]:
    return sorted(commits, key=lambda s: (commits[s].authored, s), reverse=True)


def _walk(start: Iterable[str], commits: dict[str, Commit], seen: set[str]) -> list[str]:
    """Commits reachable from ``start`` and not in ``seen`` (which grows to include them)."""
    out: list[str] = []
    stack = [s for s in start if s in commits and s not in seen]
    seen.update(stack)
    while stack:
        sha = stack.pop()
        out.append(sha)
        for parent in commits[sha].parents:
            if parent in commits and parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return out


def _merged_sets(history: History) -> list[tuple[Commit, list[str]]]:
    """Each merge of the main line with exactly the commits it brought in (those reachable from
    it but not from its first parent), found in one pass over the history, oldest first."""
    commits = history.commits
    seen: set[str] = set()
    out = []
    for sha in history.mainline:
        commit = commits[sha]
        if len(commit.parents) > 1:
            # Everything reachable from the first parent is in seen already (oldest first).
            out.append((commit, _walk(commit.parents[1:], commits, seen)))
        else:
            _walk(commit.parents, commits, seen)  # a no-op unless the chain was cut
        seen.add(sha)
    return out


# -- one candidate per kind -----------------------------------------------------------------


def _fingerprint(history: History, kind: str, key: str) -> str:
    return f"git:{history.root[:12]}:{kind}:{key}"


def _merge_candidate(
    history: History, merge: Commit, work: list[Commit], merged: list[str]
) -> CandidateDraft:
    info = merge_info(merge.message)
    remote = history.remote
    links: list[str] = []
    if remote is not None:
        if info.number is not None:
            links.append(remote.pull_request(info.number))
        else:
            links.append(remote.compare(merge.parents[0], merge.sha))
    what = f"Pull request #{info.number}" if info.number is not None else "Branch"
    branch = f" ({info.branch})" if info.branch else ""
    others = _others(history, merged, work)
    lead = (
        f"{what}{branch} merged on {merge.committed.date().isoformat()}:"
        f" {_count(len(work), 'commit')} by you{others}."
    )
    title = info.title
    if info.number is None and len(title.split()) < 3:
        # A branch name of a word or two ("Search") says little: add what its largest commit says.
        title = f"{title}: {sentence(_largest(work).subject)}"
    return _candidate(
        history, "merge", merge.sha, title, merge.committed, lead, work, links,
        about=merge.message,
    )  # fmt: skip


def _others(history: History, merged: list[str], work: list[Commit]) -> str:
    mine = {c.sha for c in work}
    theirs = [s for s in merged if s not in mine and len(history.commits[s].parents) < 2]
    return f" and {_count(len(theirs), 'commit')} by others" if theirs else ""


def _squashed_candidate(history: History, commit: Commit, number: int) -> CandidateDraft:
    links = [history.remote.pull_request(number)] if history.remote else []
    lead = f"Pull request #{number}, squash-merged on {commit.committed.date().isoformat()}."
    title = sentence(without_number(commit.subject))
    return _candidate(
        history, "pull-request", commit.sha, title, commit.committed, lead, [commit], links
    )


def _ticket_candidate(history: History, key: str, work: list[Commit]) -> CandidateDraft:
    main = _largest(work)
    title = f"{key}: {without_ticket(main.subject, key)}"
    last = max(c.authored for c in work)
    lead = f"{key}: {_count(len(work), 'commit')}, {_span(work)}."
    first = min(work, key=lambda c: (c.authored, c.sha))
    return _candidate(
        history, "ticket", f"{key}:{first.sha[:12]}", title, last, lead, work,
        _commit_links(history.remote, work),
    )  # fmt: skip


def _topic_candidates(history: History, rest: list[Commit]) -> list[CandidateDraft]:
    by_area: dict[str, list[Commit]] = defaultdict(list)
    for commit in sorted(rest, key=lambda c: (c.authored, c.sha)):
        by_area[_main_area(commit)].append(commit)
    out = []
    for area, work in by_area.items():
        groups: list[list[Commit]] = []
        for commit in work:
            if groups and commit.authored - groups[-1][-1].authored <= TOPIC_GAP:
                groups[-1].append(commit)
            else:
                groups.append([commit])
        out += [
            _topic_candidate(history, area, group)
            for group in groups
            if len(group) >= TOPIC_MIN_COMMITS or _lines(group) >= TOPIC_MIN_LINES
        ]
    return out


def _topic_candidate(history: History, area: str, work: list[Commit]) -> CandidateDraft:
    main = _largest(work)
    title = f"{area}: {sentence(main.subject)}" if area else sentence(main.subject)
    if len(work) > 1:
        title += f" (and {_count(len(work[1:]), 'more commit')})"
    last = max(c.authored for c in work)
    where = area or "the top folder"
    lead = f"{_count(len(work), 'commit')} in {where}, {_span(work)}."
    first = work[0]
    return _candidate(
        history, "topic", f"{area}:{first.sha[:12]}", title, last, lead, work,
        _commit_links(history.remote, work),
    )  # fmt: skip


def _release_candidates(history: History, scope: Scope) -> list[CandidateDraft]:
    commits = history.commits
    tags = sorted(
        (t for t in history.tags if t.commit in commits),
        key=lambda t: (commits[t.commit].committed, t.date, t.name),
    )
    seen: set[str] = set()
    out = []
    previous: Tag | None = None
    for tag in tags:
        shipped = _walk([tag.commit], commits, seen)
        work = [
            commits[s]
            for s in shipped
            if commits[s].email in scope.authors and len(commits[s].parents) < 2
        ]
        tagged_by_me = tag.tagger in scope.authors
        if (work or tagged_by_me) and _on_or_after(tag.date, scope.since):
            out.append(_release_candidate(history, tag, previous, work, shipped))
        previous = tag
    return out


def _release_candidate(
    history: History, tag: Tag, previous: Tag | None, work: list[Commit], shipped: list[str]
) -> CandidateDraft:
    remote = history.remote
    links: list[str] = []
    if remote is not None:
        links.append(remote.tag(tag.name))
        if previous is not None:
            links.append(remote.compare(previous.name, tag.name))
    total = sum(1 for s in shipped if len(history.commits[s].parents) < 2)
    since = f" since {previous.name}" if previous else ""
    lead = (
        f"Tagged {tag.name} on {tag.date.date().isoformat()}:"
        f" {len(work):,} of the {_count(total, 'commit')}{since} are yours."
    )
    title = release_title(tag.name, tag.subject)
    return _candidate(
        history, "release", tag.name, title, tag.date, lead, work, links, tags=("release",)
    )


# -- shared parts ---------------------------------------------------------------------------


def _candidate(
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
            description.append(f"- and {_count(len(work[COMMITS_LISTED:]), 'more commit')}")
    return CandidateDraft(
        fingerprint=_fingerprint(history, kind, key),
        source=f"git {history.name}",
        kind=kind,
        title=_shortened(_printable(title)),
        date=when.date(),
        description=_printable("\n".join(description), multiline=True),
        commits=tuple(c.sha for c in work),
        added=added,
        removed=removed,
        file_count=len(paths),
        files=tuple(_printable(p) for p in list(paths)[:FILES_KEPT]),
        areas=tuple(_printable(a) for a in areas if a),
        links=tuple(links),
        tags=tuple(
            dict.fromkeys(
                _printable(t) for t in [history.name.rsplit("/", 1)[-1], *tags, *keys[:3]]
            )
        ),
    )


TITLE_LENGTH = 200
# Bidirectional embeddings, overrides and isolates (as input_rules.BIDI_CONTROLS).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _printable(text: str, *, multiline: bool = False) -> str:
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


def _shortened(title: str) -> str:
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


def _main_area(commit: Commit) -> str:
    weights: Counter[str] = Counter()
    for change in commit.files:
        weights[area_of(change.path)] += (change.added or 0) + (change.removed or 0) + 1
    return weights.most_common(1)[0][0] if weights else ""


def _lines(work: Iterable[Commit]) -> int:
    return sum((f.added or 0) + (f.removed or 0) for c in work for f in c.files)


def _largest(work: list[Commit]) -> Commit:
    """The commit that says most about the work: the most changed lines, then the earliest."""
    return min(work, key=lambda c: (-_lines([c]), c.authored))


def _span(work: list[Commit]) -> str:
    first = min(c.authored for c in work).date()
    last = max(c.authored for c in work).date()
    return (
        f"on {first.isoformat()}" if first == last else f"{first.isoformat()} to {last.isoformat()}"
    )


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _commit_links(remote: Remote | None, work: list[Commit]) -> list[str]:
    """Links to the commits, newest first, at most five (a packet's reader opens a few)."""
    if remote is None:
        return []
    newest = sorted(work, key=lambda c: (c.authored, c.sha), reverse=True)
    return [remote.commit(c.sha) for c in newest[:5]]
