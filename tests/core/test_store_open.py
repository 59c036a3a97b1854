"""Opening a portfolio: only a portfolio is written to, only init/import/the app create one,
and a file that is not one is refused with one line before anything changes (SPEC 3)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from promo_planner.core.errors import InputError
from promo_planner.core.records import EvidenceDraft, Plan
from promo_planner.core.schema import APPLICATION_ID
from promo_planner.core.store import Store
from tests.core.sample_ladder import sample_guideline
from tests.helpers import TODAY


def _fingerprint(path: Path) -> tuple[str, ...]:
    """The bytes of a file and of any -wal/-shm beside it (what must not change)."""
    out = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(f"{path}{suffix}")
        out.append(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "absent")
    return tuple(out)


def _refused(path: Path, *, create: bool = False) -> str:
    with pytest.raises(InputError) as caught:
        Store.open(path, create=create)
    assert len(caught.value.lines) == 1
    return caught.value.lines[0]


def test_another_applications_database_is_never_touched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ana')")
    conn.commit()
    conn.close()
    before = _fingerprint(path)
    for create in (False, True):  # not even init may convert it
        said = _refused(path, create=create)
        assert "not a promo-planner portfolio" in said and str(path) in said
    assert _fingerprint(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["contacts"]


def test_a_missing_or_empty_file_becomes_a_portfolio_only_when_asked(tmp_path: Path) -> None:
    missing = tmp_path / "sub" / "p.db"
    assert "no plan yet" in _refused(missing)
    assert not missing.exists() and not missing.parent.exists()

    empty = tmp_path / "empty.db"
    empty.touch()
    assert "an empty file, not a portfolio yet" in _refused(empty)
    assert empty.read_bytes() == b"" and _fingerprint(empty)[1:] == ("absent",) * 3

    with Store.open(empty, create=True) as store:
        assert store.plan() is None
    conn = sqlite3.connect(empty)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_new_portfolio_is_private_and_its_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "p.db"
    with Store.open(path, create=True) as store:
        store.add_evidence(EvidenceDraft("First", TODAY))
        for suffix in ("", "-wal", "-shm"):
            assert stat.S_IMODE(os.stat(f"{path}{suffix}").st_mode) == 0o600, suffix
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "p.db"
    if kind == "directory":
        path.mkdir()
        expected = "is a directory"
    else:
        os.mkfifo(path)
        expected = "not a regular file"
    for create in (False, True):
        assert expected in _refused(path, create=create)


def test_a_damaged_portfolio_is_one_line_and_stays_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Store.open(path, create=True) as store:
        store.set_plan(Plan("sample", "1", "L1", "L3-ic"), sample_guideline())
        for i in range(200):
            store.add_evidence(EvidenceDraft(f"Item {i}", TODAY, description="x" * 300))
    data = path.read_bytes()
    path.write_bytes(data[:-1])  # missing its last byte
    before = _fingerprint(path)
    try:
        with Store.open(path) as store:
            from tests.helpers import assessment

            assessment(store)
            store.list_evidence()
    except InputError as exc:
        assert len(exc.lines) == 1 and str(path) in exc.lines[0]
    assert _fingerprint(path) == before

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    before = _fingerprint(garbage)
    said = _refused(garbage)
    assert str(garbage) in said
    assert _fingerprint(garbage) == before


def test_a_read_only_portfolio_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes to read-only files; the permission check cannot be seen")
    path = tmp_path / "p.db"
    with Store.open(path, create=True) as store:
        store.set_plan(Plan("sample", "1", "L1", "L3-ic"), sample_guideline())
    path.chmod(0o400)
    with Store.open(path) as store:
        assert store.plan() is not None
        with pytest.raises(InputError, match="read-only"):
            store.add_evidence(EvidenceDraft("More", TODAY))


def test_an_old_portfolio_opened_to_read_is_migrated_and_marked_ours(tmp_path: Path) -> None:
    from tests.core.test_store_migration import _v1_portfolio

    path = tmp_path / "old.db"
    _v1_portfolio(path)
    with Store.open(path) as store:  # `gaps` on an old portfolio: it is ours, so it migrates
        assert store.plan() is not None
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_writes_to_a_file_deleted_or_replaced_under_the_store_are_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.db"
    with Store.open(path, create=True) as store:
        store.add_evidence(EvidenceDraft("Kept", TODAY))
        assert store.file_problem() is None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        assert "was deleted while open" in (store.file_problem() or "")
        with pytest.raises(InputError, match="nothing was saved"):
            store.add_evidence(EvidenceDraft("Lost?", TODAY))
        assert not path.exists()
        path.write_text("someone else's file")
        assert "was replaced while open" in (store.file_problem() or "")
        with pytest.raises(InputError, match="nothing was saved"):
            store.add_evidence(EvidenceDraft("Lost?", TODAY))
    assert path.read_text() == "someone else's file"


def test_evidence_dated_after_today_is_refused(tmp_path: Path) -> None:
    import datetime as dt

    with Store.open(tmp_path / "p.db", create=True) as store:
        with pytest.raises(InputError) as caught:
            store.add_evidence(
                EvidenceDraft("Next week", TODAY + dt.timedelta(days=1)), today=TODAY
            )
        assert caught.value.lines == [
            f"evidence date: {TODAY + dt.timedelta(days=1)} is after today ({TODAY});"
            " evidence records what you have done"
        ]
        assert store.count_evidence() == 0
        assert store.add_evidence(EvidenceDraft("Today", TODAY), today=TODAY).id == 1
