"""Run ``promo-planner import FILE`` into PORTFOLIO in this process and print how much it grew.

    python benchmarks/import_memory.py PORTFOLIO FILE

The baseline is the process's resident size once the command line and the import's modules are
loaded, just before the file is read; the growth is the peak resident size (VmHWM) minus it.
Prints one JSON line: {"baseline_kib": ..., "peak_kib": ..., "growth_kib": ...}.
"""

from __future__ import annotations

import json
import sys


def _status_kib(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    raise RuntimeError(f"{key} not in /proc/self/status")


def main() -> int:
    """Import, then report the memory growth."""
    db, export = sys.argv[1:3]
    import promo_planner.cli.portfolio_cmd
    import promo_planner.core.exchange
    import promo_planner.core.store  # noqa: F401
    from promo_planner.cli import main as cli

    baseline = _status_kib("VmRSS:")
    code = cli(["--data", db, "--today", "2026-11-21", "import", export])
    peak = _status_kib("VmHWM:")
    print(json.dumps({"baseline_kib": baseline, "peak_kib": peak, "growth_kib": peak - baseline}))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
