"""Readable names and web links for found work: what GitHub, GitLab, Bitbucket and git write."""

from __future__ import annotations

import pytest

from promo_planner.core.capture.remote import parse_remote
from promo_planner.core.capture.titles import (
    branch_title,
    merge_info,
    release_title,
    tickets_in,
    without_ticket,
)


@pytest.mark.parametrize(
    ("message", "number", "branch", "title"),
    [
        ("Merge pull request #42 from ada/PAY-1-retry\n\nRetry failed payments", 42, "PAY-1-retry",
         "Retry failed payments"),
        ("Merge pull request #5 from ada/fix-login", 5, "fix-login", "Fix login"),
        ("Merge branch 'feature/retry' into 'main'\n\nRetry things\n\nSee merge request g/p!17",
         17, "feature/retry", "Retry things"),
        ("Merge branch 'feature/retry' into 'main'\n\nSee merge request g/p!17", 17,
         "feature/retry", "Retry"),
        ("Merged in feature/card-errors (pull request #7)\n\nApproved-by: Zoe", 7,
         "feature/card-errors", "Card errors"),
        ("Merge branch 'ada/OPS-3_queue_alerts'", None, "ada/OPS-3_queue_alerts",
         "OPS-3: Queue alerts"),
        ("Merge remote-tracking branch 'origin/release/2.3'", None, "origin/release/2.3",
         "Release 2.3"),
        ("Combine the two parsers", None, None, "Combine the two parsers"),
    ],
)  # fmt: skip
def test_merge_titles(message: str, number: int | None, branch: str | None, title: str) -> None:
    info = merge_info(message)
    assert (info.number, info.branch, info.title) == (number, branch, title)


def test_branch_titles_keep_the_ticket_and_drop_owner_and_kind() -> None:
    assert branch_title("ada/feature/PAY-123-retry-payments") == "PAY-123: Retry payments"
    assert branch_title("feature/retry_payments") == "Retry payments"
    assert branch_title("PAY-9") == "PAY-9"


def test_release_titles() -> None:
    assert release_title("v1.3.0", "Release 1.3: faster search") == "Release 1.3: faster search"
    assert release_title("v2.0", "Big launch") == "v2.0: Big launch"
    assert release_title("v1.0", "") == "Release v1.0"
    assert release_title("v1.10.0", "Release 1.1: x") == "v1.10.0: Release 1.1: x"  # not 1.10


def test_tickets_are_keys_not_standards() -> None:
    assert tickets_in("PAY-1 and OPS-22, PAY-1 again; UTF-8, SHA-256, ISO-8601, abc-1") == [
        "PAY-1",
        "OPS-22",
    ]
    assert tickets_in("branch PAY-12-retry-payments") == ["PAY-12"]
    assert without_ticket("PAY-12: retry payments", "PAY-12") == "Retry payments"
    assert without_ticket("[OPS-3] fix alerts", "OPS-3") == "Fix alerts"


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("git@github.com:acme/shop.git", "https://github.com/acme/shop"),
        ("https://github.com/acme/shop", "https://github.com/acme/shop"),
        ("https://ada:s3cret-token@github.com/acme/shop.git", "https://github.com/acme/shop"),
        ("ssh://git@gitlab.example.com:2222/group/sub/proj.git",
         "https://gitlab.example.com/group/sub/proj"),
        ("https://ada@bitbucket.org/acme/shop.git", "https://bitbucket.org/acme/shop"),
        ("git@github.example.com:acme/shop.git", "https://github.example.com/acme/shop"),
    ],
)  # fmt: skip
def test_remotes_give_web_homes_without_credentials(url: str, base: str) -> None:
    remote = parse_remote(url)
    assert remote is not None and remote.base == base
    assert "s3cret" not in remote.commit("abc")


@pytest.mark.parametrize(
    "url", [None, "", "/srv/git/shop.git", "file:///srv/git/shop.git", "git@example.com:a/b.git"]
)
def test_local_or_unknown_remotes_give_no_links(url: str | None) -> None:
    assert parse_remote(url) is None


def test_each_forge_spells_its_links() -> None:
    gh = parse_remote("git@github.com:a/b.git")
    gl = parse_remote("git@gitlab.com:a/b.git")
    bb = parse_remote("git@bitbucket.org:a/b.git")
    assert gh and gl and bb
    assert (gh.pull_request(3), gl.pull_request(3), bb.pull_request(3)) == (
        "https://github.com/a/b/pull/3",
        "https://gitlab.com/a/b/-/merge_requests/3",
        "https://bitbucket.org/a/b/pull-requests/3",
    )
    assert (gh.compare("v1", "v2"), gl.compare("v1", "v2"), bb.compare("v1", "v2")) == (
        "https://github.com/a/b/compare/v1...v2",
        "https://gitlab.com/a/b/-/compare/v1...v2",
        "https://bitbucket.org/a/b/branches/compare/v2%0Dv1",
    )
    assert (gh.tag("v1 rc"), gl.commit("abc"), bb.commit("abc")) == (
        "https://github.com/a/b/releases/tag/v1%20rc",
        "https://gitlab.com/a/b/-/commit/abc",
        "https://bitbucket.org/a/b/commits/abc",
    )
