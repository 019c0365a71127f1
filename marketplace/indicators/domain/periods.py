"""Periods in Martinique time: day, month, quarter and year.

Martinique keeps UTC-4 all year (no daylight saving), so an instant's day never depends on
Europe's clock changes; every moment is converted from its own offset, never assumed local.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

MARTINIQUE = ZoneInfo("America/Martinique")
GRAINS = ("day", "month", "quarter", "year")


def martinique_day(moment: datetime) -> str:
    """The ISO date in Martinique of an instant (a naive one is read as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(MARTINIQUE).date().isoformat()


def period_of(day: str, grain: str) -> str:
    """The period holding a Martinique day: 2026-03-07, 2026-03, 2026-Q1 or 2026."""
    if grain == "day":
        return day
    if grain == "month":
        return day[:7]
    if grain == "quarter":
        return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"
    if grain == "year":
        return day[:4]
    raise ValueError(f"unknown grain {grain!r}")


def period_end(period: str, grain: str) -> date:
    """The last day of a period."""
    if grain == "day":
        return date.fromisoformat(period)
    year = int(period[:4])
    if grain == "year":
        return date(year, 12, 31)
    last_month = int(period[5:7]) if grain == "month" else int(period[-1]) * 3
    if grain not in ("month", "quarter"):
        raise ValueError(f"unknown grain {grain!r}")
    following = date(year + last_month // 12, last_month % 12 + 1, 1)
    return following - timedelta(days=1)


def valid_period(period: str, grain: str) -> bool:
    """Whether `period` is written the way `period_of` writes one for `grain`."""
    try:
        end = period_end(period, grain)
    except (ValueError, IndexError):
        return False
    return period_of(end.isoformat(), grain) == period


def current_period(grain: str, now: datetime) -> str:
    """The period of `grain` holding the instant `now`, in Martinique time."""
    return period_of(martinique_day(now), grain)


def period_start(period: str, grain: str) -> date:
    """The first day of a period."""
    end = period_end(period, grain)
    if grain == "day":
        return end
    if grain == "year":
        return date(end.year, 1, 1)
    return date(end.year, end.month - (2 if grain == "quarter" else 0), 1)


def previous_period(period: str, grain: str) -> str:
    """The period just before `period` (a valid one): 2026-01 gives 2025-12, 2026-Q1 2025-Q4."""
    return period_of((period_start(period, grain) - timedelta(days=1)).isoformat(), grain)
