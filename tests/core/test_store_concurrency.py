"""Several processes on one portfolio: nothing lost, nothing corrupted, even by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from promo_planner.core.records import Plan
from promo_planner.core.store import Store
from tests.core.sample_ladder import sample_guideline

ROOT = Path(__file__).resolve().parents[2]

# A writer process: adds evidence (with a criterion link) and prints each id once committed.
WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from promo_planner.core.records import CriterionLink, EvidenceDraft
    from promo_planner.core.store import Store

    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Store.open(path, create=True) as store:
        i = 0
        while count < 0 or i < count:
            item = store.add_evidence(
                EvidenceDraft(
                    title=f"{name} {i}",
                    date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
                    impact=("x" * 200,),
                    criteria=(CriterionLink("craft.design", "partial"),),
                )
            )
            print(item.id, flush=True)
            i += 1
    """
)


def _writer(path: Path, name: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Store.open(path, create=True) as store:
        store.set_plan(Plan("sample", "1", "L2", "L3-ic"), sample_guideline())
    return path


def test_two_processes_adding_at_once_lose_nothing(portfolio: Path) -> None:
    writers = [_writer(portfolio, name, 200) for name in ("alpha", "beta")]
    results = [w.communicate(timeout=300) for w in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert err == ""  # no "database is locked", no traceback
        assert writer.returncode == 0
        assert len(out.split()) == 200
    with Store.open(portfolio, create=True) as store:
        assert store.count_evidence() == 400
        titles = {e.title for e in store.list_evidence()}
        assert titles == {f"{n} {i}" for n in ("alpha", "beta") for i in range(200)}
        assert len(store.links()) == 400
        assert store.integrity_problems() == []


def test_sigkill_mid_writes_keeps_every_acknowledged_write(portfolio: Path) -> None:
    writer = _writer(portfolio, "doomed", -1)  # writes until killed
    assert writer.stdout is not None
    acknowledged: list[int] = []
    for line in writer.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= 150:
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    # Ids it printed after our last read were committed too; read them so we check them all.
    acknowledged += [int(line) for line in writer.stdout.read().split()]
    assert writer.returncode == -signal.SIGKILL

    with Store.open(portfolio, create=True) as store:
        assert store.integrity_problems() == []
        stored = {e.id for e in store.list_evidence()}
        assert set(acknowledged) <= stored
        # At most the one write in flight at the kill is extra, and it is complete if present.
        assert len(stored - set(acknowledged)) <= 1
        linked = {evidence_id for evidence_id, _, _ in store.links()}
        assert linked == stored
