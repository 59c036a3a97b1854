"""capture git, inbox list/accept/dismiss/restore as a user types them, with the store checked
after each: nothing becomes evidence without an accept, dismissed work stays dismissed, a bad
repository is one line and exit 2, and the export round-trips the inbox."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from promo_planner.core.store import Store
from tests.cli.test_portfolio_cli import Cli as PortfolioCli
from tests.gitrepo import git, team_repo


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("shop")
    team_repo(repo)
    return repo


class Cli(PortfolioCli):
    def refused(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 2 and out == "", (args, code, out, err)
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        return err


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "portfolio.db", capsys)


def test_capture_then_review_through_the_command_line(cli: Cli, shop: Path) -> None:
    cli.ok("init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic")
    out = cli.ok("capture", "git", str(shop), "--since", "2026-01-01")
    assert (
        out.splitlines()[0]
        == "Read 14 commits of acme/shop; looking for ada@example.com since 2026-01-01."
    )
    assert "Added 7 candidates to the inbox:" in out
    assert "Retry failed payments with backoff" in out
    with Store.open(cli.data, create=True) as store:
        pending = {c.title: c for c in store.candidates()}
        assert store.count_evidence() == 0  # nothing is evidence before the engineer says yes
    assert len(pending) == 7

    listed = json.loads(cli.ok("inbox", "list", "--json"))
    dates = [c["date"] for c in listed]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2026-02-10"  # newest first
    retry = next(c for c in listed if c["title"] == "Retry failed payments with backoff")
    assert retry["links"] == ["https://github.com/acme/shop/pull/7"]
    assert retry["suggested"] and all(s["words"] for s in retry["suggested"])

    text = cli.ok("inbox", "list")
    assert f"#{retry['id']}  2026-01-12  merge  Retry failed payments with backoff" in text
    assert "suggested: " in text
    short = cli.ok("inbox", "list", "--limit", "2")
    assert short.count("\n#") + short.startswith("#") == 2
    assert short.endswith("... and 5 older (inbox list --limit 0 shows them all)\n")

    # Accept with a criterion: evidence with the candidate's words, linked as asked.
    out = cli.ok("inbox", "accept", str(retry["id"]), "--criterion", "craft.technical-debt:partial")
    evidence_id = int(out.splitlines()[0])
    with Store.open(cli.data, create=True) as store:
        item = store.evidence(evidence_id)
        assert (item.title, item.kind, item.date.isoformat()) == (
            "Retry failed payments with backoff", "git", "2026-01-12"
        )  # fmt: skip
        assert item.impact == ("+54 / −0 lines in 2 files (2 commits)",)
        assert item.links == ("https://github.com/acme/shop/pull/7",)
        assert [(c.criterion_id, c.strength) for c in item.criteria] == [
            ("craft.technical-debt", "partial")
        ]
        assert store.candidate(retry["id"]).status == "accepted"
        assert store.candidate(retry["id"]).evidence_id == evidence_id

    # Accept without a criterion: evidence, unlinked, and the suggestions offered.
    ticket = next(c for c in listed if c["kind"] == "ticket")
    out = cli.ok("inbox", "accept", str(ticket["id"]))
    assert "Not linked to any criterion yet. Suggested: " in out
    assert f"Link one: promo-planner evidence link {out.splitlines()[0]} CRITERION" in out

    # Dismiss: kept as dismissed, gone from the list, back with restore.
    topic = next(c for c in listed if c["kind"] == "topic")
    out = cli.ok("inbox", "dismiss", str(topic["id"]))
    assert out.startswith(f"Dismissed #{topic['id']}: web: Validate the card number")
    assert topic["id"] not in [c["id"] for c in json.loads(cli.ok("inbox", "list", "--json"))]
    with Store.open(cli.data, create=True) as store:
        assert store.candidate(topic["id"]).status == "dismissed"
        assert store.count_evidence() == 2

    # Someone who committed nothing there is told so, not handed an empty inbox in silence.
    out = cli.ok("capture", "git", str(shop), "--author", "ada@work.example")
    assert "No commits by ada@work.example there: is that the email your commits carry?" in out

    # Nothing twice: a second capture adds nothing, the dismissed one included.
    assert "Nothing new to review" in cli.ok("capture", "git", str(shop))

    err = cli.refused("inbox", "accept", str(retry["id"]))
    assert err == f"candidate {retry['id']}: already accepted as evidence {evidence_id}\n"
    err = cli.refused("inbox", "dismiss", str(topic["id"]))
    assert "already dismissed" in err
    cli.ok("inbox", "restore", str(topic["id"]))
    assert topic["id"] in [c["id"] for c in json.loads(cli.ok("inbox", "list", "--json"))]
    assert "no such candidate" in cli.refused("inbox", "accept", "999")
    err = cli.refused("inbox", "accept", str(topic["id"]), "--criterion", "no.such")
    assert "criterion 'no.such': not in guideline software-engineer" in err
    with Store.open(cli.data, create=True) as store:
        assert store.candidate(topic["id"]).status == "pending"  # a refused accept wrote nothing
        assert store.count_evidence() == 2

    all_listed = cli.ok("inbox", "list", "--all")
    assert f"[accepted as evidence {evidence_id}]" in all_listed


def test_export_import_export_keeps_the_inbox_byte_for_byte(
    cli: Cli, shop: Path, tmp_path: Path
) -> None:
    cli.ok("init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic",
           "--nudge-weeks", "6")  # fmt: skip
    cli.ok("capture", "git", str(shop))
    listed = json.loads(cli.ok("inbox", "list", "--json"))
    cli.ok("inbox", "accept", str(listed[0]["id"]))
    cli.ok("inbox", "dismiss", str(listed[1]["id"]))
    first = cli.ok("export")
    assert "\ninbox:\n" in first and "nudge_weeks: 6" in first
    exported = tmp_path / "export.yaml"
    exported.write_text(first)
    other = Cli(tmp_path / "other.db", cli.capsys)
    other.ok("import", str(exported))
    assert other.ok("export") == first
    with Store.open(other.data, create=True) as store:
        assert store.candidate(listed[1]["id"]).status == "dismissed"
        assert store.require_plan().nudge_weeks == 6
    # The imported inbox still knows what it has seen.
    assert "Nothing new to review" in other.ok("capture", "git", str(shop))


def test_repositories_capture_cannot_read_are_one_line_and_write_nothing(
    cli: Cli, shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(shop), str(bare))
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{shop}", str(shallow))
    plain = tmp_path / "plain"
    plain.mkdir()
    for repo, words in (
        (bare, "a bare repository"),
        (shallow, "a shallow clone"),
        (plain, "not a git repository"),
        (tmp_path / "nowhere", "no such folder"),
    ):
        assert words in cli.refused("capture", "git", str(repo))
    # A blank value is refused like every blank option value, before capture reads anything.
    assert "--author: must not be empty" in cli.refused(
        "capture", "git", str(shop), "--author", " "
    )
    assert "--since: '2026-13-01' is not a real date" in cli.refused(
        "capture", "git", str(shop), "--since", "2026-13-01"
    )
    monkeypatch.setenv("PATH", str(tmp_path / "no-binaries-here"))
    assert cli.refused("capture", "git", str(shop)).startswith("git: not installed")
    assert not cli.data.exists()  # no portfolio was created by any of it


def test_capture_starts_at_the_evidence_window_unless_told(
    cli: Cli, shop: Path, tmp_path: Path
) -> None:
    bundled = Path(__file__).resolve().parents[2] / "guidelines" / "site-reliability-engineer.yaml"
    ladder = tmp_path / "windowed.yaml"
    text = bundled.read_text()
    ladder.write_text(
        re.sub(r"evidence_window_months: \d+", "evidence_window_months: 1", text, count=1)
    )
    cli.ok("init", "--guideline", str(ladder), "--current", "L2", "--target", "L3")
    out = cli.ok("capture", "git", str(shop))
    assert "since 2026-02-01 (the evidence window; --since to choose)." in out.splitlines()[0]
    assert "Added 3 candidates" in out  # older work would not count: not proposed yet
    assert "Added 4 candidates" in cli.ok("capture", "git", str(shop), "--since", "2026-01-01")
