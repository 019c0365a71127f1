"""Every cell of every grain at once, for the rebuild: the definitions of `aggregates.cells`
counted the fast way (a test keeps the two equal).

A million events make about two million facts; `cells` walks them once per grain and adds
each to eight breakdown sets. Here each fact is reduced once to its day-level memberships
(a work on a day, through a channel, in a territory group; a country on a day, by a source),
which are far fewer, and the coarser periods are taken from those. A work's attributes are a
function of the work, so its discipline, commune... are counted from its presence in the
period, not kept as sets. A member who acted on one day only (most of them) is counted per
day and kind, not per member.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache

from marketplace.indicators.domain.aggregates import (
    Cell,
    WorkAttributes,
    new_market_cells,
    periods_ending_within,
)
from marketplace.indicators.domain.countries import group_of
from marketplace.indicators.domain.fold import ACTIVITY, DIFFUSION, PREVIEW, Fact
from marketplace.indicators.domain.periods import GRAINS, period_of, period_start

_ATTRIBUTES = ("discipline", "commune", "epci", "creator", "organisation")
_NONE = WorkAttributes()
Key = tuple[str, str, str, str]  # indicator, period, dimension, value


class _Days:
    """The facts reduced to their day-level memberships."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.works: set[tuple[str, str]] = set()
        self.channels: set[tuple[str, str, str]] = set()
        self.groups: set[tuple[str, str, str]] = set()
        self.countries: set[tuple[str, str]] = set()
        self.sources: set[tuple[str, str, str]] = set()
        self.previews: set[tuple[str, str]] = set()
        self.members: defaultdict[str, defaultdict[str, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )
        for fact in facts:
            day, subject = fact.day, fact.subject
            if fact.indicator == DIFFUSION:
                self.works.add((day, subject))
                if fact.channel:
                    self.channels.add((day, fact.channel, subject))
                self.groups.add((day, group_of(fact.country), subject))
                if fact.country:
                    self.countries.add((day, fact.country))
                    self.sources.add((day, fact.country_source, fact.country))
            elif fact.indicator == PREVIEW:
                self.previews.add((day, subject))
            elif fact.indicator == ACTIVITY:
                self.members[subject][fact.member_kind].add(day)

    def first_reaches(self) -> dict[str, tuple[str, str]]:
        first: dict[str, tuple[str, str]] = {}
        for day, source, country in self.sources:
            mark = (day, source)
            if country not in first or mark < first[country]:
                first[country] = mark
        return first


def every_cell(
    facts: Mapping[Fact, int], works: Mapping[str, WorkAttributes]
) -> dict[str, list[Cell]]:
    """Each grain's cells, sorted: the same as `aggregates.cells` gives for each grain."""
    days = _Days(fact for fact, support in facts.items() if support > 0)
    reaches = days.first_reaches()
    members = _member_counts(days)
    found: dict[str, list[Cell]] = {}
    level = _Level.of_days(days)
    for grain in GRAINS:
        if grain != "day":
            level = level.coarser(grain)
        counts = level.counts(works)
        counts.update(members.get(grain, {}))
        cells = [Cell(*key, figure) for key, figure in counts.items()]
        found[grain] = sorted(cells + new_market_cells(reaches, grain))
    return found


class _Level:
    """The memberships of one grain's periods; each grain's are taken from the finer one's
    (a month's from its days, a quarter's from its months...), smaller at every step."""

    def __init__(
        self,
        grain: str,
        pairs: dict[str, set[tuple[str, str]]],
        triples: dict[str, set[tuple[str, str, str]]],
    ) -> None:
        self.grain = grain
        self.pairs = pairs  # works, countries, previews: (period, member)
        self.triples = triples  # channels, groups, sources: (period, value, member)

    @classmethod
    def of_days(cls, days: _Days) -> _Level:
        return cls(
            "day",
            {"works": days.works, "countries": days.countries, "previews": days.previews},
            {"channels": days.channels, "groups": days.groups, "sources": days.sources},
        )

    def coarser(self, grain: str) -> _Level:
        periods = {p for found in self.pairs.values() for p, _ in found}
        periods |= {p for found in self.triples.values() for p, _, _ in found}
        up = {p: period_of(period_start(p, self.grain).isoformat(), grain) for p in periods}
        return _Level(
            grain,
            {name: {(up[p], x) for p, x in found} for name, found in self.pairs.items()},
            {name: {(up[p], x, y) for p, x, y in found} for name, found in self.triples.items()},
        )

    def counts(self, works: Mapping[str, WorkAttributes]) -> Counter[Key]:
        counts: Counter[Key] = Counter()
        for at, work in self.pairs["works"]:
            counts["works_diffused", at, "total", ""] += 1
            for name, value in _attributes(works.get(work, _NONE)):
                counts["works_diffused", at, name, value] += 1
        for dimension, name in (("channel", "channels"), ("territory_group", "groups")):
            counts.update(
                ("works_diffused", at, dimension, value) for at, value, _ in self.triples[name]
            )
        for at, country in self.pairs["countries"]:
            counts["markets_reached", at, "total", ""] += 1
            counts["markets_reached", at, "territory_group", group_of(country)] += 1
            counts["markets_reached", at, "country", country] += 1
        counts.update(
            ("markets_reached", at, "country_source", source)
            for at, source, _ in self.triples["sources"]
        )
        counts.update(("previews", at, "total", "") for at, _ in self.pairs["previews"])
        return counts


@cache
def _attributes(attributes: WorkAttributes) -> tuple[tuple[str, str], ...]:
    """A work's non-empty attributes as breakdown keys (one answer per distinct set)."""
    return tuple(
        (name, getattr(attributes, name)) for name in _ATTRIBUTES if getattr(attributes, name)
    )


def _member_counts(days: _Days) -> dict[str, Counter[Key]]:
    """Active members per grain but the day: a member counts in every period whose 90-day
    window holds one of their days, once in the total and once per kind."""
    counts: dict[str, Counter[Key]] = {grain: Counter() for grain in GRAINS if grain != "day"}
    # Members with one kind and one day, counted by (day, kind): most of them.
    single: Counter[tuple[str, str]] = Counter()
    for kinds in days.members.values():
        if len(kinds) == 1:
            [(kind, acted)] = kinds.items()
            if len(acted) == 1:
                single[next(iter(acted)), kind] += 1
                continue
        for grain, found in counts.items():
            every: set[str] = set()
            for kind, acted in kinds.items():
                periods = _periods(acted, grain)
                every |= periods
                for period in periods:
                    found["active_members", period, "member_kind", kind] += 1
            for period in every:
                found["active_members", period, "total", ""] += 1
    for (day, kind), many in single.items():
        for grain, found in counts.items():
            for period in periods_ending_within(date.fromisoformat(day), grain):
                found["active_members", period, "total", ""] += many
                found["active_members", period, "member_kind", kind] += many
    return counts


def _periods(days: Iterable[str], grain: str) -> set[str]:
    found: set[str] = set()
    for day in days:
        found.update(periods_ending_within(date.fromisoformat(day), grain))
    return found
