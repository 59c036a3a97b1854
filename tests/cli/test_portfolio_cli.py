"""The portfolio commands as a user types them: output, exit codes, nothing written on errors."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from promo_planner.cli import main
from tests.core.sample_ladder import SAMPLE, SAMPLE_V2

TODAY = "2026-03-01"


class Cli:
    """Runs ``promo-planner --data DB --today TODAY ...`` in-process and keeps the output."""

    def __init__(self, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data = data
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(["--data", str(self.data), "--today", TODAY, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert (code, err) == (0, ""), (args, code, err)
        return out


@pytest.fixture
def ladders(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "sample.yaml", tmp_path / "sample-v2.yaml"
    first.write_text(SAMPLE)
    second.write_text(SAMPLE_V2)
    return first, second


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data" / "portfolio.db", capsys)


@pytest.fixture
def planned(cli: Cli, ladders: tuple[Path, Path]) -> Cli:
    # From L1, nothing required at L3-ic is held yet: every number here comes from evidence.
    cli.ok("init", "--guideline", str(ladders[0]), "--current", "L1", "--target", "L3-ic")
    return cli


def test_commands_needing_a_plan_say_so_and_create_nothing(cli: Cli) -> None:
    for args in (
        ["gaps"],
        ["gaps", "--json"],
        ["rate", "craft.design", "--self", "up"],
        ["export"],
    ):
        code, out, err = cli(*args)
        assert (code, out) == (2, "")
        assert err == (
            "no plan yet: run promo-planner init --guideline ... --current ... --target ..."
            f" (no portfolio at {cli.data})\n"
        )
    assert not cli.data.exists()


def test_init_then_gaps_table_and_json(planned: Cli) -> None:
    e1 = planned.ok("evidence", "add", "Test suite", "--criterion", "craft.testing")
    e2 = planned.ok("evidence", "add", "Flaky hunt", "--criterion", "craft.testing:partial")
    planned.ok("evidence", "add", "Design", "--criterion", "craft.design:partial")
    planned.ok("evidence", "add", "Mentoring", "--criterion", "people.mentoring")
    assert (e1, e2) == ("1\n", "2\n")  # the id alone on stdout

    table = planned.ok("gaps")
    lines = table.splitlines()
    # Issue 16: every table shows titles beside ids.
    assert lines[0].split() == [
        "AREA",
        "CRITERION",
        "STATUS",
        "PROGRESS",
        "WEIGHT",
        "TITLE",
        "NOTE",
    ]
    assert lines[1].split()[:3] == ["Craft", "craft.testing", "partial"]
    assert "75%" in lines[1] and lines[1].split()[-3:] == ["2", "Tests", "well"]
    assert lines[-1] == "Readiness 46.4% · threshold 80% · not ready"

    data = json.loads(planned.ok("gaps", "--json"))
    assert list(data) == [
        "guideline",
        "guideline_version",
        "current_level",
        "target_level",
        "readiness",
        "readiness_claimed",
        "threshold",
        "area_floor",
        "ready",
        "areas",
        "criteria",
    ]
    assert (data["guideline"], data["guideline_version"]) == ("sample", "1")
    assert (data["readiness"], data["threshold"], data["ready"]) == (46.4, 80, False)
    testing = data["criteria"][0]
    assert testing == {
        "id": "craft.testing",
        "area": "craft",
        "level": "L2",
        "title": "Tests well",
        "status": "partial",
        "progress": 0.75,
        "claimed_progress": 0.75,
        "held": False,
        "disputed": False,
        "rerate": False,
        "weight": 2,
        "evidence_required": 2,
        "evidence": [1, 2],
        "new_at_target": True,
        "needs_opportunity": False,
    }
    assert [c["id"] for c in data["criteria"]] == [
        "craft.testing",
        "people.mentoring",
        "craft.design",
        "people.feedback",
    ]
    # From L1 everything is new: craft.basics, the one L1 criterion, is superseded at L3-ic.
    assert [c["new_at_target"] for c in data["criteria"]] == [True, True, True, True]


def test_a_plan_starts_from_the_level_held_and_the_manager_decides(
    planned: Cli, ladders: tuple[Path, Path]
) -> None:
    """SPEC 4 through the command line: re-planned from L2, the two criteria L3-ic carries over
    from L2 count as held; the engineer's own 👎 takes one back; the manager's 👍 and 👎
    override the engineer's claim both ways, and the claim is shown beside the agreed number."""
    out = planned.ok("init", "--guideline", str(ladders[0]), "--current", "L2", "--target", "L3-ic")
    assert "2 of 4 required criteria carry over from L2" in out
    data = json.loads(planned.ok("gaps", "--json"))
    by_id = {c["id"]: c for c in data["criteria"]}
    assert [(c, by_id[c]["status"], by_id[c]["held"]) for c in by_id] == [
        ("craft.testing", "held", True),
        ("people.mentoring", "held", True),
        ("craft.design", "missing", False),
        ("people.feedback", "missing", False),
    ]
    # testing (weight 2) and mentoring (1) of 7: 42.9, the same agreed and claimed.
    assert (data["readiness"], data["readiness_claimed"]) == (42.9, 42.9)

    planned.ok("rate", "craft.testing", "--self", "down")  # "I don't show this yet"
    data = json.loads(planned.ok("gaps", "--json"))
    assert (data["criteria"][0]["status"], data["criteria"][0]["held"]) == ("missing", False)
    assert data["readiness"] == 14.3

    planned.ok("evidence", "add", "Design doc", "--criterion", "craft.design:partial")
    planned.ok("rate", "craft.design", "--manager", "up", "--note", "the doc is enough")
    planned.ok("rate", "people.mentoring", "--manager", "down", "--note", "not seen this half")
    data = json.loads(planned.ok("gaps", "--json"))
    by_id = {c["id"]: c for c in data["criteria"]}
    assert (by_id["craft.design"]["status"], by_id["craft.design"]["progress"]) == ("met", 1.0)
    assert by_id["craft.design"]["claimed_progress"] == 0.25
    assert (by_id["people.mentoring"]["status"], by_id["people.mentoring"]["disputed"]) == (
        "missing",
        True,
    )
    # agreed: design 3 of 7 = 42.9; claimed: mentoring 1 + design 0.75 of 7 = 25.0
    assert (data["readiness"], data["readiness_claimed"]) == (42.9, 25.0)
    table = planned.ok("gaps")
    assert "manager disagrees" in table
    assert table.splitlines()[-1].startswith(
        "Readiness 42.9% (you claim 25.0%; your manager's ratings decide)"
    )

    # Evidence linked after the manager's 👎: ask them to look again.
    planned.ok("evidence", "add", "Mentored Bo", "--criterion", "people.mentoring")
    data = json.loads(planned.ok("gaps", "--json"))
    assert {c["id"]: c["rerate"] for c in data["criteria"]}["people.mentoring"] is True


