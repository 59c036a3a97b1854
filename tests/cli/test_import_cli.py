"""``promo-planner guideline import``: convert, check, and plan against the converted ladder."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from promo_planner.cli import main

SOURCES = {"ft": "ft-engineering.yml", "monzo": "monzo-backend.md"}


def _import(fmt: str, source: Path, out: Path) -> int:
    return main(["guideline", "import", "--from", fmt, str(source), "-o", str(out)])


@pytest.mark.parametrize("fmt", sorted(SOURCES))
def test_import_writes_a_guideline_that_passes_check(fmt, shared_ladders, tmp_path, capsys):
    out = tmp_path / f"{fmt}.yaml"
    assert _import(fmt, shared_ladders / SOURCES[fmt], out) == 0
    summary = capsys.readouterr().out
    expected = {
        "ft": "ft-engineering: 8 levels, 9 areas, 72 criteria",
        "monzo": "monzo-backend: 6 levels, 5 areas, 135 criteria",
    }[fmt]
    assert summary == f"{out}: {expected}\n"

    assert main(["guideline", "check", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: ok\n"

    first = out.read_bytes()
    assert _import(fmt, shared_ladders / SOURCES[fmt], out) == 0
    assert out.read_bytes() == first  # re-importing an unchanged file changes nothing


def test_imported_ft_ladder_shows_its_branch(shared_ladders, tmp_path, capsys):
    out = tmp_path / "ft.yaml"
    assert _import("ft", shared_ladders / SOURCES["ft"], out) == 0
    capsys.readouterr()
    assert main(["guideline", "show", str(out), "--level", "principal-ic", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    source = yaml.safe_load((shared_ladders / SOURCES["ft"]).read_text(encoding="utf-8"))
    own = [c["id"] for c in source["competencies"] if c["level"] == "principal-ic"]
    assert shown == {"level": "principal-ic", "required": _readable(out, own)}


def _readable(converted: Path, source_ids: list[str]) -> list[str]:
    """The converted ladder's ids of the criteria the source calls ``source_ids``."""
    criteria = yaml.safe_load(converted.read_text(encoding="utf-8"))["criteria"]
    by_source = {c["aliases"][0]: c["id"] for c in criteria}
    return [by_source[i] for i in source_ids]


@pytest.mark.parametrize(
    ("fmt", "wrong"), [("ft", "monzo-backend.md"), ("monzo", "ft-engineering.yml")]
)
def test_the_wrong_format_is_one_line_and_writes_nothing(
    fmt, wrong, shared_ladders, tmp_path, capsys
):
    out = tmp_path / "out.yaml"
    assert _import(fmt, shared_ladders / wrong, out) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    where = re.escape(str(shared_ladders / wrong))
    expected = {
        "monzo": where + r":1:1: no YAML front matter",
        "ft": where + r":\d+:\d+: not valid YAML: ",  # the Markdown body is a second document
    }[fmt]
    assert re.match(expected, err)
    assert not out.exists()


