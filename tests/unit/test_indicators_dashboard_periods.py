"""The dashboard's periods: the one before each, across year ends, and the current one."""

from __future__ import annotations

from datetime import UTC, datetime

from marketplace.indicators.dashboard import Figure
from marketplace.indicators.domain.periods import current_period, previous_period


def test_the_previous_period_crosses_year_ends() -> None:
    assert previous_period("2026-03", "month") == "2026-02"
    assert previous_period("2026-01", "month") == "2025-12"
    assert previous_period("2026-Q1", "quarter") == "2025-Q4"
    assert previous_period("2026-Q3", "quarter") == "2026-Q2"
    assert previous_period("2026", "year") == "2025"
    assert previous_period("2026-03-01", "day") == "2026-02-28"


def test_the_current_period_is_martinique_time() -> None:
    # 1 April 02:00 UTC is still 31 March 22:00 in Martinique.
    assert current_period("month", datetime(2026, 4, 1, 2, tzinfo=UTC)) == "2026-03"
    assert current_period("quarter", datetime(2026, 4, 1, 2, tzinfo=UTC)) == "2026-Q1"


def test_a_withheld_count_has_no_trend() -> None:
    assert Figure(7, 3).change == 4
    assert Figure(None, 3).change is None
    assert Figure(7, None).change is None
