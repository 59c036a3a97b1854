"""Escape sequences in stored text never reach the terminal raw (issue 11).

The input rules refuse control characters today, but a portfolio written by an older version,
a hand-edited database or a ladder may hold them: printed raw, they retitle the window, clear
the screen or (OSC 52) write the clipboard. Every printer shows them spelled out (``\\x1b``);
JSON stays exact JSON.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.real_cli import TODAY, planned, run

RETITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
CSI_8BIT = "\x9b31m"
HOSTILE = f"a{RETITLE}b{CLEAR}c{CLIPBOARD}d{CSI_8BIT}e"
RAW = ("\x1b", "\x07", "\x9b")


def _plant(db: Path) -> None:
    """What an older version or a hand edit could have left in the file."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE evidence SET title = ?, description = ?, impact = ?, urls = ?, tags = ?"
            " WHERE id = 1",
            (
                f"Title {HOSTILE}",
                f"Line one\n{HOSTILE}",
                json.dumps([f"p99 {HOSTILE}"]),
                json.dumps([f"https://example.com/{HOSTILE}"]),
                json.dumps([f"tag{HOSTILE}"]),
            ),
        )
        conn.execute("UPDATE note SET text = ?", (f"Note {HOSTILE}",))
        conn.execute("UPDATE rating_event SET note = ?", (f"Rating {HOSTILE}",))
        conn.execute("UPDATE answer SET text = ?", (f"Answer {HOSTILE}",))
        resolved = json.loads(conn.execute("SELECT guideline_json FROM plan").fetchone()[0])
        # The resolved ladder's rows (Guideline.to_json): an area's name is its second
        # column, a criterion's title its fourth.
        resolved["areas"][0][1] = f"Area {HOSTILE}"
        for criterion in resolved["criteria"]:
            criterion[3] = f"{criterion[3]} {HOSTILE}"
        conn.execute("UPDATE plan SET guideline_json = ?", (json.dumps(resolved),))
    conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    found = planned(tmp_path)
    _plant(found)
    return found


def _no_raw_controls(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(text)


@pytest.mark.parametrize(
    "command",
    [
        ["evidence", "show", "1"],
        ["evidence", "list"],
        ["evidence", "list", "--search", "suite"],
        ["note", "list"],
        ["gaps"],
        ["path"],
        ["report"],
        ["report", "--format", "html"],
    ],
    ids=" ".join,
)
def test_printed_stored_text_shows_escapes_spelled_out(command: list[str], db: Path) -> None:
    out = run("--data", db, "--today", TODAY, *command).ok()
    _no_raw_controls(out)
    if command[0] == "report":  # the report's renderers drop C0 controls themselves
        assert "pwned" in out and "\\x9b31m" in out
    else:
        assert "\\x1b]0;pwned\\x07" in out


def test_json_output_is_exact_json_with_every_control_escaped(db: Path) -> None:
    for command in (["evidence", "list", "--json"], ["report", "--format", "json"]):
        out = run("--data", db, "--today", TODAY, *command).ok()
        _no_raw_controls(out)
        data = json.loads(out)
        text = json.dumps(data, ensure_ascii=False)
        assert HOSTILE in text or json.dumps(HOSTILE)[1:-1] in json.dumps(data), command
    items = json.loads(run("--data", db, "evidence", "list", "--json").ok())
    first = next(item for item in items if item["id"] == 1)
    assert first["title"] == f"Title {HOSTILE}"  # the value itself, exactly


def test_a_ladder_file_with_escapes_never_prints_them_raw(tmp_path: Path) -> None:
    # Whether the loader refuses the ladder or shows it, nothing reaches the terminal raw.
    from tests.core.sample_ladder import SAMPLE

    ladder = tmp_path / "hostile.yaml"
    ladder.write_text(
        SAMPLE.replace("title: Tests well", 'title: "Tests well \\e]0;pwned\\a"'), encoding="utf-8"
    )
    for command in (["guideline", "show", ladder], ["guideline", "check", ladder]):
        done = run(*command)
        _no_raw_controls(done.out + done.err)
        assert "Traceback" not in done.err


def test_error_messages_show_what_was_typed_spelled_out(tmp_path: Path, db: Path) -> None:
    for command in (
        ["import", str(tmp_path / f"missing{CLEAR}.yaml")],
        ["rate", f"craft.design{RETITLE}", "--self", "up"],
        ["evidence", "link", "1", f"x{CLIPBOARD}"],
    ):
        done = run("--data", db, "--today", TODAY, *command)
        assert done.code == 2
        _no_raw_controls(done.err)


def test_new_input_with_control_characters_is_refused_on_every_path(db: Path) -> None:
    # The input side of the same rule: nothing new can plant what the printers defend against.
    cases = [
        (["evidence", "add", f"T{CLEAR}"], "TITLE: must not contain control characters"),
        (["evidence", "add", "T", "--description", f"x{RETITLE}"], "--description: must not"),
        (["evidence", "add", "T", "--impact", f"x{CSI_8BIT}"], "--impact: must not"),
        (["evidence", "add", "T", "--tag", "a\tb"], "--tag: must be one line"),
        (["evidence", "add", "T", "--kind", "\u202eevil"], "--kind: must not contain bidi"),
        (["note", "add", f"N{CLEAR}"], "note: must not contain control characters"),
        (["answer", "risks", f"A{RETITLE}"], "answer risks: must not contain control"),
        (
            ["rate", "craft.design", "--manager", "up", "--note", f"R{CLIPBOARD}"],
            "rating note: must not contain control characters",
        ),
    ]
    before = run("--data", db, "export").ok()
    for command, message in cases:
        done = run("--data", db, "--today", TODAY, *command)
        done.refused(message.replace("bidi", "bidirectional"))
        _no_raw_controls(done.err)
    assert run("--data", db, "export").ok() == before
