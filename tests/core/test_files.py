"""The one safe writer behind reports, exports and converted ladders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from promo_planner.cli import main
from promo_planner.core.errors import InputError
from promo_planner.core.files import write_atomically


def test_new_file_gets_the_requested_mode_and_an_existing_one_keeps_its_own(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, "one\n", new_mode=0o600)
    assert target.stat().st_mode & 0o777 == 0o600
    target.chmod(0o640)
    write_atomically(target, "two\n", new_mode=0o600)
    assert target.read_text() == "two\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_failure_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, "old\n")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match=r"^out.txt: cannot write: No space left on device$"):
        write_atomically(target, "new\n", shown="out.txt")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_portfolio_export_is_private(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    args = ["--data", str(db), "--today", "2026-11-21"]
    init = ["init", "--guideline", "software-engineer", "--current", "L2", "--target", "L3"]
    assert main([*args, *init]) == 0
    out = tmp_path / "export.yaml"
    assert main([*args, "export", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert "software-engineer" in out.read_text()


def test_only_a_regular_file_or_a_new_name_is_written(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"^pipe: not a regular file"):
        write_atomically(fifo, "x", shown="pipe")
    with pytest.raises(InputError, match=r"is a directory"):
        write_atomically(tmp_path, "x")
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_the_protected_database_and_its_companions_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "portfolio.db"
    db.write_text("not even sqlite")  # protection is by name and inode, not by content
    for target in (db, tmp_path / "portfolio.db-wal", tmp_path / "portfolio.db-journal"):
        with pytest.raises(InputError, match=r"is the portfolio"):
            write_atomically(target, "report", protect=[db])
    os.link(db, tmp_path / "alias")
    with pytest.raises(InputError, match=r"is the portfolio \("):
        write_atomically(tmp_path / "alias", "report", protect=[db])
    assert db.read_text() == "not even sqlite"


def test_any_sqlite_file_is_refused_by_its_header(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "app.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(InputError, match=r"holds an SQLite database"):
        write_atomically(other, "report")
