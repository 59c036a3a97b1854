"""The data group of ``make bench``: export and import against PyYAML's C emitter and parser,
import memory on 100,000 items, and the commands that read every item (packet, check-in form).

Every timed row here runs both sides as processes (a fresh interpreter each, timed from start to
exit): ours is the ``promo-planner`` command, the baseline a ``python -c`` doing the YAML work
alone on the same data, so interpreter start and imports weigh on both alike.
"""

from __future__ import annotations

import json
import pickle
import subprocess
from pathlib import Path

import yaml
from run import IMPORT_BASELINE, OUT, PY, Row, alternate, app, portfolio, wall

HERE = Path(__file__).resolve().parent

DUMP_BASELINE = (
    "import pickle, sys, yaml\n"
    "data = pickle.load(open(sys.argv[1], 'rb'))\n"
    "with open(sys.argv[2], 'w') as out:\n"
    "    yaml.dump(data, out, Dumper=yaml.CSafeDumper, sort_keys=False,\n"
    "              default_flow_style=False, allow_unicode=True, width=1_000_000)\n"
)
"""What any YAML export must do at least: emit the same data (read from a pickle) with libyaml."""

LOAD_BASELINE = (
    "import sys, yaml\nwith open(sys.argv[1]) as f:\n    yaml.load(f, Loader=yaml.CSafeLoader)\n"
)
"""What any YAML import must do at least: parse the same file into Python values with libyaml."""


def export_file(evidence: int) -> Path:
    """The export of the generated portfolio of this size (written once, then reused)."""
    db = portfolio(evidence)
    path = db.parent / "export.yaml"
    if not path.exists() or path.stat().st_mtime < db.stat().st_mtime:
        subprocess.run(app(db, "export", "-o", str(path)), check=True, capture_output=True)
    return path


def data_pickle(export: Path) -> Path:
    """The export's data as plain Python values, pickled: the dump baseline's input."""
    path = export.with_suffix(".pickle")
    if not path.exists() or path.stat().st_mtime < export.stat().st_mtime:
        with export.open() as f:
            data = yaml.load(f, Loader=yaml.CSafeLoader)
        path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def fresh(db: Path) -> Path:
    """``db`` with nothing there (no file, no WAL): import creates it."""
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def import_memory(export: Path, db: Path) -> tuple[float, float]:
    """MiB the import process grows by at its peak (over its size once its modules are
    loaded, before the file is read), and the file's size on disk in MiB."""
    done = subprocess.run(
        [PY, str(HERE / "import_memory.py"), str(fresh(db)), str(export)],
        capture_output=True,
        check=True,
    )
    growth_kib = json.loads(done.stdout.decode().splitlines()[-1])["growth_kib"]
    return growth_kib / 1024, export.stat().st_size / 2**20


def measure_data(rounds: int) -> list[Row]:
    """Export, import, import memory, the packet and the check-in form."""
    big = portfolio(10_000)
    export = export_file(10_000)
    pickled = data_pickle(export)
    work = OUT / "data"
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []

    ours_out, base_out = work / "ours.yaml", work / "baseline.yaml"
    value, baseline = alternate(
        rounds,
        lambda: wall(app(big, "export", "-o", str(ours_out))),
        lambda: wall([PY, "-c", DUMP_BASELINE, str(pickled), str(base_out)]),
    )
    rows.append(
        Row("`export`, 10,000 evidence (processes)", value, "PyYAML `CSafeDumper`, same data",
            baseline, 2.0, "s")
    )  # fmt: skip

    target = work / "imported.db"
    value, baseline = alternate(
        rounds,
        lambda: wall(app(fresh(target), "import", str(export))),
        lambda: wall([PY, "-c", LOAD_BASELINE, str(export)]),
    )
    rows.append(
        Row("`import` into a new portfolio, 10,000 evidence (processes)", value,
            "PyYAML `CSafeLoader`, same file", baseline, 2.0, "s")
    )  # fmt: skip

    growth, size = import_memory(export_file(100_000), work / "imported-100k.db")
    rows.append(
        Row("`import` peak memory growth, 100,000 evidence", growth, "the file's size", size,
            4.0, "MiB")
    )  # fmt: skip

    def imports() -> float:
        return wall(IMPORT_BASELINE)

    packet = work / "packet.md"
    form = work / "checkin.yaml"
    for label, argv, target_ratio in (
        # The packet reads in full every counted piece of evidence of every criterion met (it
        # picks the strongest of each by impact and links): on this portfolio nearly all 10,000
        # items, which `report` (md, ≤ 3×) never does. Reading them is ~0.3 s of the ~0.65 s;
        # ≤ 10× holds it to that read plus the report's own work, and leaves no room for a
        # pass per criterion over all items again (it took 1.6 s, 14×, before this row).
        ("`report --kind packet`", app(big, "report", "--kind", "packet", "-o", str(packet)), 10.0),
        # The manager's form is `gaps --json`'s work (the readiness from 20,000 links as read:
        # ≤ 3×, 0.15 s in-process) plus the titles of the few
        # newest items per criterion and a YAML entry per criterion of the target level
        # (0.06 s, about 0.8× the baseline): ≤ 4.5× holds it to that sum with a little room for
        # a shared machine's noise (6.5× before this row, when it read every item in full).
        ("`checkin export`", app(big, "checkin", "export", "-o", str(form)), 4.5),
    ):
        value, baseline = alternate(rounds, lambda argv=argv: wall(argv), imports)
        rows.append(
            Row(f"{label}, 10,000 evidence", value, "import baseline", baseline, target_ratio, "s")
        )
    return rows
