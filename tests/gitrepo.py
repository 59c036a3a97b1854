"""Real git repositories for tests, made with the git binary (commits dated as the test says).

``team_repo(path)`` builds the shop repository the capture tests read::

    2026-01-05  ada  Add the README                                      (main)
    2026-01-06  bob  Set up CI                                           (main)
    2026-01-10  ada  Retry failed payments              \\ branch PAY-12-retry-payments
    2026-01-11  ada  Move the retry helper (a rename)   /  merged by bob as pull request #7
    2026-01-12  bob  Merge pull request #7 from ada/PAY-12-retry-payments
    2026-01-13  bob  Index products for search          \\ branch feature/search, one commit
    2026-01-14  ada  Rank search results by recency     /  each, merged with git merge
    2026-01-15  bob  Merge branch 'feature/search'
    2026-01-20  ada  OPS-3: alert on queue depth                        (main)
    2026-01-21  ada  OPS-3: tune the alert thresholds                   (main)
    2026-01-25       tag v1.0, annotated by bob: "Release 1.0: payment retries"
    2026-02-01  ada  Validate the card number  \\
    2026-02-03  ada  Validate the expiry date   > web/checkout, no ticket: a topic
    2026-02-05  ada  Show card errors inline   /
    2026-02-10  ada  Add idempotency keys (#9)                          (a squash merge)
    2026-02-12       tag v1.1 (lightweight)

with ``origin`` at ``git@github.com:acme/shop.git`` and ``user.email`` ada's.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ADA = ("Ada Lovelace", "ada@example.com")
BOB = ("Bob Builder", "bob@example.com")


def git(repo: Path, *args: str, who: tuple[str, str] = ADA, day: str = "2026-01-01") -> str:
    """Run git in ``repo`` as ``who`` on ``day`` (noon UTC); returns its stdout."""
    stamp = f"{day}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": who[0],
        "GIT_COMMITTER_EMAIL": who[1],
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def write(repo: Path, path: str, lines: int, start: int = 0) -> None:
    """Write ``lines`` numbered lines (from ``start``) to ``path`` in ``repo``."""
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(f"line {i}\n" for i in range(start, start + lines)))


def commit(repo: Path, message: str, who: tuple[str, str], day: str) -> str:
    """Stage everything and commit; returns the new commit's hash."""
    git(repo, "add", "-A", who=who, day=day)
    git(repo, "commit", "-q", "-m", message, who=who, day=day)
    return git(repo, "rev-parse", "HEAD").strip()


def init(repo: Path) -> Path:
    """An empty repository on ``main`` with ada as ``user.email``."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", ADA[1])
    git(repo, "config", "user.name", ADA[0])
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "config", "tag.gpgsign", "false")
    return repo


def team_repo(repo: Path) -> dict[str, str]:
    """Build the shop repository at ``repo``; returns the hashes by a short name."""
    init(repo)
    git(repo, "remote", "add", "origin", "git@github.com:acme/shop.git")
    sha: dict[str, str] = {}
    write(repo, "README.md", 3)
    sha["readme"] = commit(repo, "Add the README", ADA, "2026-01-05")
    write(repo, ".ci/config.yml", 4)
    sha["ci"] = commit(repo, "Set up CI", BOB, "2026-01-06")

    git(repo, "checkout", "-q", "-b", "PAY-12-retry-payments")
    write(repo, "services/payments/helpers.py", 40)
    write(repo, "services/payments/retry_test.py", 12)
    sha["retry"] = commit(repo, "Retry failed payments", ADA, "2026-01-10")
    git(repo, "mv", "services/payments/helpers.py", "services/payments/retry.py")
    write(repo, "services/payments/retry.py", 42)  # the 40 lines kept, 2 added
    sha["rename"] = commit(repo, "Move the retry helper", ADA, "2026-01-11")
    git(repo, "checkout", "-q", "main")
    git(
        repo, "merge", "-q", "--no-ff", "PAY-12-retry-payments",
        "-m", "Merge pull request #7 from ada/PAY-12-retry-payments",
        "-m", "Retry failed payments with backoff",
        who=BOB, day="2026-01-12",
    )  # fmt: skip
    sha["merge7"] = git(repo, "rev-parse", "HEAD").strip()

    git(repo, "checkout", "-q", "-b", "feature/search")
    write(repo, "services/search/index.py", 20)
    sha["index"] = commit(repo, "Index products for search", BOB, "2026-01-13")
    write(repo, "services/search/rank.py", 15)
    sha["rank"] = commit(repo, "Rank search results by recency", ADA, "2026-01-14")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "feature/search", who=BOB, day="2026-01-15")
    sha["merge_search"] = git(repo, "rev-parse", "HEAD").strip()

    write(repo, "infra/alerts.yml", 6)
    sha["ops1"] = commit(repo, "OPS-3: alert on queue depth", ADA, "2026-01-20")
    write(repo, "infra/alerts.yml", 9, start=2)
    sha["ops2"] = commit(repo, "OPS-3: tune the alert thresholds", ADA, "2026-01-21")
    git(repo, "tag", "-a", "v1.0", "-m", "Release 1.0: payment retries", who=BOB, day="2026-01-25")

    write(repo, "web/checkout/card.js", 8)
    sha["card"] = commit(repo, "Validate the card number", ADA, "2026-02-01")
    write(repo, "web/checkout/expiry.js", 5)
    sha["expiry"] = commit(repo, "Validate the expiry date", ADA, "2026-02-03")
    write(repo, "web/checkout/card.js", 10)
    sha["errors"] = commit(repo, "Show card errors inline", ADA, "2026-02-05")
    write(repo, "services/payments/idempotency.py", 30)
    sha["squash"] = commit(repo, "Add idempotency keys (#9)", ADA, "2026-02-10")
    git(repo, "tag", "v1.1", who=ADA, day="2026-02-12")
    return sha
