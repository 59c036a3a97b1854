"""The argument parser built for one command parses exactly as the full one, and every command
the full parser knows is mapped to the module that registers it."""

from __future__ import annotations

import argparse

import pytest

from promo_planner.cli import COMMAND_HOMES, build_parser, command_word


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_every_command_is_mapped_to_its_module() -> None:
    assert _commands(build_parser()) == set(COMMAND_HOMES)
    for word in COMMAND_HOMES:
        assert word in _commands(build_parser([word]))


def test_a_known_command_builds_only_its_modules_commands() -> None:
    assert _commands(build_parser(["--data", "p.db", "report"])) == {"report"}
    assert "guideline" not in _commands(build_parser(["gaps", "--json"]))


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["--data", "p.db", "--today", "2026-11-21", "report", "-o", "r.md"], "report"),
        (["--today=2026-11-21", "gaps"], "gaps"),
        (["evidence", "add", "--data"], "evidence"),
        (["--help"], None),
        (["--dat", "p.db", "gaps"], None),  # an abbreviation argparse accepts: parse it fully
        (["--data", "p.db"], None),
        ([], None),
    ],
)
def test_command_word(argv: list[str], word: str | None) -> None:
    assert command_word(argv) == word


@pytest.mark.parametrize(
    "argv",
    [
        ["--data", "p.db", "report", "--format", "html", "-o", "r.html"],
        ["--today", "2026-11-21", "evidence", "add", "T", "--tag", "a", "--criterion", "x:partial"],
        ["gaps", "--json"],
        ["note", "add", "text", "--date", "2026-01-02"],
        ["guideline", "import", "--from", "ft", "in.yaml", "-o", "out.yaml"],
        ["path"],
    ],
)
def test_the_parser_for_one_command_parses_as_the_full_one(argv: list[str]) -> None:
    assert vars(build_parser(argv).parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_the_app_launch_builds_no_command_parsers() -> None:
    launch = build_parser(["--data", "p.db", "--today", "2026-11-21"])
    assert launch.parse_args(["--data", "p.db", "--today", "2026-11-21"]).command is None
    assert _commands(launch) == set()
    # Anything more than global options still sees every command.
    assert {"gaps", "report", "guideline", "path"} <= _commands(build_parser(["--help"]))


def test_importing_the_app_package_leaves_garbage_collection_on() -> None:
    import subprocess
    import sys

    code = "import gc, promo_planner.tui.app; print(gc.isenabled())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
