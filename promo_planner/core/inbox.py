"""The inbox: work that capture found, waiting for the engineer's yes before it is evidence.

A ``CandidateDraft`` is what a capture source proposes (``capture/`` reads git); the store
keeps it as a ``Candidate`` with a status. Accepting one makes evidence of it
(``evidence_draft``) with the criteria the engineer picks; dismissing one keeps it, so the
same work is never proposed again (the ``fingerprint`` is unique in the portfolio).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from promo_planner.core.records import CriterionLink, EvidenceDraft

CandidateStatus = Literal["pending", "accepted", "dismissed"]
STATUSES: tuple[CandidateStatus, ...] = ("pending", "accepted", "dismissed")
# The kind every accepted git candidate gets as evidence.
GIT_KIND = "git"
# How many commit lines a candidate's description lists before "and N more".
COMMITS_LISTED = 12


@dataclass(frozen=True)
class CandidateDraft:
    """A piece of work a capture source found: what it was, when, and how big.

    ``kind`` says how it was found (``merge``, ``pull-request``, ``release``, ``ticket``,
    ``topic``); ``commits`` are the engineer's commits it covers (full hashes, newest first);
    ``files`` the paths they touched (at most ``FILES_KEPT``, ``file_count`` counts them all).
    """

    fingerprint: str
    source: str
    kind: str
    title: str
    date: dt.date
    description: str = ""
    commits: tuple[str, ...] = ()
    added: int = 0
    removed: int = 0
    file_count: int = 0
    files: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def impact(self) -> tuple[str, ...]:
        """The data points the evidence gets: the size of the change as a reader weighs it."""
        if not self.commits:
            return ()
        commits = _plural(len(self.commits), "commit")
        if not self.file_count:
            return (commits,)
        files = _plural(self.file_count, "file")
        return (f"+{self.added:,} / −{self.removed:,} lines in {files} ({commits})",)


FILES_KEPT = 200


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Candidate(CandidateDraft):
    """A stored candidate: its number in the inbox, its status and when it was found."""

    id: int = 0
    status: CandidateStatus = "pending"
    found_at: dt.datetime = dt.datetime(1970, 1, 1)
    closed_at: dt.datetime | None = None
    evidence_id: int | None = None
    """The evidence accepting it made (None when pending, dismissed or that evidence is gone)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``inbox list --json``."""
        return {
            "id": self.id,
            "status": self.status,
            "source": self.source,
            "kind": self.kind,
            "title": self.title,
            "date": self.date.isoformat(),
            "description": self.description,
            "impact": list(self.impact),
            "commits": list(self.commits),
            "lines_added": self.added,
            "lines_removed": self.removed,
            "file_count": self.file_count,
            "files": list(self.files),
            "areas": list(self.areas),
            "links": list(self.links),
            "tags": list(self.tags),
            "fingerprint": self.fingerprint,
            "found_at": self.found_at.isoformat(sep=" "),
            "evidence_id": self.evidence_id,
        }


def evidence_draft(
    candidate: CandidateDraft, criteria: tuple[CriterionLink, ...] = ()
) -> EvidenceDraft:
    """The evidence a candidate becomes when the engineer accepts it, linked to ``criteria``."""
    return EvidenceDraft(
        title=candidate.title,
        date=candidate.date,
        description=candidate.description,
        impact=candidate.impact,
        links=candidate.links,
        tags=candidate.tags,
        kind=GIT_KIND,
        criteria=criteria,
    )


def search_words(candidate: CandidateDraft) -> str:
    """The text a candidate is matched on (suggestions): title, description, impact, tags,
    areas and file paths."""
    return "\n".join(
        [
            candidate.title,
            candidate.description,
            *candidate.impact,
            *candidate.tags,
            *candidate.areas,
            *candidate.files,
        ]
    )
