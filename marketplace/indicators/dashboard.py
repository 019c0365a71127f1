"""The dashboard's figures for one period and the one before, read from the published cells.

The page reads exactly what the open-data endpoint publishes (`IndicatorFigures.published`,
suppression included), so the two can never disagree; this only arranges the cells into
headlines with their trend and breakdown tables. A withheld count stays `None` here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from marketplace.indicators.domain.countries import GROUPS
from marketplace.indicators.domain.periods import previous_period

PAGE_GRAINS = ("month", "quarter", "year")
HEADLINES = ("works_diffused", "markets_reached", "new_markets", "active_members")
MEMBER_KINDS = ("person", "organisation")
# The columns of the territory-group table (all three break down by group).
TERRITORY_COLUMNS = ("works_diffused", "markets_reached", "new_markets")
# The trend chart: the chosen period and the ones before it.
SERIES_LENGTH = 8

Key = tuple[str, str, str, str]  # indicator, period, dimension, value


@dataclass(frozen=True)
class Figure:
    count: int | None  # None: withheld (a count of people under five, or its complement)
    previous: int | None

    @property
    def withheld(self) -> bool:
        return self.count is None

    @property
    def change(self) -> int | None:
        """The difference with the previous period; None when either count is withheld."""
        if self.count is None or self.previous is None:
            return None
        return self.count - self.previous


@dataclass(frozen=True)
class Row:
    value: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Dashboard:
    grain: str
    period: str
    previous: str
    headlines: Mapping[str, Figure]
    members: tuple[Row, ...]
    territories: tuple[Row, ...]
    disciplines: tuple[Row, ...]
    communes: tuple[Row, ...]
    # The headlines over the last periods, oldest first (the trend chart and its table).
    series: tuple[tuple[str, Mapping[str, int | None]], ...]
    # Countries reached in the period (the map and its table): code -> first reached then.
    countries: Mapping[str, bool]


def index(cells: Iterable[Mapping[str, Any]]) -> dict[Key, int | None]:
    """Published cells (the endpoint's dicts) by key; a suppressed one maps to None."""
    return {
        (cell["indicator"], cell["period"], cell["dimension"], cell["value"]): (
            None if cell["suppressed"] else cell["count"]
        )
        for cell in cells
    }


def periods_back(period: str, grain: str, count: int = SERIES_LENGTH) -> list[str]:
    """`count` periods ending with `period`, oldest first."""
    found = [period]
    while len(found) < count:
        found.append(previous_period(found[-1], grain))
    return found[::-1]


def dashboard(
    cells: Iterable[Mapping[str, Any]], grain: str, period: str, previous: str
) -> Dashboard:
    found = index(cells)
    new_here = {
        key[3] for key in found if key[:3] == ("new_markets", period, "country") and found[key]
    }

    def figure(indicator: str, dimension: str = "total", value: str = "") -> Figure:
        # A cell nobody published counts zero: nothing of the kind happened in the period.
        return Figure(
            found.get((indicator, period, dimension, value), 0),
            found.get((indicator, previous, dimension, value), 0),
        )

    def values(indicator: str, dimension: str) -> list[str]:
        return sorted(
            {key[3] for key in found if key[:3] == (indicator, period, dimension)},
            key=lambda value: (-(found[indicator, period, dimension, value] or 0), value),
        )

    def ranked(dimension: str) -> tuple[Row, ...]:
        return tuple(
            Row(value, (figure("works_diffused", dimension, value),))
            for value in values("works_diffused", dimension)
        )

    return Dashboard(
        grain=grain,
        period=period,
        previous=previous,
        headlines={indicator: figure(indicator) for indicator in HEADLINES},
        members=tuple(
            Row(kind, (figure("active_members", "member_kind", kind),)) for kind in MEMBER_KINDS
        ),
        territories=tuple(
            Row(group, tuple(figure(name, "territory_group", group) for name in TERRITORY_COLUMNS))
            for group in GROUPS
        ),
        disciplines=ranked("discipline"),
        communes=ranked("commune"),
        series=tuple(
            (past, {name: found.get((name, past, "total", ""), 0) for name in HEADLINES})
            for past in periods_back(period, grain)
        ),
        countries={value: value in new_here for value in values("markets_reached", "country")},
    )
