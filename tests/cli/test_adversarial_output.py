"""Writing through ``-o`` and to stdout, as an adversary would aim it (issue 11).

Every writer (``report -o``, ``export -o``, ``guideline import -o``) goes through
``files.write_atomically``: only a regular file or a new name is written, a symbolic link is
written through, the portfolio and its companions and any SQLite file are never replaced.
A stdout that cannot be written is one line and exit 2 (a closed pipe: a quiet exit).
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.real_cli import (
    FT_SOURCE,
    ROOT,
    TODAY,
    Run,
    Tree,
    as_a_plain_user,
    planned,
    run,
)

Writer = Callable[..., Run]


def report_md(folder: Path, db: Path, target: str | Path, **kw: Any) -> Run:
    return run("--data", db, "--today", TODAY, "report", "-o", target, **kw)


def report_html(folder: Path, db: Path, target: str | Path, **kw: Any) -> Run:
    return run("--data", db, "--today", TODAY, "report", "--format", "html", "-o", target, **kw)


def export(folder: Path, db: Path, target: str | Path, **kw: Any) -> Run:
    return run("--data", db, "--today", TODAY, "export", "-o", target, **kw)


def guideline_import(folder: Path, db: Path, target: str | Path, **kw: Any) -> Run:
    return run(
        "--data", db, "guideline", "import", "--from", "ft", folder / "ft.yml", "-o", target, **kw
    )


WRITERS = [
    pytest.param(report_md, id="report"),
    pytest.param(export, id="export"),
    pytest.param(guideline_import, id="guideline-import"),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    (tmp_path / "ft.yml").write_text(FT_SOURCE, encoding="utf-8")  # for guideline import
    return planned(tmp_path)


def _check_the_writer_works(write: Writer, tmp_path: Path, db: Path) -> None:
    """Each refusal below is meaningful only if the same writer writes a plain file."""
    out = tmp_path / "plain.out"
    assert write(tmp_path, db, out).code == 0
    assert out.stat().st_size > 0
    out.unlink()


@pytest.mark.parametrize("write", WRITERS)
def test_a_fifo_is_refused_at_once(write: Writer, tmp_path: Path, db: Path) -> None:
    _check_the_writer_works(write, tmp_path, db)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    tree = Tree(tmp_path)
    write(tmp_path, db, fifo).refused(str(fifo), "not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    tree.unchanged()


@pytest.mark.parametrize("write", WRITERS)
def test_a_device_node_is_refused_and_stays_a_device(
    write: Writer, tmp_path: Path, db: Path
) -> None:
    device = tmp_path / "full"
    try:  # a private copy of /dev/full (as root; anyone else writes to the real one)
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except PermissionError:
        device = Path("/dev/full")
    tree = Tree(tmp_path)
    write(tmp_path, db, device).refused(str(device), "not a regular file")
    assert stat.S_ISCHR(device.lstat().st_mode)
    tree.unchanged()


@pytest.mark.parametrize("write", WRITERS)
def test_a_directory_is_refused(write: Writer, tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    tree = Tree(tmp_path)
    write(tmp_path, db, folder).refused(str(folder), "is a directory")
    tree.unchanged()


@pytest.mark.parametrize("write", WRITERS)
def test_a_missing_folder_is_refused(write: Writer, tmp_path: Path, db: Path) -> None:
    tree = Tree(tmp_path)
    write(tmp_path, db, tmp_path / "nowhere" / "out.txt").refused("does not exist")
    tree.unchanged()


@pytest.mark.parametrize("write", WRITERS)
def test_a_symlink_is_written_through_and_stays_a_link(
    write: Writer, tmp_path: Path, db: Path
) -> None:
    real = tmp_path / "kept" / "real.txt"
    real.parent.mkdir()
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert write(tmp_path, db, link).code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() != "old\n"
    assert real.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.txt"]  # no temporary left


@pytest.mark.parametrize("write", WRITERS)
def test_a_dangling_symlink_creates_the_file_it_names(
    write: Writer, tmp_path: Path, db: Path
) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "made.txt")
    assert write(tmp_path, db, link).code == 0
    assert link.is_symlink() and (tmp_path / "made.txt").stat().st_size > 0


@pytest.mark.parametrize("write", WRITERS)
def test_a_symlink_loop_is_refused(write: Writer, tmp_path: Path, db: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    tree = Tree(tmp_path)
    write(tmp_path, db, tmp_path / "a").refused("a symbolic link that leads to itself")
    tree.unchanged()


@pytest.mark.parametrize("write", WRITERS)
@pytest.mark.parametrize("how", ["as given", "relative", "through a symlink", "hard link"])
def test_the_portfolio_itself_is_never_replaced(
    write: Writer, how: str, tmp_path: Path, db: Path
) -> None:
    target: str | Path = db
    if how == "relative":
        target = os.path.relpath(db)
    elif how == "through a symlink":
        target = tmp_path / "alias.db"
        target.symlink_to(db)
    elif how == "hard link":
        target = tmp_path / "same.db"
        os.link(db, target)
    tree = Tree(tmp_path)
    write(tmp_path, db, target).refused("write to another file")
    tree.unchanged()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("write", WRITERS)
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_the_portfolios_companion_files_are_never_written(
    write: Writer, suffix: str, tmp_path: Path, db: Path
) -> None:
    # Absent (the portfolio is closed): a file made under that name would be read by SQLite
    # as a journal or log of the database the next time it opens.
    tree = Tree(tmp_path)
    write(tmp_path, db, f"{db}{suffix}").refused(f"is the portfolio's {suffix[1:]} file")
    tree.unchanged()


def test_the_open_portfolios_shared_memory_file_is_known_by_its_inode(
    tmp_path: Path, db: Path
) -> None:
    # The -shm file has no header to recognise it by: only its device and inode tell that a
    # hard link to it is the portfolio's.
    with sqlite3.connect(db) as holder:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("SELECT count(*) FROM evidence").fetchone()
        shm = Path(f"{db}-shm")
        assert shm.exists()
        alias = tmp_path / "notes.txt"
        os.link(shm, alias)
        before = alias.read_bytes()
        report_md(tmp_path, db, alias).refused("is the portfolio's shm file")
        assert alias.read_bytes() == before and alias.stat().st_ino == shm.stat().st_ino


@pytest.mark.parametrize("write", WRITERS)
def test_another_sqlite_database_is_never_replaced(write: Writer, tmp_path: Path, db: Path) -> None:
    other = tmp_path / "other-app.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    tree = Tree(tmp_path)
    write(tmp_path, db, other).refused("holds an SQLite database")
    tree.unchanged()


@pytest.mark.parametrize("write", WRITERS)
def test_a_read_only_file_is_not_replaced(write: Writer, tmp_path: Path, db: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("keep me\n")
    locked.chmod(0o444)
    tree = Tree(tmp_path)
    write(tmp_path, db, locked, prefix=as_a_plain_user()).refused(str(locked), "is read-only")
    tree.unchanged()


@pytest.mark.parametrize("write", WRITERS)
def test_a_read_only_folder_is_one_line(write: Writer, tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    tree = Tree(tmp_path)
    try:
        done = write(tmp_path, db, folder / "out.txt", prefix=as_a_plain_user())
        done.refused(str(folder / "out.txt"), "Permission denied")
        tree.unchanged()
    finally:
        folder.chmod(0o755)


def test_reports_are_private_like_the_export(tmp_path: Path, db: Path) -> None:
    old = os.umask(0o022)
    try:
        for fmt in ("md", "html", "json"):
            out = tmp_path / f"r.{fmt}"
            assert (
                run("--data", db, "--today", TODAY, "report", "--format", fmt, "-o", out).code == 0
            )
            assert out.stat().st_mode & 0o777 == 0o600, fmt
        kept = tmp_path / "shared.md"
        kept.write_text("")
        kept.chmod(0o644)
        assert report_md(tmp_path, db, kept).code == 0
        assert kept.stat().st_mode & 0o777 == 0o644  # the user's own choice stays
    finally:
        os.umask(old)


# -- stdout ----------------------------------------------------------------------------------

# Every command that prints, each in a state where it succeeds.
PRINTERS = [
    ["guideline", "list"],
    ["guideline", "show", "software-engineer"],
    ["guideline", "show", "software-engineer", "--json"],
    ["guideline", "schema"],
    ["evidence", "list"],
    ["evidence", "list", "--json"],
    ["evidence", "show", "1"],
    ["note", "list"],
    ["gaps"],
    ["gaps", "--json"],
    ["path"],
    ["path", "--json"],
    ["report"],
    ["report", "--format", "html"],
    ["report", "--format", "json"],
    ["export"],
]
WRITING_PRINTERS = [
    ["evidence", "add", "Another"],
    ["evidence", "link", "1", "people.mentoring"],
    ["rate", "craft.testing", "--self", "up"],
    ["answer", "risks", "The reorg"],
    ["note", "add", "Bring the graphs"],
]


def _full(tmp_path: Path, db: Path, command: list[str]) -> Run:
    with open("/dev/full", "wb") as full:
        return run("--data", db, "--today", TODAY, *command, stdout=full.fileno())


@pytest.mark.parametrize("command", PRINTERS, ids=" ".join)
def test_a_full_stdout_is_one_line_and_exit_2(command: list[str], tmp_path: Path, db: Path) -> None:
    tree = Tree(tmp_path)
    done = _full(tmp_path, db, command)
    done.refused("promo-planner: cannot write the output: No space left on device")
    tree.unchanged()


@pytest.mark.parametrize("command", WRITING_PRINTERS, ids=" ".join)
def test_a_full_stdout_after_a_write_is_one_line_too(
    command: list[str], tmp_path: Path, db: Path
) -> None:
    _full(tmp_path, db, command).refused("cannot write the output")


@pytest.mark.parametrize("command", PRINTERS + WRITING_PRINTERS, ids=" ".join)
def test_a_closed_pipe_ends_quietly(command: list[str], tmp_path: Path, db: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE
    try:
        done = run("--data", db, "--today", TODAY, *command, stdout=write_end)
    finally:
        os.close(write_end)
    assert (done.code, done.err) == (0, ""), done


def test_a_report_piped_into_head_is_quiet(tmp_path: Path, db: Path) -> None:
    command = [sys.executable, "-m", "promo_planner", "--data", str(db), "--today", TODAY]
    shell = (
        f"{shlex.join(command)} report --format html | head -c 10 >/dev/null;"
        " echo ${PIPESTATUS[0]}"
    )
    done = subprocess.run(
        ["bash", "-c", shell],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert (done.stdout.strip(), done.stderr) == ("0", "")
