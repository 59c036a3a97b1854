"""capture reads a real repository (made with the git binary) and proposes the author's work:
merged pull requests and branches, a squash merge, a ticket, a topic, releases; with sizes that
count a rename as the lines it changed, forge links, and nothing proposed twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from promo_planner.core.capture import add_to_inbox, find_candidates, read_git
from promo_planner.core.capture.candidates import Scope
from promo_planner.core.errors import InputError
from promo_planner.core.inbox import CandidateDraft
from promo_planner.core.store import Store
from tests.gitrepo import ADA, commit, git, init, team_repo, write


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("shop")
    return repo, team_repo(repo)


def by_kind(found: list[CandidateDraft]) -> dict[str, list[CandidateDraft]]:
    out: dict[str, list[CandidateDraft]] = {}
    for c in found:
        out.setdefault(c.kind, []).append(c)
    return out


def test_the_authors_work_as_people_name_it(shop: tuple[Path, dict[str, str]]) -> None:
    repo, sha = shop
    history, authors = read_git(repo)  # the author defaults to the repository's user.email
    assert authors == {"ada@example.com"}
    found = by_kind(find_candidates(history, Scope(authors)))
    assert sorted(found) == ["merge", "pull-request", "release", "ticket", "topic"]

    pr7, search = found["merge"]
    assert pr7.title == "Retry failed payments with backoff"  # the pull request's title
    assert pr7.date == dt.date(2026, 1, 12)
    assert pr7.commits == (sha["rename"], sha["retry"])  # newest first; not bob's merge commit
    # The rename counts as the 2 lines it added, not as a deleted and a new 40-line file.
    assert (pr7.added, pr7.removed) == (40 + 12 + 2, 0)
    # The renamed helper is one file, under its new name.
    assert set(pr7.files) == {"services/payments/retry.py", "services/payments/retry_test.py"}
    assert pr7.areas == ("services/payments",)
    assert pr7.links == ("https://github.com/acme/shop/pull/7",)
    assert "PAY-12" in pr7.tags and "shop" in pr7.tags
    assert pr7.impact == ("+54 / −0 lines in 2 files (2 commits)",)
    assert pr7.description.startswith(
        "Pull request #7 (PAY-12-retry-payments) merged on 2026-01-12: 2 commits by you."
    )

    # A plain `git merge` of a branch with one commit of each author's: titled by the branch
    # and, as one word says little, ada's commit; only hers counted, bob's mentioned, a compare
    # link for want of a request number.
    assert search.title == "Search: Rank search results by recency"
    assert search.commits == (sha["rank"],)
    assert "1 commit by you and 1 commit by others" in search.description
    parent = git(repo, "rev-parse", f"{sha['merge_search']}^1").strip()
    assert search.links == (
        f"https://github.com/acme/shop/compare/{parent}...{sha['merge_search']}",
    )

    (squash,) = found["pull-request"]
    assert (squash.title, squash.commits) == ("Add idempotency keys", (sha["squash"],))
    assert squash.links == ("https://github.com/acme/shop/pull/9",)

    (ticket,) = found["ticket"]
    assert ticket.title == "OPS-3: Tune the alert thresholds"  # the larger of the two commits
    assert ticket.commits == (sha["ops2"], sha["ops1"])
    assert ticket.date == dt.date(2026, 1, 21)
    assert ticket.links[0] == f"https://github.com/acme/shop/commit/{sha['ops2']}"

    (topic,) = found["topic"]
    assert topic.title == "web: Validate the card number (and 2 more commits)"
    assert topic.commits == (sha["errors"], sha["expiry"], sha["card"])

    v10, v11 = found["release"]
    assert (v10.title, v10.date) == ("Release 1.0: payment retries", dt.date(2026, 1, 25))
    assert set(v10.commits) == {sha["readme"], sha["retry"], sha["rename"], sha["rank"],
                                sha["ops1"], sha["ops2"]}  # fmt: skip
    assert v10.links == ("https://github.com/acme/shop/releases/tag/v1.0",)
    assert v11.title == "Release v1.1"
    assert v11.links == (
        "https://github.com/acme/shop/releases/tag/v1.1",
        "https://github.com/acme/shop/compare/v1.0...v1.1",
    )
    assert "4 of the 4 commits since v1.0 are yours" in v11.description

    # Every one of ada's commits belongs to exactly one piece of work (releases aside), but the
    # lone README commit, too small to be worth proposing alone.
    work = [c for c in find_candidates(history, Scope(authors)) if c.kind != "release"]
    covered = [s for c in work for s in c.commits]
    assert len(covered) == len(set(covered))
    mine = {s for s, c in history.commits.items() if c.email == "ada@example.com"}
    assert mine - set(covered) == {sha["readme"]}


def test_another_author_and_a_date(shop: tuple[Path, dict[str, str]]) -> None:
    repo, _ = shop
    history, authors = read_git(repo, ["Bob@Example.com"])
    found = find_candidates(history, Scope(authors))
    assert {(c.kind, c.title) for c in found} == {
        ("merge", "Search: Index products for search"),
        ("release", "Release 1.0: payment retries"),  # bob tagged it; two commits of his in it
    }
    history, authors = read_git(repo)
    recent = find_candidates(history, Scope(authors, since=dt.date(2026, 2, 1)))
    assert [(c.kind, c.date.isoformat()) for c in recent] == [
        ("topic", "2026-02-05"),
        ("pull-request", "2026-02-10"),
        ("release", "2026-02-10"),  # a lightweight tag is dated by its commit
    ]


def test_a_second_run_proposes_nothing_twice(
    shop: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    repo, _ = shop
    with Store.open(tmp_path / "p.db", create=True) as store:
        history, authors = read_git(repo)
        first = add_to_inbox(store, history, authors, since=dt.date(2026, 2, 1))
        assert len(first.added) == 3
        store.dismiss_candidate(first.added[0].id)
        store.accept_candidate(first.added[1].id, _draft(first.added[1]))
        again = add_to_inbox(store, history, authors, since=dt.date(2026, 2, 1))
        assert again.added == ()
        # Without --since, the older work is new; what was seen (dismissed too) is not.
        everything = add_to_inbox(store, history, authors)
        titles = sorted(c.title for c in everything.added)
        assert titles == sorted(
            ["Retry failed payments with backoff", "Search: Rank search results by recency",
             "OPS-3: Tune the alert thresholds",
             "Release 1.0: payment retries"]
        )  # fmt: skip
        assert store.candidate(first.added[0].id).status == "dismissed"
        assert add_to_inbox(store, history, authors).added == ()

        # New work on a ticket already proposed comes as a new candidate of its own commits.
        clone = tmp_path / "clone"
        git(tmp_path, "clone", "-q", str(repo), str(clone))
        git(clone, "config", "user.email", "ada@example.com")
        write(clone, "infra/alerts.yml", 12, start=5)
        # Committed on the local main, not pushed yet: the local main is ahead, so it is read.
        new = commit(clone, "OPS-3: page on call when the queue stalls", ADA, "2026-02-20")
        history, authors = read_git(clone)
        later = add_to_inbox(store, history, authors)
        assert [(c.kind, c.commits) for c in later.added] == [("ticket", (new,))]


def _draft(candidate: CandidateDraft):  # type: ignore[no-untyped-def]
    from promo_planner.core.inbox import evidence_draft

    return evidence_draft(candidate)


# -- repositories capture refuses -----------------------------------------------------------


def test_bare_shallow_broken_or_not_a_repository(
    shop: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    repo, _ = shop
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    with pytest.raises(InputError, match=r"bare\.git: a bare repository"):
        read_git(bare)

    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    with pytest.raises(InputError, match="a shallow clone, its history is cut off"):
        read_git(shallow)

    with pytest.raises(InputError, match="not a git repository"):
        read_git(tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        read_git(tmp_path / "missing")

    broken = tmp_path / "broken"
    git(tmp_path, "clone", "-q", "--no-local", str(repo), str(broken))
    git(broken, "config", "user.email", "ada@example.com")
    git(broken, "repack", "-q", "-a", "-d")  # one pack: remove it and every object is gone
    for pack in (broken / ".git" / "objects" / "pack").iterdir():
        pack.unlink()
    with pytest.raises(InputError) as caught:
        read_git(broken)
    assert len(caught.value.lines) == 1
    assert str(broken) in caught.value.lines[0]


def test_a_repository_with_no_commits_has_nothing_to_propose(tmp_path: Path) -> None:
    repo = init(tmp_path / "empty")
    history, authors = read_git(repo)
    assert find_candidates(history, Scope(authors)) == []


def test_without_user_email_capture_asks_whose_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = init(tmp_path / "anon")
    git(repo, "config", "--unset", "user.email")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    with pytest.raises(InputError, match=r"whose work.*--author EMAIL"):
        read_git(repo)


def test_escape_sequences_and_endless_subjects_become_acceptable_text(tmp_path: Path) -> None:
    repo = init(tmp_path / "odd")
    long_subject = "OPS-9: " + " ".join(["tune"] * 150)
    for n, message in enumerate(["OPS-9: colour \x1b[31mred\x1b[0m alerts", long_subject]):
        write(repo, "infra/alerts.yml", 5 + 25 * n)  # the long one is the larger: its title
        commit(repo, message, ADA, f"2026-01-0{n + 1}")
    history, authors = read_git(repo)
    (ticket,) = find_candidates(history, Scope(authors))
    assert "\x1b" not in ticket.title + ticket.description
    assert len(ticket.title) <= 200 and ticket.title.endswith("…")
    with Store.open(tmp_path / "p.db", create=True) as store:
        (added,) = store.add_candidates([ticket])
        evidence = store.accept_candidate(added.id, _draft(added))
        assert store.evidence(evidence.id).title == ticket.title
