"""Readable names for found work: a merge's pull-request title or branch, a ticket key, a tag.

Pure text functions, so each rule is tested on the messages GitHub, GitLab and Bitbucket write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# PAY-123, OPS-7, ABC2-45: upper-case project key, dash, number (Jira, Linear, YouTrack style).
TICKET = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9})-([1-9][0-9]{0,6})(?![A-Za-z0-9])")
# Names of standards and versions that look like ticket keys: UTF-8 is not a ticket.
_NOT_TICKETS = frozenset(
    {"UTF", "UCS", "SHA", "MD", "ISO", "RFC", "CVE", "HTTP", "TLS", "SSL", "AES", "RSA", "PEP",
     "ES", "ECMA", "GPT", "IPV", "IEEE", "ANSI", "UUID", "WCAG", "OWASP", "CWE"}
)  # fmt: skip
_GITHUB = re.compile(r"^Merge pull request #(\d+) from (\S+)")
_GITLAB = re.compile(r"^Merge branch '([^']+)' into '[^']+'")
_GITLAB_MR = re.compile(r"^See merge request \S*!(\d+)\s*$", re.MULTILINE)
_BITBUCKET = re.compile(r"^Merged in (\S+) \(pull request #(\d+)\)")
_PLAIN = re.compile(r"^Merge (?:remote-tracking )?branch '([^']+)'")
_TRAILER = re.compile(r"^[A-Za-z][A-Za-z-]*-by:\s", re.IGNORECASE)
_SQUASHED = re.compile(r"\s*\(#(\d+)\)\s*$")


@dataclass(frozen=True)
class MergeInfo:
    """What a merge commit's message says: the request's number, the branch, its title."""

    number: int | None
    branch: str | None
    title: str


def merge_info(message: str) -> MergeInfo:
    """Read a merge message as GitHub, GitLab, Bitbucket or ``git merge`` wrote it."""
    subject, _, body = message.partition("\n")
    lines = [line.strip() for line in body.strip().splitlines() if line.strip()]
    # The request's title is the first line of the body that is not a trailer git or the
    # forge added (Approved-by:, Signed-off-by:, See merge request).
    first = next(
        (line for line in lines if not _GITLAB_MR.match(line) and not _TRAILER.match(line)), ""
    )
    if found := _GITHUB.match(subject):
        branch = found[2].split("/", 1)[1] if "/" in found[2] else found[2]
        return MergeInfo(int(found[1]), branch, first or branch_title(branch))
    if found := _GITLAB.match(subject):
        mr = _GITLAB_MR.search(body)
        return MergeInfo(int(mr[1]) if mr else None, found[1], first or branch_title(found[1]))
    if found := _BITBUCKET.match(subject):
        return MergeInfo(int(found[2]), found[1], first or branch_title(found[1]))
    if found := _PLAIN.match(subject):
        return MergeInfo(None, found[1], branch_title(found[1]))
    return MergeInfo(None, None, sentence(subject))


def branch_title(branch: str) -> str:
    """``ada/feature/PAY-123-retry-payments`` → ``PAY-123: Retry payments``: the last part of
    the branch name (owner and kind prefixes say nothing about the work), a leading ticket key
    kept as the key."""
    parts = [part for part in branch.split("/") if part]
    name = parts[-1] if parts else branch
    if not any(ch.isalpha() for ch in name):
        name = " ".join(parts[-2:])  # release/2.3: the prefix is all there is to say
    key = ""
    found = _LEADING_TICKET.match(name)
    if found:
        key, name = found[1], found[2]
    words = re.sub(r"[-_]+", " ", name).strip()
    if not words:
        return key or branch
    return f"{key}: {sentence(words)}" if key else sentence(words)


_LEADING_TICKET = re.compile(r"([A-Z][A-Z0-9]{1,9}-[1-9][0-9]{0,6})(?:[-_ ]+|$)(.*)$")


def sentence(text: str) -> str:
    """Text with its first letter capitalised (the rest as written)."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def squashed_number(subject: str) -> int | None:
    """The pull request number a squash merge leaves at the end: ``Add retries (#42)``."""
    found = _SQUASHED.search(subject)
    return int(found[1]) if found else None


def without_number(subject: str) -> str:
    """A squash merge's subject without its ``(#42)``."""
    return _SQUASHED.sub("", subject)


def tickets_in(text: str) -> list[str]:
    """Ticket keys in ``text``, first occurrence order, each once."""
    return list(
        dict.fromkeys(
            f"{found[1]}-{found[2]}"
            for found in TICKET.finditer(text)
            if found[1] not in _NOT_TICKETS
        )
    )


_KEY_WITH_PUNCTUATION = re.compile(
    r"[\[(]?(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9}-[1-9][0-9]{0,6})(?![A-Za-z0-9])[\])]?\s*[:\-–]?\s*"
)


def without_ticket(subject: str, key: str) -> str:
    """``PAY-12: retry payments`` → ``Retry payments`` (the key and its punctuation gone)."""
    for found in _KEY_WITH_PUNCTUATION.finditer(subject):
        if found[1] == key:
            cleaned = subject[: found.start()] + subject[found.end() :]
            return sentence(cleaned) if cleaned.strip() else subject
    return subject


def release_title(tag: str, subject: str) -> str:
    """``v1.3.0`` with its annotation: the annotation when it names the version, ``v1.3.0:
    annotation`` when it does not, ``Release v1.3.0`` when there is none."""
    subject = subject.strip()
    if not subject or subject.casefold() == tag.casefold():
        return f"Release {tag}"
    version = tag.lstrip("vV")
    if version and version.split(".")[0].isdigit() and _names_version(subject, version):
        return sentence(subject)
    return f"{tag}: {sentence(subject)}"


def _names_version(subject: str, version: str) -> bool:
    # "Release 1.3: ..." names v1.3.0; "Release 1.3.0" too.
    numbers = version.split(".")
    while numbers:
        if re.search(rf"(?<![\d.]){re.escape('.'.join(numbers))}(?![\d])", subject):
            return True
        if numbers[-1] != "0":
            return False
        numbers.pop()
    return False
