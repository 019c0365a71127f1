"""A market's daily counters, as the organiser reads them: pure Python.

Consumers add to one row per market and Martinique day; the page and the CSV read those rows
only (never the visits, bookings or orders they came from). A day with nothing is a row of
zeros, so every day of the window shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MARTINIQUE = ZoneInfo("America/Martinique")
# In the order of the table's columns and the CSV's.
COUNTERS = (
    "stand_visits",
    "plays",
    "meetings",
    "accreditations",
    "sales_units",
    "sales_gross_cents",
    "redemptions",
)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def martinique_day(moment: datetime) -> str:
    return moment.astimezone(MARTINIQUE).date().isoformat()


@dataclass(frozen=True)
class DayCounts:
    day: str  # ISO date in Martinique
    counts: Mapping[str, int] = field(default_factory=dict)

    def __getitem__(self, counter: str) -> int:
        return int(self.counts.get(counter, 0))

    @property
    def date(self) -> date:
        """The day as a date (a string would be read as midnight UTC: the day before here)."""
        return date.fromisoformat(self.day)


def window_days(
    opens_at: datetime, closes_at: datetime, counted: Iterable[DayCounts]
) -> list[DayCounts]:
    """Every Martinique day of the window (and any counted day outside it), oldest first."""
    by_day = {row.day: row for row in counted}
    first = opens_at.astimezone(MARTINIQUE).date()
    last = closes_at.astimezone(MARTINIQUE).date()
    days: list[str] = []
    current: date = first
    while current <= last and len(days) < 400:
        days.append(current.isoformat())
        current += timedelta(days=1)
    every = sorted(set(days) | set(by_day))
    return [by_day.get(day, DayCounts(day)) for day in every]


def totals(days: Iterable[DayCounts]) -> dict[str, int]:
    sums = dict.fromkeys(COUNTERS, 0)
    for row in days:
        for counter in COUNTERS:
            sums[counter] += row[counter]
    return sums


@dataclass(frozen=True)
class Bar:
    day: str
    value: int
    height: float  # 0 to 100, a share of the day with the most


def bars(days: Iterable[DayCounts], counter: str) -> list[Bar]:
    rows = list(days)
    top = max((row[counter] for row in rows), default=0)
    return [
        Bar(row.day, row[counter], round(100 * row[counter] / top, 1) if top else 0.0)
        for row in rows
    ]


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading ' before a formula's first character."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(market_name: str, headers: Mapping[str, str], days: Iterable[DayCounts]) -> str:
    """The days as CSV (RFC 4180 quoting), every text cell kept from running as a formula;
    `headers` names the columns (the day's and each counter's) in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(headers[key]) for key in ("market", "day", *COUNTERS)])
    for row in days:
        writer.writerow([safe_cell(market_name), row.day, *(row[c] for c in COUNTERS)])
    return out.getvalue()
