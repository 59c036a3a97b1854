"""The benchmark generator makes the stress portfolio the issue asks for, deterministically."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from promo_planner.core.exchange import export_yaml
from promo_planner.core.store import Store
from tests.helpers import assessment

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def test_stress_portfolio_shape(tmp_path: Path) -> None:
    gen = _generator()
    db = gen.generate(60, tmp_path / "a")
    with Store.open(db, create=True) as store:
        g = store.guideline()
        assert len(g.levels) >= 8 and len(g.areas) >= 10 and len(g.criteria) >= 600
        assert any(lv.track == "manager" for lv in g.levels)  # the ladder branches
        assert store.count_evidence() == 60
        assert 100 <= len(store.links()) <= 120  # about two links per item
        assert store.ratings() and store.notes() and len(store.checkins()) == 4
        assert store.count_evidence("kestrel") == 1  # the planted filter target (i = 0)
        a = assessment(store)
        assert 0 < a.readiness < 100 and a.gaps


def test_generation_is_deterministic(tmp_path: Path) -> None:
    gen = _generator()
    texts = []
    for name in ("a", "b"):
        with Store.open(gen.generate(40, tmp_path / name), create=True) as store:
            text = export_yaml(store).replace(str(tmp_path / name), "DIR")
            # Only the moment of writing may differ between two runs.
            text = re.sub(r"(created_at|recorded_at|linked_at): [0-9:. -]+", r"\1: T", text)
            texts.append(text)
    assert texts[0] == texts[1]


def test_the_raw_read_baseline_reads_every_link_and_leaves_the_portfolio_alone(
    tmp_path: Path,
) -> None:
    # The floor gaps, path and report are measured against (make bench): every link, once.
    import json
    import subprocess

    db = _generator().generate(60, tmp_path / "a")
    from tests.bench_modules import load_benchmark

    copy = load_benchmark("run").copy_of(db, tmp_path)  # what a measure that writes works on
    done = subprocess.run(
        [sys.executable, str(BENCH / "raw_read.py"), str(copy)],
        capture_output=True,
        text=True,
        check=True,
    )
    read = json.loads(done.stdout)
    with Store.open(db) as store:
        links = store.links()
    assert sum(len(found) for found in read.values()) == len(links) > 0
    assert copy != db and copy.stat().st_size > 0
