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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from promo_planner.core.capture.gitlog import Commit, Tag
from promo_planner.core.capture.titles import (
    merge_info,
    release_title,
    sentence,
    squashed_number,
    tickets_in,
    without_number,
    without_ticket,
)
from promo_planner.core.capture.work import (
    History,
    commit_links,
    count,
    describe,
    largest,
    lines_of,
    main_area,
    span,
)
from promo_planner.core.inbox import CandidateDraft

TOPIC_GAP = dt.timedelta(days=14)
TOPIC_MIN_COMMITS = 3
TOPIC_MIN_LINES = 200


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
        f" {count(len(work), 'commit')} by you{others}."
    )
    title = info.title
    if info.number is None and len(title.split()) < 3:
        # A branch name of a word or two ("Search") says little: add what its largest commit says.
        title = f"{title}: {sentence(largest(work).subject)}"
    return describe(
        history, "merge", merge.sha, title, merge.committed, lead, work, links,
        about=merge.message,
    )  # fmt: skip


def _others(history: History, merged: list[str], work: list[Commit]) -> str:
    mine = {c.sha for c in work}
    theirs = [s for s in merged if s not in mine and len(history.commits[s].parents) < 2]
    return f" and {count(len(theirs), 'commit')} by others" if theirs else ""


def _squashed_candidate(history: History, commit: Commit, number: int) -> CandidateDraft:
    links = [history.remote.pull_request(number)] if history.remote else []
    lead = f"Pull request #{number}, squash-merged on {commit.committed.date().isoformat()}."
    title = sentence(without_number(commit.subject))
    return describe(
        history, "pull-request", commit.sha, title, commit.committed, lead, [commit], links
    )


def _ticket_candidate(history: History, key: str, work: list[Commit]) -> CandidateDraft:
    main = largest(work)
    title = f"{key}: {without_ticket(main.subject, key)}"
    last = max(c.authored for c in work)
    lead = f"{key}: {count(len(work), 'commit')}, {span(work)}."
    first = min(work, key=lambda c: (c.authored, c.sha))
    return describe(
        history, "ticket", f"{key}:{first.sha[:12]}", title, last, lead, work,
        commit_links(history.remote, work),
    )  # fmt: skip


def _topic_candidates(history: History, rest: list[Commit]) -> list[CandidateDraft]:
    by_area: dict[str, list[Commit]] = defaultdict(list)
    for commit in sorted(rest, key=lambda c: (c.authored, c.sha)):
        by_area[main_area(commit)].append(commit)
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
            if len(group) >= TOPIC_MIN_COMMITS or lines_of(group) >= TOPIC_MIN_LINES
        ]
    return out


def _topic_candidate(history: History, area: str, work: list[Commit]) -> CandidateDraft:
    main = largest(work)
    title = f"{area}: {sentence(main.subject)}" if area else sentence(main.subject)
    if len(work) > 1:
        title += f" (and {count(len(work[1:]), 'more commit')})"
    last = max(c.authored for c in work)
    where = area or "the top folder"
    lead = f"{count(len(work), 'commit')} in {where}, {span(work)}."
    first = work[0]
    return describe(
        history, "topic", f"{area}:{first.sha[:12]}", title, last, lead, work,
        commit_links(history.remote, work),
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
        f" {len(work):,} of the {count(total, 'commit')}{since} are yours."
    )
    title = release_title(tag.name, tag.subject)
    return describe(
        history, "release", tag.name, title, tag.date, lead, work, links, tags=("release",)
    )
