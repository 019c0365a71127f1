"""The analytics' pure parts: Martinique days of a window, bars, and a CSV no spreadsheet runs."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from marketplace.markets.analytics.counters import (
    COUNTERS,
    DayCounts,
    bars,
    csv_text,
    martinique_day,
    safe_cell,
    window_days,
)


def test_a_moment_counts_on_its_martinique_day() -> None:
    # 02:00 UTC on 7 December is still 22:00 on 6 December in Martinique (UTC-4).
    assert martinique_day(datetime(2026, 12, 7, 2, 0, tzinfo=UTC)) == "2026-12-06"


def test_every_day_of_the_window_shows_with_zeros_where_nothing_happened() -> None:
    counted = [DayCounts("2026-12-07", {"stand_visits": 3})]
    days = window_days(
        datetime(2026, 12, 7, 2, 0, tzinfo=UTC), datetime(2026, 12, 9, 3, 0, tzinfo=UTC), counted
    )
    assert [d.day for d in days] == ["2026-12-06", "2026-12-07", "2026-12-08"]
    assert [d["stand_visits"] for d in days] == [0, 3, 0]
    assert [b.height for b in bars(days, "stand_visits")] == [0.0, 100.0, 0.0]
    assert [b.height for b in bars(days, "plays")] == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("text", ["=1+2", "+33", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_run_as_a_formula_gets_a_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_the_csv_quotes_and_defuses_the_market_name() -> None:
    headers = {key: key for key in ("market", "day", *COUNTERS)}
    days = [DayCounts("2026-12-06", {"sales_units": 2, "sales_gross_cents": 1600})]
    rows = list(csv.reader(io.StringIO(csv_text('=cmd|" /C calc"!A0, Lakou', headers, days))))
    assert rows[0] == ["market", "day", *COUNTERS]
    assert rows[1][0] == '\'=cmd|" /C calc"!A0, Lakou'
    assert rows[1][1:] == ["2026-12-06", "0", "0", "0", "0", "2", "1600", "0"]
