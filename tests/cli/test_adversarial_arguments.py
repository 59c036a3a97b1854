"""Command-line arguments as an adversary types them (issue 11), and SPEC 7's global options.

Ids beyond what SQLite holds, bytes that are not UTF-8 in any argument and blank values are
one clear line and exit 2 from every command, with nothing written; ``--data`` and
``--today`` mean the same before and after the command.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from promo_planner.cli import main
from tests.cli.real_cli import FT_SOURCE, TODAY, Tree, planned, run

TOO_BIG = str(2**63)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return planned(tmp_path)


# -- ids ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["evidence", "show", "{id}"],
        ["evidence", "link", "{id}", "craft.testing"],
        ["evidence", "unlink", "{id}", "craft.testing"],
        ["evidence", "remove", "{id}"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
@pytest.mark.parametrize("value", [TOO_BIG, "99999999999999999999999999", "0", "-1"])
def test_an_id_the_store_cannot_hold_is_a_usage_error(
    command: list[str], value: str, tmp_path: Path, db: Path
) -> None:
    tree = Tree(tmp_path)
    args = [part.replace("{id}", value) for part in command]
    done = run("--data", db, "--today", TODAY, *args)
    done.refused("argument ID:", f"{value} is not an id (ids run from 1 to {2**63 - 1})")
    tree.unchanged()


def test_the_largest_id_is_just_not_there(db: Path) -> None:
    run("--data", db, "evidence", "show", str(2**63 - 1)).refused(
        f"evidence {2**63 - 1}: no such evidence"
    )


# -- bytes that are not UTF-8 ------------------------------------------------------------------

BAD = b"caf\xe9"  # Latin-1, as a shell in another locale would pass it

# (arguments, what the message names: an option, or "#" for the positional argument itself,
# named by its place in the whole command line); {bad} stands for the bytes.
NOT_UTF8 = [
    (["init", "--guideline", "{bad}", "--current", "L2", "--target", "L3-ic"], "--guideline"),
    (["init", "--guideline", "x", "--current", "{bad}", "--target", "L3-ic"], "--current"),
    (["evidence", "add", "{bad}"], "#"),
    (["evidence", "add", "T", "--tag", "{bad}"], "--tag"),
    (["evidence", "add", "T", "--link=https://example.com/{bad}"], "--link"),
    (["evidence", "add", "T", "--description", "{bad}"], "--description"),
    (["evidence", "list", "--search", "{bad}"], "--search"),
    (["evidence", "show", "{bad}"], "#"),
    (["evidence", "link", "1", "{bad}"], "#"),
    (["evidence", "unlink", "1", "{bad}"], "#"),
    (["evidence", "remove", "{bad}"], "#"),
    (["rate", "{bad}", "--self", "up"], "#"),
    (["rate", "craft.design", "--manager", "up", "--note", "{bad}"], "--note"),
    (["gaps", "--today", "{bad}"], "--today"),
    (["answer", "lack", "{bad}"], "#"),
    (["note", "add", "{bad}"], "#"),
    (["note", "list", "--data", "{bad}"], "--data"),
    (["export", "-o", "{bad}.yaml"], "-o"),
    (["import", "{bad}.yaml"], "#"),
    (["path", "--json", "--today", "{bad}"], "--today"),
    (["report", "-o", "{bad}.md"], "-o"),
    (["guideline", "list", "--data", "{bad}"], "--data"),
    (["guideline", "show", "{bad}"], "#"),
    (["guideline", "check", "{bad}.yaml"], "#"),
    (["guideline", "import", "--from", "ft", "{bad}.yml", "-o", "x.yaml"], "#"),
    (["guideline", "schema", "--today", "{bad}"], "--today"),
    ([], "--data"),  # the app's launch: refused before any terminal is touched
]


@pytest.mark.parametrize(("command", "named"), NOT_UTF8, ids=lambda v: str(v))
def test_bytes_that_are_not_utf8_in_any_argument_are_named(
    command: list[str], named: str, tmp_path: Path, db: Path
) -> None:
    tree = Tree(tmp_path)
    given: list[str | bytes] = ["--data", str(db), "--today", TODAY] if command else ["--data"]
    args = [part.encode().replace(b"{bad}", BAD) if "{bad}" in part else part for part in command]
    if not command:  # the app's launch: --data itself is the bad argument
        args = [BAD]
    if named == "#":
        place = next(i for i, a in enumerate(args) if isinstance(a, bytes))
        named = f"argument {len(given) + place + 1}"
    done = run(*given, *args, cwd=tmp_path)
    done.refused(f"promo-planner: {named}: '", "caf\\xe9", "is not UTF-8 text")
    tree.unchanged()


# -- blank values ------------------------------------------------------------------------------

BLANK = [
    (["evidence", "add", "T", "--date", ""], "--date"),
    (["evidence", "add", "T", "--date", "  "], "--date"),
    (["note", "add", "N", "--date", ""], "--date"),
    (["--today", "", "gaps"], "--today"),
    (["gaps", "--today", ""], "--today"),
    (["--data", "", "gaps"], "--data"),
    (["gaps", "--data", ""], "--data"),
    (["init", "--guideline", "", "--current", "L2", "--target", "L3-ic"], "--guideline"),
    (["init", "--guideline", "g", "--current", "", "--target", "L3-ic"], "--current"),
    (["init", "--guideline", "g", "--current", "L2", "--target", ""], "--target"),
    (
        ["init", "--guideline", "g", "--current", "L2", "--target", "L3", "--target-date", ""],
        "--target-date",
    ),
    (
        ["init", "--guideline", "g", "--current", "L2", "--target", "L3", "--capacity", ""],
        "--capacity",
    ),
    (["evidence", "add", ""], "TITLE"),
    (["evidence", "add", "T", "--impact", ""], "--impact"),
    (["evidence", "add", "T", "--link", ""], "--link"),
    (["evidence", "add", "T", "--tag", ""], "--tag"),
    (["evidence", "add", "T", "--criterion", ""], "--criterion"),
    (["evidence", "list", "--search", ""], "--search"),
    (["evidence", "link", "1", ""], "CRITERION"),
    (["rate", "", "--self", "up"], "CRITERION"),
    (["answer", "", "text"], "QUESTION"),
    (["note", "add", ""], "TEXT"),
    (["export", "-o", ""], "-o/--output"),
    (["report", "-o", ""], "-o/--output"),
    (["report", "--format", ""], "--format"),
    (["import", ""], "FILE"),
    (["guideline", "show", ""], "NAME_OR_PATH"),
    (["guideline", "show", "software-engineer", "--level", ""], "--level"),
    (["guideline", "check", ""], "PATH"),
    (["guideline", "import", "--from", "", "x.yml", "-o", "y.yaml"], "--from"),
    (["guideline", "import", "--from", "ft", "x.yml", "-o", ""], "-o/--output"),
]


@pytest.mark.parametrize(("command", "named"), BLANK, ids=lambda v: str(v))
def test_a_blank_value_is_refused_not_taken_for_the_default(
    command: list[str], named: str, tmp_path: Path, db: Path
) -> None:
    home = tmp_path / "home"  # where the default portfolio would be: it must stay untouched
    home.mkdir()
    tree = Tree(tmp_path)
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    globals_first = command[0].startswith("--")
    given = [] if globals_first else ["--data", str(db), "--today", TODAY]
    done = run(*given, *command, env=env, cwd=tmp_path)
    done.refused(f"{named}: must not be empty")
    tree.unchanged()


def test_an_answer_may_be_blank_to_clear_it(db: Path) -> None:
    # The one value documented to take an empty text: `answer KEY ""` clears the answer.
    assert run("--data", db, "answer", "lack", "").ok().startswith("cleared:")


# -- --data and --today before or after the command (SPEC 7) -----------------------------------

COMMANDS = [
    ["guideline", "list"],
    ["guideline", "show", "software-engineer", "--level", "L3"],
    ["guideline", "check", "{dir}/sample.yaml"],
    ["guideline", "schema"],
    ["guideline", "import", "--from", "ft", "{dir}/ft.yml", "-o", "{dir}/converted.yaml"],
    ["init", "--guideline", "{dir}/sample.yaml", "--current", "L2", "--target", "L3-ic"],
    ["evidence", "add", "Pairing week", "--criterion", "people.mentoring"],
    ["evidence", "list"],
    ["evidence", "show", "1"],
    ["evidence", "link", "2", "people.feedback", "--partial"],
    ["evidence", "unlink", "1", "craft.testing"],
    ["evidence", "remove", "2"],
    ["rate", "craft.testing", "--self", "down"],
    ["gaps"],
    ["answer", "risks", "The reorg"],
    ["note", "add", "Bring graphs"],
    ["note", "list"],
    ["path"],
    ["report"],
    ["report", "-o", "{dir}/r.md"],
    ["export"],
    ["import", "{dir}/exported.yaml"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_global_options_mean_the_same_before_and_after_the_command(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "template"
    template.mkdir()
    planned(template)
    (template / "ft.yml").write_text(FT_SOURCE, encoding="utf-8")
    assert (
        main(
            [
                "--data",
                str(template / "portfolio.db"),
                "export",
                "-o",
                str(template / "exported.yaml"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    seen = []
    for position in ("before", "after"):
        folder = tmp_path / "run"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(template, folder)
        args = [part.replace("{dir}", str(folder)) for part in command]
        options = ["--data", str(folder / "portfolio.db"), "--today", "2026-12-01"]
        code = main([*options, *args] if position == "before" else [*args, *options])
        out, err = capsys.readouterr()
        assert main(["--data", str(folder / "portfolio.db"), "export"]) == 0
        state, _ = capsys.readouterr()
        # The moment a record was made differs between the two runs; everything else may not.
        state = re.sub(r"(created_at|linked_at|recorded_at): .*", r"\1: (now)", state)
        seen.append((code, out, err, state))
    assert seen[0][0] == 0, seen[0]
    assert seen[0] == seen[1]


def test_the_same_global_option_twice_with_two_values_is_a_usage_error(
    db: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    done = run("--data", db, "gaps", "--data", other)
    done.refused("--data: given twice")
    assert not other.exists()
    run("--today", "2026-01-01", "gaps", "--today", "2026-01-02", "--data", db).refused(
        "--today: given twice"
    )
    # Given twice with the same value is no ambiguity.
    assert run("--data", db, "gaps", "--data", db).code == 0


def test_a_pretend_day_after_the_command_is_the_day(tmp_path: Path, db: Path) -> None:
    # --today after the command must reach the command: evidence dated after it is refused.
    run("evidence", "add", "Later", "--date", "2026-12-01", "--data", db, "--today", TODAY).refused(
        "--date: 2026-12-01 is after today (2026-11-21)"
    )