def test_init_refuses_unknown_levels_and_impossible_targets(
    cli: Cli, ladders: tuple[Path, Path]
) -> None:
    base = ["init", "--guideline", str(ladders[0])]
    code, _, err = cli(*base, "--current", "L2", "--target", "L9")
    assert code == 2
    assert err.startswith("--target: unknown level 'L9' in sample (levels: L1, L2, L3-ic, L3-em)")
    code, _, err = cli(*base, "--current", "L3-ic", "--target", "L3-em")
    assert (code, err.count("\n")) == (2, 1)
    assert err.startswith("--target: 'L3-em' is not a promotion from 'L3-ic'")
    code, _, err = cli(*base, "--current", "L2", "--target", "L3-ic", "--target-date", "2027-13-01")
    assert (code, err) == (2, "--target-date: '2027-13-01' is not a real date (YYYY-MM-DD)\n")
    code, _, err = cli(*base, "--current", "L2", "--target", "L3-ic", "--capacity", "0")
    assert code == 2 and "--capacity" in err and err.count("\n") == 1
    assert not cli.data.exists()


def test_replan_keeps_evidence_and_reports_orphan_links(
    planned: Cli, ladders: tuple[Path, Path]
) -> None:
    planned.ok("evidence", "add", "Test suite", "--criterion", "craft.testing")
    planned.ok("evidence", "add", "Design", "--criterion", "craft.design")
    out = planned.ok(
        "init",
        "--guideline",
        str(ladders[1]),
        "--current",
        "L2",
        "--target",
        "L3-ic",
        "--target-date",
        "2027-01-31",
    )
    assert "Re-planned sample 2: L2 -> L3-ic, target date 2027-01-31." in out
    assert "Kept 2 evidence items." in out
    assert "1 link point to criteria not in sample (kept, not counted): craft.testing" in out
    listed = json.loads(planned.ok("evidence", "list", "--json"))
    assert [c["id"] for item in listed for c in item["criteria"]] == [
        "craft.design",
        "craft.testing",
    ]
    # Going back to the first ladder counts the kept link again.
    planned.ok("init", "--guideline", str(ladders[0]), "--current", "L2", "--target", "L3-ic")
    assert json.loads(planned.ok("gaps", "--json"))["criteria"][0]["evidence"] == [1]


