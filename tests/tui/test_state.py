"""The app's snapshot agrees with the store and the report about which report came last."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from promo_planner.core.store import Store
from promo_planner.tui.state import read_portfolio
from tests.tui.conftest import TODAY


def test_last_report_is_the_one_the_report_measures_from(portfolio_path) -> None:
    with Store.open(portfolio_path) as store:
        store.record_report(TODAY, Decimal("60"), (), "md", "/tmp/a.md")
        newest = store.record_report(TODAY, Decimal("70"), (), "md", "/tmp/b.md")
    # As after an import from another machine: the clocks disagree with the order of writing.
    with sqlite3.connect(portfolio_path) as conn:
        conn.execute(
            "UPDATE report SET created_at = ? WHERE id = ?", ("1999-01-01 00:00:00", newest.id)
        )
    with Store.open(portfolio_path) as store:
        reading = read_portfolio(store, TODAY)
        assert reading is not None and reading.last_report is not None
        assert reading.last_report.id == store.last_report().id == newest.id
