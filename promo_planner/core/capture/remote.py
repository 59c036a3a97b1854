"""Web links for a repository's commits, comparisons, pull requests and tags, derived from
``remote.origin.url`` (SSH or HTTPS form) for GitHub, GitLab and Bitbucket style hosts.

A host whose kind cannot be told (it is none of those and its name does not say) gets no links:
a wrong link in a promotion packet is worse than none. Credentials in an HTTPS remote
(``https://user:token@host/...``) never reach a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit

Forge = Literal["github", "gitlab", "bitbucket"]

# scp-like SSH: git@github.com:owner/repo.git (no scheme, a colon before the path).
_SCP = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")


@dataclass(frozen=True)
class Remote:
    """A repository's home page on a known forge, and how that forge spells its links."""

    forge: Forge
    base: str
    """``https://github.com/owner/repo``: no credentials, no ``.git``."""

    def commit(self, sha: str) -> str:
        """The page of one commit."""
        return {
            "github": f"{self.base}/commit/{sha}",
            "gitlab": f"{self.base}/-/commit/{sha}",
            "bitbucket": f"{self.base}/commits/{sha}",
        }[self.forge]

    def compare(self, old: str, new: str) -> str:
        """The changes from ``old`` to ``new`` (commits or tags)."""
        old, new = _ref(old), _ref(new)
        return {
            "github": f"{self.base}/compare/{old}...{new}",
            "gitlab": f"{self.base}/-/compare/{old}...{new}",
            "bitbucket": f"{self.base}/branches/compare/{new}%0D{old}",
        }[self.forge]

    def pull_request(self, number: int) -> str:
        """A pull request (GitHub, Bitbucket) or merge request (GitLab) by its number."""
        return {
            "github": f"{self.base}/pull/{number}",
            "gitlab": f"{self.base}/-/merge_requests/{number}",
            "bitbucket": f"{self.base}/pull-requests/{number}",
        }[self.forge]

    def tag(self, name: str) -> str:
        """A tag's release page (GitHub) or tag page."""
        name = _ref(name)
        return {
            "github": f"{self.base}/releases/tag/{name}",
            "gitlab": f"{self.base}/-/tags/{name}",
            "bitbucket": f"{self.base}/src/{name}",
        }[self.forge]

    @property
    def name(self) -> str:
        """``owner/repo``, as people name the repository."""
        return urlsplit(self.base).path.strip("/")


def _ref(name: str) -> str:
    return quote(name, safe="/.-_~")


def parse_remote(url: str | None) -> Remote | None:
    """The web home of ``url`` (``git@github.com:o/r.git``, ``ssh://git@host:22/o/r``,
    ``https://user@bitbucket.org/o/r.git``), or None when it is local or of an unknown kind."""
    if not url:
        return None
    url = url.strip()
    if "://" in url:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http", "ssh", "git", "git+ssh", "ssh+git"):
            return None  # file://, a local path: no web page
        host, path = parts.hostname or "", parts.path
    else:
        found = _SCP.match(url)
        if found is None:
            return None
        host, path = found["host"], found["path"]
    path = path.strip("/").removesuffix(".git").strip("/")
    host = host.lower()
    forge = _forge(host)
    if forge is None or not host or path.count("/") < 1 or any(c.isspace() for c in path):
        return None
    return Remote(forge, f"https://{host}/{path}")


def _forge(host: str) -> Forge | None:
    forges: tuple[Forge, ...] = ("github", "gitlab", "bitbucket")
    for forge in forges:
        # github.com, github.example.com (Enterprise), gitlab.example.org, bitbucket.org
        if forge in host.split("."):
            return forge
    return None
