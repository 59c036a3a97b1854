"""``Store.open(read_only=True)``, the peek shell completion takes on every Tab: it reads what
the portfolio holds (another process's latest commits too) and changes nothing, ever."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from promo_planner.core.errors import InputError
from promo_planner.core.records import EvidenceDraft, Plan
from promo_planner.core.store import Store
from tests.core.sample_ladder import sample_guideline
from tests.core.test_store_open import _fingerprint
from tests.helpers import TODAY


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Store.open(path, create=True) as store:
        store.set_plan(Plan("sample", "1", "L1", "L3-ic"), sample_guideline())
        store.add_evidence(EvidenceDraft("Wrote the runbook", TODAY), today=TODAY)
    return path


def test_reads_everything_and_writes_nothing(portfolio: Path) -> None:
    before = _fingerprint(portfolio)
    with Store.open(portfolio, read_only=True) as store:
        assert store.require_plan().target_level == "L3-ic"
        assert [e.title for e in store.list_evidence()] == ["Wrote the runbook"]
        with pytest.raises(InputError, match="read-only"):
            store.add_evidence(EvidenceDraft("Not saved", TODAY), today=TODAY)
    assert _fingerprint(portfolio) == before  # no -wal or -shm left behind either


def test_sees_what_a_process_holding_it_open_has_committed(portfolio: Path) -> None:
    with Store.open(portfolio) as writer:
        writer.add_evidence(EvidenceDraft("Mentored a new hire", TODAY), today=TODAY)
        assert Path(f"{portfolio}-wal").exists()  # not yet in the main file
        with Store.open(portfolio, read_only=True) as peek:
            assert peek.count_evidence() == 2


def test_never_creates_a_portfolio(tmp_path: Path) -> None:
    missing = tmp_path / "sub" / "p.db"
    for create in (False, True):
        with pytest.raises(InputError, match="no plan yet"):
            Store.open(missing, create=create, read_only=True)
    assert not missing.parent.exists()


def test_an_older_schema_is_refused_not_migrated(portfolio: Path) -> None:
    conn = sqlite3.connect(portfolio)
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    before = _fingerprint(portfolio)
    with pytest.raises(InputError) as caught:
        Store.open(portfolio, read_only=True)
    assert caught.value.lines == [
        f"{portfolio}: portfolio schema version 3 is older than this promo-planner's (4);"
        " any other promo-planner command upgrades it"
    ]
    assert _fingerprint(portfolio) == before


def test_evidence_ids_by_their_first_digits_newest_first(portfolio: Path) -> None:
    import datetime as dt

    with Store.open(portfolio) as store:
        for day in range(1, 12):  # ids 2..12, dated in order
            store.add_evidence(EvidenceDraft(f"Item {day}", dt.date(2026, 1, day)), today=TODAY)
    with Store.open(portfolio, read_only=True) as store:
        newest_first = [e.id for e in store.list_evidence()]
        assert store.evidence_ids() == newest_first
        assert store.evidence_ids("1") == [i for i in newest_first if str(i).startswith("1")]
        assert store.evidence_ids("1", limit=2) == store.evidence_ids("1")[:2]
        assert store.evidence_ids("12") == [12]
        assert store.evidence_ids("7x") == store.evidence_ids("%") == []