def test_evidence_add_list_show_link_unlink_remove(planned: Cli) -> None:
    new_id = planned.ok(
        "evidence",
        "add",
        "Led the cache redesign",
        "--date",
        "2026-02-01",
        "--description",
        "Why and how",
        "--impact",
        "p95 -40%",
        "--impact",
        "cost -10%",
        "--link",
        "https://example.com/doc",
        "--tag",
        "cache",
        "--kind",
        "project",
        "--criterion",
        "craft.design:partial",
    ).strip()
    planned.ok("evidence", "add", "Newer one")
    listed = json.loads(planned.ok("evidence", "list", "--json"))
    assert [item["title"] for item in listed] == ["Newer one", "Led the cache redesign"]
    assert listed[1] == {
        "id": int(new_id),
        "title": "Led the cache redesign",
        "date": "2026-02-01",
        "description": "Why and how",
        "impact": ["p95 -40%", "cost -10%"],
        "links": ["https://example.com/doc"],
        "tags": ["cache"],
        "criteria": [{"id": "craft.design", "strength": "partial"}],
    }
    assert listed[0]["date"] == TODAY  # --today is the default date

    shown = planned.ok("evidence", "show", new_id)
    assert shown.startswith(f"#{new_id}  2026-02-01  Led the cache redesign\n")
    assert "craft.design (partial): Designs systems" in shown

    planned.ok("evidence", "link", new_id, "craft.testing", "--partial")
    planned.ok("evidence", "link", new_id, "craft.design")
    planned.ok("evidence", "unlink", new_id, "craft.testing")
    item = json.loads(planned.ok("evidence", "list", "--json"))[1]
    assert item["criteria"] == [{"id": "craft.design", "strength": "full"}]
    assert (
        planned.ok("evidence", "remove", new_id)
        == f"removed evidence {new_id}: Led the cache redesign\n"
    )
    assert len(json.loads(planned.ok("evidence", "list", "--json"))) == 1


