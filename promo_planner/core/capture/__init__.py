"""Capture: the engineer's work read from where it already is, proposed as inbox candidates.

* ``gitlog``: the repository checked and its history streamed from ``git log``;
* ``candidates``: the author's commits grouped into merges, pull requests, tickets, topics
  and releases;
* ``titles``: readable names from merge messages, branch names, tickets and tags;
* ``remote``: web links from ``remote.origin.url``.

``read_git`` reads a repository whole; ``add_to_inbox`` puts what is new in the portfolio's inbox.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass

from promo_planner.core.capture.candidates import Scope, find_candidates
from promo_planner.core.capture.gitlog import open_repository, read_history
from promo_planner.core.capture.remote import parse_remote
from promo_planner.core.capture.work import History
from promo_planner.core.errors import InputError
from promo_planner.core.inbox import Candidate, CandidateDraft
from promo_planner.core.store import Store


def read_git(
    path: str | os.PathLike[str], authors: Sequence[str] = ()
) -> tuple[History, frozenset[str]]:
    """The repository at ``path`` read whole, and whose work to look for: ``authors``, or
    the repository's ``user.email`` when none are given (InputError when neither is known)."""
    repo = open_repository(path)
    emails = frozenset(a.strip().casefold() for a in authors if a.strip())
    if not emails:
        if not repo.user_email:
            raise InputError(
                f"{repo.top}: whose work? git config user.email is not set there;"
                " give --author EMAIL"
            )
        emails = frozenset([repo.user_email.casefold()])
    commits = {c.sha: c for c in read_history(repo, emails)}
    chain: list[str] = []
    sha = repo.tip
    while sha is not None and sha in commits:
        chain.append(sha)
        parents = commits[sha].parents
        sha = parents[0] if parents else None
    chain.reverse()
    remote = parse_remote(repo.remote_url)
    history = History(
        commits=commits,
        mainline=chain,
        tags=repo.tags,
        remote=remote,
        name=remote.name if remote else repo.top.name,
        root=chain[0] if chain else "",
    )
    return history, emails


@dataclass(frozen=True)
class CaptureResult:
    """What one capture run found and what it added to the inbox."""

    repository: str
    authors: frozenset[str]
    commits_read: int
    authored: int
    """How many of the commits read are the authors' (0: perhaps the wrong email)."""
    found: tuple[CandidateDraft, ...]
    added: tuple[Candidate, ...]


def add_to_inbox(
    store: Store,
    history: History,
    authors: frozenset[str],
    *,
    since: dt.date | None = None,
) -> CaptureResult:
    """Put the authors' work in ``history`` since ``since`` in the portfolio's inbox, leaving
    out commits and candidates the inbox has already seen (pending, accepted or dismissed)."""
    scope = Scope(authors=authors, since=since, covered=store.inbox_commits())
    found = find_candidates(history, scope)
    added = store.add_candidates(found)
    return CaptureResult(
        repository=history.name,
        authors=authors,
        commits_read=len(history.commits),
        authored=sum(1 for c in history.commits.values() if c.email in authors),
        found=tuple(found),
        added=tuple(added),
    )


__all__ = ["CaptureResult", "History", "Scope", "add_to_inbox", "find_candidates", "read_git"]
