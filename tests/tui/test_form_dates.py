"""The app's forms take dates by the same rule as the command line (core.records.read_date)."""

from __future__ import annotations

import datetime as dt

import pytest

from promo_planner.tui.dialogs.evidence_fields import parse_date
from promo_planner.tui.screens.setup import parse_target_date

TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize("text", ["20270630", "2027-W26-3", "2027-02-30", "3001-01-01"])
def test_forms_refuse_what_the_command_line_refuses(text: str) -> None:
    value, problem = parse_target_date(text, TODAY)
    assert value is None and problem
    value, message = parse_date(text)
    assert value is None and message


def test_forms_take_a_plain_date() -> None:
    assert parse_target_date("2027-06-30", TODAY) == (dt.date(2027, 6, 30), "")
    assert parse_date("2026-11-01") == (dt.date(2026, 11, 1), None)