def test_readable_evidence_list_and_an_orphan_link_in_show(
    planned: Cli, ladders: tuple[Path, Path]
) -> None:
    assert planned.ok("evidence", "list").startswith("no evidence yet")
    planned.ok("evidence", "add", "Test suite", "--criterion", "craft.testing:partial")
    planned.ok("evidence", "add", "Plain note", "--date", "2026-01-15")
    assert planned.ok("evidence", "list").splitlines() == [
        "ID  DATE        TITLE       CRITERIA",
        f"1   {TODAY}  Test suite  craft.testing (partial)",
        "2   2026-01-15  Plain note  -",
    ]
    planned.ok("init", "--guideline", str(ladders[1]), "--current", "L2", "--target", "L3-ic")
    shown = planned.ok("evidence", "show", "1")
    assert "craft.testing (partial): not in the plan's guideline: not counted" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["evidence", "add", "X", "--date", "2026-02-30"],
            "--date: '2026-02-30' is not a real date",
        ),
        (["evidence", "add", "  "], "TITLE: must not be empty"),
        (["evidence", "add", "X", "--link", "example"], "--link: 'example' is not a URL"),
        (["evidence", "add", "X", "--criterion", "craft.nope"], "criterion 'craft.nope': not in"),
        (
            ["evidence", "add", "X", "--criterion", "craft.design:half"],
            "--criterion: 'craft.design:half'",
        ),
        (
            ["evidence", "link", "1", "craft.nope"],
            "criterion 'craft.nope': not in guideline sample",
        ),
        (["evidence", "link", "99", "craft.design"], "evidence 99: no such evidence"),
        (["evidence", "unlink", "1", "people.feedback"], "evidence 1: not linked to"),
        (["evidence", "remove", "99"], "evidence 99: no such evidence"),
        (["evidence", "show", "x"], "promo-planner evidence show: argument ID: 'x' is not an id"),
        (["rate", "craft.nope", "--self", "up"], "criterion 'craft.nope': not in"),
        (["rate", "craft.design", "--self", "meh"], "promo-planner rate: argument --self"),
        (["answer", "why", "x"], "QUESTION: 'why' is not one of the questions (lack, "),
        (["note", "add", " "], "TEXT: must not be empty"),
        (["import", "missing.yaml"], "missing.yaml: no such file"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    planned: Cli, args: list[str], message: str
) -> None:
    planned.ok("evidence", "add", "Seed", "--criterion", "craft.design")
    before = planned.ok("export")
    code, out, err = planned(*args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(message), err
    assert planned.ok("export") == before


def test_rate_answer_and_notes(planned: Cli) -> None:
    assert planned.ok("rate", "craft.design", "--self", "up") == (
        f"craft.design: your rating 👍 up on {TODAY}\n"
    )
    planned.ok("rate", "craft.design", "--manager", "down", "--note", "needs a doc")
    planned.ok("rate", "craft.design", "--self", "clear")
    planned.ok("answer", "lack", "Cross-team scope")
    # Says what was added, not a bare number (issue 17).
    assert planned.ok("note", "add", "Ask for the registry project") == (
        f"added note #1 of {TODAY}: Ask for the registry project\n"
    )
    assert planned.ok("note", "list") == f"#1  {TODAY}  Ask for the registry project\n"
    exported = planned.ok("export")
    assert (
        "  criterion: craft.design\n  who: manager\n  value: down\n  note: needs a doc\n"
        in exported
    )
    # The history is kept: the 👍, then its withdrawal, both dated.
    assert exported.count("who: self") == 2
    assert "  value: clear\n" in exported
    assert "answers:\n  lack: Cross-team scope\n" in exported


def test_export_to_a_file_and_import_it_elsewhere(
    planned: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planned.ok("evidence", "add", "Design", "--criterion", "craft.design", "--impact", "p95 -40%")
    planned.ok("note", "add", "Line one")
    target = tmp_path / "out" / "export.yaml"
    target.parent.mkdir()
    code, out, err = planned("export", "-o", str(target))
    assert (code, out, err) == (0, f"exported to {target}\n", "")
    assert [p.name for p in target.parent.iterdir()] == ["export.yaml"]  # no temp file left
    text = target.read_text()
    assert text == planned.ok("export")

    other = Cli(tmp_path / "other.db", capsys)
    assert other.ok("import", str(target)).startswith(f"imported {target}: 1 evidence")
    assert other.ok("export") == text
    assert json.loads(other.ok("gaps", "--json")) == json.loads(planned.ok("gaps", "--json"))


def test_a_bad_import_file_names_the_line_and_leaves_the_portfolio(
    planned: Cli, tmp_path: Path
) -> None:
    planned.ok("evidence", "add", "Design", "--criterion", "craft.design")
    before = planned.ok("export")
    bad = tmp_path / "bad.yaml"
    assert before.count("\n  title: Design\n") == 1
    bad.write_text(before.replace("\n  title: Design\n", "\n  title: Design\n  colour: red\n"))
    code, out, err = planned("import", str(bad))
    assert (code, out) == (2, "")
    line = bad.read_text().splitlines().index("  colour: red") + 1
    assert err == f"{bad}:{line}:3: evidence[0].colour: unknown key\n"
    assert planned.ok("export") == before


def test_a_fresh_senior_to_staff_plan_starts_from_what_the_engineer_holds(cli: Cli) -> None:
    """The first build said 0.0% for a fresh L3 -> L4-ic plan: everything the engineer already
    does at L3 counted as missing. Now the carried-over criteria count as held."""
    from promo_planner.core.loader import resolve_guideline

    out = cli.ok("init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic")
    ladder = resolve_guideline("software-engineer")
    required = ladder.required("L4-ic")
    carried = set(ladder.required_ids("L3"))
    held_weight = sum(c.weight for c in required if c.id in carried)
    total = sum(c.weight for c in required)
    expected = (100 * held_weight / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert 0 < expected < 100
    data = json.loads(cli.ok("gaps", "--json"))
    assert data["readiness"] == float(expected) == data["readiness_claimed"]
    assert {c["id"] for c in data["criteria"] if c["status"] == "held"} == carried & {
        c.id for c in required
    }
    assert f"Readiness {expected}%" in out
