"""One period's cells counted by the database: distinct works, markets and members.

The definitions are `domain/aggregates.cells` (pure, the reference: a test keeps the two equal
on both engines); here the database counts distinct values over one period's facts through
the (indicator, day) index, so a year costs a few queries, not a Python walk over every fact.
Work attributes (discipline, commune...) are joined in Python: a period has at most one row
per work diffused.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from marketplace.indicators.domain.aggregates import ACTIVE_DAYS, Cell, WorkAttributes
from marketplace.indicators.domain.countries import group_of, known_codes
from marketplace.indicators.domain.fold import ACTIVITY, DIFFUSION, PREVIEW, Fact
from marketplace.indicators.domain.periods import period_end, period_of, period_start
from marketplace.indicators.domain.stale import stale_periods
from marketplace.indicators.repository import Tables, raw

_LIVE_FACT = "support > 0 AND indicator = {} AND day >= {} AND day <= {}"
_ATTRIBUTES = ("discipline", "commune", "epci", "creator", "organisation")


def _market_keys(country: str, source: str) -> tuple[tuple[str, str], ...]:
    return (
        ("total", ""),
        ("territory_group", group_of(country)),
        ("country", country),
        ("country_source", source),
    )


async def _rows(
    tables: Tables, select: str, indicator: str, first: str, last: str, then: str = ""
) -> Any:
    return await raw(
        f"{select} FROM {tables.facts} WHERE {_LIVE_FACT}{then}",
        indicator,
        first,
        last,
    )


async def period_cells(
    tables: Tables, grain: str, period: str, directory: Mapping[str, WorkAttributes]
) -> list[Cell]:
    """Every cell of one period but the new markets (`new_market_cells`), sorted."""
    first, last = period_start(period, grain).isoformat(), period_end(period, grain).isoformat()
    found: list[Cell] = []

    def add(indicator: str, dimension: str, value: str, figure: int) -> None:
        if figure:
            found.append(Cell(indicator, period, dimension, value, figure))

    # One pass over the period's diffusion: its distinct (work, channel, country, source).
    works: set[str] = set()
    by_channel: defaultdict[str, set[str]] = defaultdict(set)
    by_group: defaultdict[str, set[str]] = defaultdict(set)
    markets: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for row in await _rows(
        tables,
        "SELECT subject, channel, country, country_source",
        DIFFUSION,
        first,
        last,
        " GROUP BY subject, channel, country, country_source",
    ):
        work, channel, country = str(row["subject"]), str(row["channel"]), str(row["country"])
        works.add(work)
        if channel:
            by_channel[channel].add(work)
        by_group[group_of(country)].add(work)
        if country:
            for key in _market_keys(country, str(row["country_source"])):
                markets[key].add(country)
    add("works_diffused", "total", "", len(works))
    by_attribute: Counter[tuple[str, str]] = Counter()
    for work in works:
        attributes = directory.get(work, WorkAttributes())
        for name in _ATTRIBUTES:
            value = getattr(attributes, name)
            if value:
                by_attribute[name, value] += 1
    for (name, value), figure in by_attribute.items():
        add("works_diffused", name, value, figure)
    for channel, members in by_channel.items():
        add("works_diffused", "channel", channel, len(members))
    for group, members in by_group.items():
        add("works_diffused", "territory_group", group, len(members))
    for (dimension, value), countries in markets.items():
        add("markets_reached", dimension, value, len(countries))
    previews = await _rows(tables, "SELECT COUNT(DISTINCT subject) AS n", PREVIEW, first, last)
    add("previews", "total", "", int(previews[0]["n"]))
    if grain != "day":
        found += await _active_members(tables, period, period_end(period, grain))
    return sorted(found)


async def _active_members(tables: Tables, period: str, end: Any) -> list[Cell]:
    """Members who acted in the 90 days ending on the period's last day."""
    first = (end - timedelta(days=ACTIVE_DAYS - 1)).isoformat()
    last = end.isoformat()
    total = await _rows(tables, "SELECT COUNT(DISTINCT subject) AS n", ACTIVITY, first, last)
    found = []
    if int(total[0]["n"]):
        found.append(Cell("active_members", period, "total", "", int(total[0]["n"])))
    for row in await raw(
        f"SELECT member_kind, COUNT(DISTINCT subject) AS n FROM {tables.facts} "  # noqa: S608
        f"WHERE {_LIVE_FACT} GROUP BY member_kind",
        ACTIVITY,
        first,
        last,
    ):
        found.append(
            Cell("active_members", period, "member_kind", str(row["member_kind"]), int(row["n"]))
        )
    return found


async def first_reaches(tables: Tables) -> dict[str, tuple[str, str]]:
    """Each country's first diffusion ever: its day and, that day, the smallest source.

    One seek per known country in the partial index `..._first_reach` (migration 0002), in
    one statement: scanning every diffusion fact for it took a second at 200,000 events."""
    codes = known_codes()
    # The indicator is written out, not bound: the partial index's own condition must match.
    first = (
        f"(SELECT day || ' ' || country_source FROM {tables.facts} "  # noqa: S608
        "WHERE indicator = 'diffusion' AND support > 0 AND country = {} "
        "ORDER BY day, country_source LIMIT 1)"
    )
    rows = await raw("SELECT " + ", ".join(f"{first} AS c{n}" for n in range(len(codes))), *codes)
    found = {}
    for code, mark in zip(codes, rows[0].values(), strict=True):
        if mark is not None:
            day, _, source = str(mark).partition(" ")
            found[code] = (day, source)
    return found


def new_market_cells(grain: str, reaches: Mapping[str, tuple[str, str]]) -> list[Cell]:
    """The new markets of every period of a grain: countries whose first reach falls in it."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for country, (day, source) in reaches.items():
        period = period_of(day, grain)
        for dimension, value in _market_keys(country, source):
            counts[period, dimension, value] += 1
    return sorted(
        Cell("new_markets", period, dimension, value, figure)
        for (period, dimension, value), figure in counts.items()
    )


async def every_period(tables: Tables) -> set[tuple[str, str]]:
    """Every (grain, period) some supported fact gives a cell to."""
    rows = await raw(
        f"SELECT DISTINCT indicator, day FROM {tables.facts} WHERE support > 0"  # noqa: S608
    )
    return stale_periods(Fact(str(r["indicator"]), str(r["day"]), "", "", "", "") for r in rows)
