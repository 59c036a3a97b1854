"""The floor of a command that reads every link: the baseline of ``gaps``, ``path`` and ``report``.

    python benchmarks/raw_read.py PORTFOLIO.db

Reads what those commands must read of a portfolio, with nothing but the standard library: each
piece of evidence's id and date, and every link with its strength and the moment it was made;
groups the links by criterion and writes them out as indented JSON. No ladder, no readiness, no
plan: what any implementation pays before it computes anything, so a command's ratio to it is
the cost of the logic, not of the portfolio's size or of starting Python.
"""

from __future__ import annotations

import json
import sqlite3
import sys


def main(path: str) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dated = dict(conn.execute("SELECT id, date FROM evidence ORDER BY date DESC, id DESC"))
    by_criterion: dict[str, list[list[object]]] = {}
    links = conn.execute(
        "SELECT evidence_id, criterion_id, strength, linked_on, linked_at FROM link ORDER BY rowid"
    )
    for evidence_id, criterion_id, strength, on, at in links:
        by_criterion.setdefault(criterion_id, []).append(
            [evidence_id, dated[evidence_id], strength, on, at]
        )
    sys.stdout.write(json.dumps(by_criterion, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
