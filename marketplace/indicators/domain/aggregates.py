"""From facts to the published cells: distinct works, markets and members per period.

Pure and deterministic: the same facts (and work attributes) give the same cells, sorted, so
live and rebuilt tables can be compared cell by cell. Breakdowns by discipline, commune, EPCI,
creator and organisation read the works' attributes as they are now (a work's discipline is
not in its events).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from marketplace.indicators.domain.countries import group_of
from marketplace.indicators.domain.fold import ACTIVITY, DIFFUSION, PREVIEW, Fact
from marketplace.indicators.domain.periods import period_end, period_of

ACTIVE_DAYS = 90
# Counts of people: published only through suppression (`suppression.py`).
PEOPLE_INDICATORS = frozenset({"active_members"})


@dataclass(frozen=True)
class WorkAttributes:
    discipline: str = ""
    commune: str = ""  # INSEE code of the creator's commune
    epci: str = ""
    creator: str = ""
    organisation: str = ""  # the creator, when the creator is a structure


class Cell(NamedTuple):
    indicator: str
    period: str
    dimension: str  # total, channel, territory_group, country, country_source, discipline...
    value: str
    figure: int


def cells(
    facts: Iterable[tuple[Fact, int]], grain: str, works: Mapping[str, WorkAttributes]
) -> list[Cell]:
    """Every cell of one grain (day, month, quarter, year), sorted.

    Each distinct count is a sum over its members (works, countries, people), and each
    member's share reads only that member's facts: `work_cells` (a work's diffusion and
    previews), `market_cells` and `new_market_cells` (a country's diffusion), `member_cells`
    (a person's or organisation's actions). The live consumer counts the share of the members
    an event touches before and after it (`domain/deltas.py`); this adds every member's."""
    live = [fact for fact, support in facts if support > 0]
    found = work_cells(live, grain, works) + market_cells(live, grain)
    found += new_market_cells(first_reaches(live), grain)
    if grain != "day":
        found += member_cells(live, grain)
    return sorted(found)


Sets = defaultdict[tuple[str, str, str, str], set[str]]


def _counted(sets: Sets) -> list[Cell]:
    return [Cell(*key, len(members)) for key, members in sets.items() if members]


def work_cells(
    facts: Iterable[Fact], grain: str, works: Mapping[str, WorkAttributes]
) -> list[Cell]:
    """Works diffused (by channel, territory group and the work's attributes) and previews."""
    sets: Sets = defaultdict(set)
    for fact in facts:
        if fact.indicator == PREVIEW:
            sets["previews", period_of(fact.day, grain), "total", ""].add(fact.subject)
        elif fact.indicator == DIFFUSION:
            period = period_of(fact.day, grain)
            _diffusion(sets, period, fact, works.get(fact.subject, WorkAttributes()))
    return _counted(sets)


def market_cells(facts: Iterable[Fact], grain: str) -> list[Cell]:
    """Markets reached: the countries of the diffusion facts, by group, country and source."""
    sets: Sets = defaultdict(set)
    for fact in facts:
        if fact.indicator == DIFFUSION and fact.country:
            period = period_of(fact.day, grain)
            for dimension, value in _market_keys(fact.country, fact.country_source):
                sets["markets_reached", period, dimension, value].add(fact.country)
    return _counted(sets)


def first_reaches(facts: Iterable[Fact]) -> dict[str, tuple[str, str]]:
    """Each country's first diffusion: its day and, that day, the smallest source."""
    first: dict[str, tuple[str, str]] = {}
    for fact in facts:
        if fact.indicator == DIFFUSION and fact.country:
            reached = first.get(fact.country)
            mark = (fact.day, fact.country_source)
            if reached is None or mark < reached:
                first[fact.country] = mark
    return first


def new_market_cells(reaches: Mapping[str, tuple[str, str]], grain: str) -> list[Cell]:
    """New markets: the countries whose first reach falls in each period."""
    sets: Sets = defaultdict(set)
    for country, (day, source) in reaches.items():
        period = period_of(day, grain)
        for dimension, value in _market_keys(country, source):
            sets["new_markets", period, dimension, value].add(country)
    return _counted(sets)


def first_reach_cells(facts: Iterable[Fact], grain: str) -> list[Cell]:
    """New markets of the countries of these facts (one country's share, live)."""
    return new_market_cells(first_reaches(facts), grain)


def member_cells(facts: Iterable[Fact], grain: str) -> list[Cell]:
    """Active members (not by day): see `_active_members`."""
    sets: Sets = defaultdict(set)
    _active_members(sets, (fact for fact in facts if fact.indicator == ACTIVITY), grain)
    return _counted(sets)


def _diffusion(
    sets: Sets,
    period: str,
    fact: Fact,
    work: WorkAttributes,
) -> None:
    assert fact.indicator == DIFFUSION
    group = group_of(fact.country)
    for dimension, value in (
        ("total", ""),
        ("channel", fact.channel),
        ("territory_group", group),
        ("discipline", work.discipline),
        ("commune", work.commune),
        ("epci", work.epci),
        ("creator", work.creator),
        ("organisation", work.organisation),
    ):
        if dimension == "total" or value:
            sets["works_diffused", period, dimension, value].add(fact.subject)


def _market_keys(country: str, source: str) -> tuple[tuple[str, str], ...]:
    return (
        ("total", ""),
        ("territory_group", group_of(country)),
        ("country", country),
        ("country_source", source),
    )


@cache
def periods_ending_within(day: date, grain: str) -> tuple[str, ...]:
    """The periods whose last day falls in [day, day + 89] (the same for every member who
    acted that day: cached, as there are only so many days)."""
    found = []
    cursor = day
    last = day + timedelta(days=ACTIVE_DAYS - 1)
    while cursor <= last:
        period = period_of(cursor.isoformat(), grain)
        end = period_end(period, grain)
        if end <= last:
            found.append(period)
        cursor = end + timedelta(days=1)
    return tuple(found)


def _active_members(sets: Sets, facts: Iterable[Fact], grain: str) -> None:
    """A member is active in a period when they acted in the 90 days ending on its last day."""
    days: defaultdict[tuple[str, str], set[date]] = defaultdict(set)
    for fact in facts:
        days[fact.subject, fact.member_kind].add(date.fromisoformat(fact.day))
    for (member, kind), acted in days.items():
        periods: set[str] = set()
        for day in acted:
            periods.update(periods_ending_within(day, grain))
        for period in periods:
            sets["active_members", period, "total", ""].add(member)
            sets["active_members", period, "member_kind", kind].add(member)