def test_a_failed_import_leaves_the_old_output_alone(tmp_path, capsys):
    source = tmp_path / "family.yml"
    source.write_text("name: Engineering\nlevels: []\nthemes: []\ncompetencies: []\n")
    out = tmp_path / "out.yaml"
    out.write_text("previous\n")
    assert _import("ft", source, out) == 2
    assert capsys.readouterr().err == f"{source}:2:9: levels is empty\n"
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["family.yml", "out.yaml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "ft", "missing.yml", "-o", "x.yaml"], "missing.yml: no such file\n"),
        (["--from", "ft", "in.yml", "-o", "in.yml"], "-o: in.yml is the input file"),
        (["--from", "xls", "in.yml", "-o", "x.yaml"], "argument --from: invalid choice: 'xls'"),
        (["--from", "ft", "in.yml"], "the following arguments are required: -o/--output"),
    ],
)
def test_usage_problems_are_one_line(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.yml").write_text("name: x\n")
    assert main(["guideline", "import", *args]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert message in err
    assert (tmp_path / "in.yml").read_text() == "name: x\n"


# --------------------------------------------------------------------------- planning on them


def _gaps(data: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--data", str(data), "--today", "2026-03-02", "gaps", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_plan_against_the_imported_ft_ladder(shared_ladders, tmp_path, capsys):
    out, data = tmp_path / "ft.yaml", tmp_path / "portfolio.db"
    assert _import("ft", shared_ladders / SOURCES["ft"], out) == 0
    init = ["--data", str(data), "--today", "2026-03-02", "init", "--guideline", str(out)]
    assert main([*init, "--current", "senior-1", "--target", "principal-ic"]) == 0
    source = yaml.safe_load((shared_ladders / SOURCES["ft"]).read_text(encoding="utf-8"))
    own = [c["id"] for c in source["competencies"] if c["level"] == "principal-ic"]

    gaps = _gaps(data, capsys)
    assert gaps["guideline"] == "ft-engineering"
    assert (gaps["current_level"], gaps["target_level"]) == ("senior-1", "principal-ic")
    assert [c["id"] for c in gaps["criteria"]] == _readable(out, own)
    assert all(c["new_at_target"] for c in gaps["criteria"])
    assert float(gaps["readiness"]) == 0

    # Linked by the FT's own UUID (an alias), stored under the readable id.
    add = ["--data", str(data), "--today", "2026-03-02", "evidence", "add", "Led the design"]
    assert main([*add, "--criterion", own[-1]]) == 0
    gaps = _gaps(data, capsys)
    assert float(gaps["readiness"]) > 0
    met = [c for c in gaps["criteria"] if c["evidence"]]
    assert [c["id"] for c in met] == _readable(out, own[-1:])


def test_plan_against_the_imported_monzo_ladder(shared_ladders, tmp_path, capsys):
    out, data = tmp_path / "monzo.yaml", tmp_path / "portfolio.db"
    assert _import("monzo", shared_ladders / SOURCES["monzo"], out) == 0
    init = ["--data", str(data), "--today", "2026-03-02", "init", "--guideline", str(out)]
    assert main([*init, "--current", "L2", "--target", "L3"]) == 0

    gaps = _gaps(data, capsys)
    criteria = gaps["criteria"]
    levels = {c["level"] for c in criteria}
    assert levels == {"L1", "L2", "L3"}  # cumulative: the target asks for everything below it
    new = {c["id"] for c in criteria if c["new_at_target"]}
    assert new == {c["id"] for c in criteria if c["level"] == "L3"}
    assert len(criteria) == 55


# --------------------------------------------------------------------------- csv and --previous


def test_a_sheet_imports_with_its_level_order(tmp_path, capsys):
    sheet = tmp_path / "team.csv"
    sheet.write_text("Grade,Pillar,Expectation\nSenior,Craft,Designs\nMid,Craft,Builds\n")
    out = tmp_path / "team.yaml"
    argv = ["guideline", "import", "--from", "csv", str(sheet), "--levels", "Mid, Senior"]
    assert main([*argv, "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: team: 2 levels, 1 area, 2 criteria\n"
    levels = yaml.safe_load(out.read_text())["levels"]
    assert [(lv["id"], lv.get("after")) for lv in levels] == [("Mid", None), ("Senior", "Mid")]


def test_levels_are_for_sheets_only(shared_ladders, tmp_path, capsys):
    source = shared_ladders / SOURCES["ft"]
    argv = ["guideline", "import", "--from", "ft", str(source), "--levels", "a,b"]
    assert main([*argv, "-o", str(tmp_path / "o.yaml")]) == 2
    assert capsys.readouterr().err == (
        "--levels: only a spreadsheet (--from csv) takes a level order\n"
    )
    assert not (tmp_path / "o.yaml").exists()


def test_previous_keeps_ids_and_says_how_many(shared_ladders, tmp_path, capsys):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    assert _import("monzo", shared_ladders / SOURCES["monzo"], old) == 0
    edited = tmp_path / "backend.md"
    text = (shared_ladders / SOURCES["monzo"]).read_text(encoding="utf-8")
    edited.write_text(text.replace('"Accepts feedback graciously"', '"Asks for feedback"'))
    capsys.readouterr()
    argv = ["guideline", "import", "--from", "monzo", str(edited), "--previous", str(old)]
    assert main([*argv, "-o", str(new)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"134 of 135 criteria kept their ids from {old}"
    )
