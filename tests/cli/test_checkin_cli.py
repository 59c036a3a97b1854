"""``checkin export/import/list``, ``profile set/show/clear`` and ``report``'s ``--kind``,
``--since`` and format-from-extension, as a person types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.cli.test_report_cli import Cli


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    made = Cli(tmp_path, capsys)
    made.init()
    return made


def test_profile_set_show_and_clear(cli: Cli) -> None:
    assert cli.ok("profile", "show") == (
        "name          (not set)\nrole or team  (not set)\nmanager       (not set)\n"
        '(reports do not say whose they are: promo-planner profile set --name "...")\n'
    )
    cli.ok("profile", "set", "--name", "Ada Lovelace", "--manager", "Grace Hopper")
    cli.ok("profile", "set", "--role", "Payments & billing")
    assert json.loads(cli.ok("profile", "show", "--json")) == {
        "name": "Ada Lovelace",
        "role": "Payments & billing",
        "manager": "Grace Hopper",
    }
    assert cli.ok("report").startswith(
        "# 1:1 report: Ada Lovelace, L1 → L2\n\nAda Lovelace · Payments & billing · manager: "
        "Grace Hopper  \n"
    )
    cli.ok("profile", "clear", "role")
    assert json.loads(cli.ok("profile", "show", "--json"))["role"] == ""
    code, out, err = cli("profile", "set")
    assert (code, out) == (2, "") and "give at least one of --name, --role, --manager" in err
    code, _, err = cli("profile", "set", "--name", "Ada\x1b[31m")
    assert code == 2 and err.count("\n") == 1 and "profile name" in err


def test_checkin_form_round_trip_on_the_command_line(cli: Cli, tmp_path: Path) -> None:
    cli.add("Test harness", "--criterion", "craft.tests")
    form = tmp_path / "form.yaml"
    code, out, err = cli("checkin", "export", "-o", str(form))
    assert code == 0 and out == "" and "send it to your manager" in err
    doc = yaml.safe_load(form.read_text(encoding="utf-8"))
    assert [c["id"] for c in doc["criteria"]] == ["craft.tests", "craft.design", "impact.lead"]
    doc["criteria"][0].update(manager="up", note="Great harness")
    doc["criteria"][1].update(manager="down")
    doc["questions"][3]["manager"] = "The reorg"
    doc["date"] = "2026-02-27"
    form.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    out = cli.ok("checkin", "import", str(form))
    assert out == (
        f"imported {form}: 2 ratings from your manager dated 2026-02-27 (1 👍 up, 1 👎 down),"
        " 1 answer; readiness 33.3%\n"
    )
    data = json.loads(cli.ok("report", "--format", "json"))
    rows = {row["criterion"]: row for row in data["health_check"]}
    assert (rows["craft.tests"]["manager"], rows["craft.tests"]["manager_note"]) == (
        "up",
        "Great harness",
    )
    assert rows["craft.tests"]["manager_on"] == "2026-02-27"
    assert data["questions"][3]["manager_answer"] == "The reorg"
    again = cli.ok("checkin", "import", str(form))
    assert "no new ratings (the 2 in the form were already recorded)" in again


def test_a_malformed_form_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    form = tmp_path / "form.yaml"
    cli.ok("checkin", "export", "-o", str(form))
    text = form.read_text(encoding="utf-8")
    before = cli.ok("report", "--format", "json")
    bad = text.replace("  manager:\n", "  manager: up\n", 1).replace(
        "  manager:\n", "  manager: perhaps\n", 1
    )
    form.write_text(bad, encoding="utf-8")
    code, out, err = cli("checkin", "import", str(form))
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if "perhaps" in t)
    assert (code, out) == (2, "")
    assert err == (
        f"{form}:{line}:12: criteria[1].manager: 'perhaps': write up or down (or leave it blank)\n"
    )
    assert cli.ok("report", "--format", "json") == before  # the first rating was not saved


def test_report_format_follows_the_extension_unless_given(cli: Cli, tmp_path: Path) -> None:
    for name, starts in (("r.json", "{"), ("r.html", "<!DOCTYPE html>"), ("r.md", "# 1:1")):
        cli.ok("report", "-o", str(tmp_path / name))
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts), name
    cli.ok("report", "--format", "md", "-o", str(tmp_path / "forced.json"))
    assert (tmp_path / "forced.json").read_text(encoding="utf-8").startswith("# 1:1 report")
    listed = cli.ok("checkin", "list")
    assert listed.splitlines()[1].startswith("2026-03-02  L2")  # four files, one check-in
    assert len(listed.splitlines()) == 2


def test_report_kind_packet_and_since(cli: Cli, tmp_path: Path) -> None:
    cli.add("Test harness", "--criterion", "craft.tests")
    md = cli.ok("report", "--kind", "packet")
    assert md.startswith("# Promotion case: L1 → L2\n") and "## The case, area by area" in md
    code, out, err = cli("report", "--kind", "packet", "-o", str(tmp_path / "p.html"))
    assert out == ""
    assert code == 0 and "the promotion packet, html" in err
    assert cli.ok("checkin", "list").startswith("no check-ins yet")  # a packet is no check-in
    cli.ok("report", "-o", str(tmp_path / "a.md"), today="2026-02-10")
    cli.ok("report", "-o", str(tmp_path / "b.md"), today="2026-02-20")
    data = json.loads(cli.ok("report", "--format", "json", "--since", "2026-02-15"))
    assert data["period"]["checkin"] == "2026-02-10"
    code, _, err = cli("report", "--since", "2026-04-01")
    assert code == 2 and err == "--since: 2026-04-01 is after today (2026-03-02)\n"
    code, _, err = cli("report", "--since", "2026-02-30")
    assert code == 2 and "--since" in err and "not a real date" in err
