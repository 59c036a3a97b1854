"""capture on a 5,000-commit history (built with git fast-import by the benchmark's generator):
every one of the engineer's commits lands in exactly one piece of work, every pull request of
theirs is one candidate with its link, and a second run adds nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from promo_planner.core.capture import add_to_inbox, read_git
from promo_planner.core.store import Store
from tests.bench_modules import load_benchmark
from tests.gitrepo import git

COMMITS = 5_000


@pytest.fixture(scope="module")
def big_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = load_benchmark("git_history").build(COMMITS, tmp_path_factory.mktemp("history"))
    git(repo, "remote", "add", "origin", "https://gitlab.example.com/shop/payments.git")
    return repo


def test_five_thousand_commits_become_whole_pieces_of_work(big_repo: Path, tmp_path: Path) -> None:
    gen = load_benchmark("git_history")
    log = git(big_repo, "log", "--format=%H%x00%ae%x00%P%x00%s", "main")
    rows = [line.split("\0") for line in log.splitlines()]
    assert len(rows) == COMMITS
    mine = {
        sha for sha, email, parents, _ in rows if email == gen.ENGINEER[1] and " " not in parents
    }
    my_requests = {
        int(found[1])
        for _, email, parents, subject in rows
        if " " in parents and (found := re.match(r"Merge pull request #(\d+) from ada/", subject))
    }
    assert len(my_requests) > 100

    with Store.open(tmp_path / "p.db", create=True) as store:
        history, authors = read_git(big_repo)
        result = add_to_inbox(store, history, authors)
        assert result.commits_read == COMMITS
        found = result.added
        merges = [c for c in found if c.kind == "merge"]
        assert len(merges) == len(my_requests)
        for c in merges:
            number = int(c.links[0].rsplit("/", 1)[1])
            assert (
                c.links[0] == f"https://gitlab.example.com/shop/payments/-/merge_requests/{number}"
            )
            assert len(c.commits) == 3 and c.title[0].isupper() and "Merge" not in c.title

        work = [sha for c in found if c.kind != "release" for sha in c.commits]
        assert len(work) == len(set(work))  # no commit in two pieces of work
        assert set(work) == mine  # and none left out: every direct commit names a ticket
        # Each release is titled by its annotation, which names the version.
        tags = git(
            big_repo, "for-each-ref", "--sort=creatordate", "--format=%(subject)", "refs/tags"
        )
        assert [c.title for c in found if c.kind == "release"] == tags.splitlines()
        assert len(tags.splitlines()) == COMMITS // gen.TAG_EVERY

        again = add_to_inbox(store, history, authors)
        assert again.added == ()
        assert len(store.candidates()) == len(found)
