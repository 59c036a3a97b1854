"""``import FILE`` as an adversary writes the file (issue 11): the same rules as typed input.

The portfolio import accepted dates, NUL characters and ids that the command line refuses.
Now one rule holds for both: dates in range and no evidence after ``--today`` (SPEC 4), ids
1 to 2^63 - 1, every text by ``character_problem``, links by ``link_problem``; each problem is
``FILE:LINE:COL: where: what``, and nothing is written. The file itself is read only if it is
a regular file of bounded size.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli.real_cli import TODAY, Tree, planned, run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return planned(tmp_path)


@pytest.fixture
def exported(db: Path) -> str:
    return run("--data", db, "export").ok()


# (text to replace, replacement, where the problem is: the text it starts at and its column,
#  the message)
CASES = [
    (
        "  date: 2026-10-01\n",
        "  date: 2026-12-01\n",
        ("date: 2026-12-01", 9),
        "evidence[0].date: 2026-12-01 is after today (2026-11-21)",
    ),
    (
        "  date: 2026-10-01\n",
        "  date: 0001-01-01\n",
        ("date: 0001-01-01", 9),
        "evidence[0].date: 0001-01-01 is out of range (1900-01-01 to 2999-12-31)",
    ),
    (
        "- id: 1\n  date: 2026-11-21\n  text",
        "- id: 1\n  date: 9999-12-31\n  text",
        ("date: 9999-12-31", 9),
        "notes[0].date: 9999-12-31 is out of range",
    ),
    (
        "  title: Test suite\n",
        '  title: "Test\\0suite"\n',
        ('"Test', 10),
        "evidence[0].title: must not contain control characters (found U+0000)",
    ),
    (
        "  title: Test suite\n  kind: ''\n  description: ''\n",
        "  title: Test suite\n  kind: ''\n  description: \"Clear \\e[2J\"\n",
        ('"Clear', 16),
        "evidence[0].description: must not contain control characters (found U+001B)",
    ),
    (
        "  title: Test suite\n  kind: ''\n  description: ''\n  impact: []\n  links: []\n  tags: []",
        "  title: Test suite\n  kind: ''\n  description: ''\n  impact: []\n  links: []\n"
        '  tags: ["\\u202eevil"]',
        ('["', 10),
        "evidence[0].tags[0]: must not contain bidirectional override characters",
    ),
    (
        "  title: Test suite\n  kind: ''\n  description: ''\n  impact: []\n  links: []\n",
        "  title: Test suite\n  kind: ''\n  description: ''\n  impact: []\n"
        "  links: [javascript:alert(1)]\n",
        ("[javascript", 11),
        "evidence[0].links[0]: 'javascript:alert(1)' is not an http(s) or mailto link",
    ),
    (
        "  title: Test suite\n  kind: ''\n  description: ''\n  impact: []\n  links: []\n",
        "  title: Test suite\n  kind: ''\n  description: ''\n  impact: []\n"
        "  links: ['file:///etc/passwd']\n",
        ("['file", 11),
        "evidence[0].links[0]: 'file:///etc/passwd' is not an http(s) or mailto link",
    ),
    (
        "- id: 1\n  date: 2026-10-01",
        "- id: 9223372036854775808\n  date: 2026-10-01",
        ("9223372036854775808", 7),
        "evidence[0].id: Input should be less than or equal to 9223372036854775807",
    ),
    (
        "- id: 1\n  date: 2026-11-21\n  text",
        "- id: 99999999999999999999999\n  date: 2026-11-21\n  text",
        ("99999999999999999999999", 7),
        "notes[0].id: Input should be less than or equal to 9223372036854775807",
    ),
    (
        "  text: Ask about the Q1 migration\n",
        '  text: "Ask\\0about"\n',
        ('"Ask', 9),
        "notes[0].text: must not contain control characters (found U+0000)",
    ),
    (
        "  lack: A cross-team project\n",
        '  lack: "A \\e]0;pwned\\a project"\n',
        ('"A ', 9),
        "answers.lack: must not contain control characters (found U+001B)",
    ),
    (
        "  note: one more\n",
        '  note: "one \\e]52;c;ZXZpbA==\\a more"\n',
        ('"one', 9),
        "ratings[0].note: must not contain control characters (found U+001B)",
    ),
    (
        "  rated_on: 2026-11-21\n",
        "  rated_on: 1066-10-14\n",
        ("rated_on: 1066", 13),
        "ratings[0].rated_on: 1066-10-14 is out of range",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), CASES, ids=lambda v: str(v)[:40])
def test_an_export_holding_what_the_cli_refuses_is_refused_where_it_is(
    old: str,
    new: str,
    at: tuple[str, int],
    message: str,
    exported: str,
    tmp_path: Path,
) -> None:
    assert old in exported
    start = exported.index(old)
    bad = exported[:start] + new + exported[start + len(old) :]
    anchor, column = at
    line = bad.count("\n", 0, bad.index(anchor, start)) + 1
    source = tmp_path / "in.yaml"
    source.write_text(bad, encoding="utf-8")
    tree = Tree(tmp_path)
    done = run("--data", tmp_path / "portfolio.db", "--today", TODAY, "import", source)
    done.refused(f"{source}:{line}:{column}: {message}")
    tree.unchanged()


def test_a_refused_import_creates_no_portfolio(exported: str, tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text(exported.replace("date: 2026-10-01", "date: 2026-12-01"), encoding="utf-8")
    fresh = tmp_path / "new" / "portfolio.db"
    run("--data", fresh, "--today", TODAY, "import", source).refused("is after today")
    assert not fresh.parent.exists()


def test_the_pretend_day_decides_what_is_in_the_future(exported: str, tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text(exported.replace("date: 2026-10-01", "date: 2026-12-01"), encoding="utf-8")
    target = tmp_path / "other.db"
    assert run("--data", target, "--today", "2026-12-01", "import", source).code == 0
    assert "2026-12-01" in run("--data", target, "evidence", "list").ok()


# -- what is read at all -------------------------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, db: Path) -> None:
    fifo = tmp_path / "in.yaml"
    os.mkfifo(fifo)
    tree = Tree(tmp_path)
    run("--data", db, "import", fifo, timeout=15).refused(str(fifo), "not a regular file")
    tree.unchanged()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_without_reading_it(device: str, tmp_path: Path, db: Path) -> None:
    tree = Tree(tmp_path)
    run("--data", db, "import", device, timeout=15).refused(device, "not a regular file")
    tree.unchanged()


def test_a_directory_is_refused(tmp_path: Path, db: Path) -> None:
    tree = Tree(tmp_path)
    run("--data", db, "import", tmp_path).refused("is a directory")
    tree.unchanged()


def test_text_that_is_not_utf8_is_refused_at_its_line_and_column(
    exported: str, tmp_path: Path, db: Path
) -> None:
    source = tmp_path / "latin1.yaml"
    source.write_bytes(exported.replace("Test suite", "Caf\u00e9 suite").encode("latin-1"))
    line = exported[: exported.index("Test suite")].count("\n") + 1
    tree = Tree(tmp_path)
    run("--data", db, "import", source).refused(f"{source}:{line}:13: not UTF-8 text (byte 0xe9)")
    tree.unchanged()


def test_a_file_beyond_the_size_bound_is_refused_unread(tmp_path: Path, db: Path) -> None:
    from promo_planner.core.files import MAX_EXPORT_BYTES

    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:  # sparse: no time or disk spent
        handle.truncate(MAX_EXPORT_BYTES + 1)
    assert stat.S_ISREG(big.stat().st_mode)
    tree = Tree(tmp_path)
    run("--data", db, "import", big).refused(str(big), "larger than")
    tree.unchanged()
