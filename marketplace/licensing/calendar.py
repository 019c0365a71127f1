"""Availability as a calendar: for each territory group and medium, one cell per month saying
whether the group is offered there and then, and how much of it is still free. Pure Python.

A month's cell looks at every day of the month: the group's countries that some span covers
(offered, by a mandate), those an exclusive licence holds (licensed), those only offered
non-exclusively, and those still wholly free. The cell is `available` when every country of
the group is free all month, `licensed` when every offered country is held, `partly` when
anything lies between, and `none` when nothing is offered (no mandate).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marketplace.licensing.domain import Period, Span, Status, available_for


class Cell(StrEnum):
    AVAILABLE = "available"
    PARTLY = "partly"
    LICENSED = "licensed"
    NONE = "none"


@dataclass(frozen=True)
class Row:
    group: str
    medium: str
    cells: tuple[Cell, ...]  # one per month, in order


def months(first: date, count: int) -> list[Period]:
    """`count` calendar months from the month of `first`, each as a half-open period."""
    found = []
    year, month = first.year, first.month
    for _ in range(count):
        start = date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        found.append(Period(start, date(year, month, 1)))
    return found


def _statuses(spans: Iterable[Span], medium: str, month: Period) -> dict[Status, set[str]]:
    by_status: dict[Status, set[str]] = {status: set() for status in Status}
    for span in spans:
        if span.medium == medium and span.period.overlaps(month):
            by_status[span.status] |= span.countries
    return by_status


def _cell(group: frozenset[str], by_status: Mapping[Status, set[str]]) -> Cell:
    offered = group & set().union(*by_status.values())
    if not offered:
        return Cell.NONE
    held = group & by_status[Status.LICENSED]
    free = group & by_status[Status.EXCLUSIVE]
    shared = group & by_status[Status.NON_EXCLUSIVE]
    if free == group and not held and not shared:
        return Cell.AVAILABLE
    if held == offered and not free and not shared:
        return Cell.LICENSED
    return Cell.PARTLY


def timeline(
    spans: Sequence[Span],
    groups: Mapping[str, frozenset[str]],
    media: Sequence[str],
    periods: Sequence[Period],
) -> list[Row]:
    """A row per group and medium that has anything offered in one of the months."""
    rows = []
    for medium in media:
        by_month = [_statuses(spans, medium, month) for month in periods]
        for name, countries in groups.items():
            cells = tuple(_cell(countries, by_status) for by_status in by_month)
            if any(cell is not Cell.NONE for cell in cells):
                rows.append(Row(name, medium, cells))
    return rows


def statuses_over(spans: Sequence[Span], medium: str, period: Period) -> dict[str, Status | None]:
    """Each offered country's best status over the whole period (see `available_for`)."""
    countries = set().union(*(s.countries for s in spans if s.medium == medium), set())
    return {country: available_for(spans, country, medium, period) for country in sorted(countries)}
