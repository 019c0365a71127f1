"""One event's change to the kept cells: the shares of the members it touches, before and after.

Every cell counts distinct members (works, countries, people), so a cell is the sum of its
members' shares, and a member's share reads only that member's facts (`aggregates.cells`).
When an event makes facts appear or disappear (their support crosses zero), the consumer
reads the facts of the members they belong to — a work's facts in the years touched, the few
facts that decide a country's presence in a period or its first reach, a person's actions in
the 90-day windows touched — and each cell moves by the difference of those shares. A member
that another fact keeps in a cell changes nothing there: a refund takes a country away only
when nothing else reached it. Pure: the edge reads the facts and writes the differences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from marketplace.indicators.domain.aggregates import (
    Cell,
    periods_ending_within,
)
from marketplace.indicators.domain.fold import ACTIVITY, DIFFUSION, Fact
from marketplace.indicators.domain.periods import period_of

# grain, indicator, period, dimension, value: a kept cell's identity.
CellKey = tuple[str, str, str, str, str]
MEMBER_GRAINS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Crossing:
    """The facts whose support went from zero to positive, or from positive to zero."""

    appeared: frozenset[Fact] = frozenset()
    disappeared: frozenset[Fact] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.appeared or self.disappeared)

    @property
    def facts(self) -> frozenset[Fact]:
        return self.appeared | self.disappeared

    def only(self, keep: Callable[[Fact], bool]) -> Crossing:
        return Crossing(
            frozenset(f for f in self.appeared if keep(f)),
            frozenset(f for f in self.disappeared if keep(f)),
        )

    def of_work(self, work: str) -> Crossing:
        return self.only(lambda fact: fact.indicator != ACTIVITY and fact.subject == work)

    def of_country(self, country: str) -> Crossing:
        return self.only(lambda fact: fact.indicator == DIFFUSION and fact.country == country)

    def of_member(self, member: str) -> Crossing:
        return self.only(lambda fact: fact.indicator == ACTIVITY and fact.subject == member)


def crossing(deltas: Mapping[Fact, int], after: Mapping[Fact, int]) -> Crossing:
    """Which of the changed facts crossed zero, given their supports after the change."""
    appeared, disappeared = set(), set()
    for fact, delta in deltas.items():
        now = after.get(fact, 0)
        before = now - delta
        if before <= 0 < now:
            appeared.add(fact)
        elif now <= 0 < before:
            disappeared.add(fact)
    return Crossing(frozenset(appeared), frozenset(disappeared))


def share_change(
    supported: Iterable[Fact],
    moved: Crossing,
    grain: str,
    periods: set[str] | None,
    count: Callable[[list[Fact]], list[Cell]],
) -> Counter[CellKey]:
    """The change of one member's share in the given periods of a grain.

    `supported` holds the member's facts supported now (at least those deciding its share in
    those periods; None: every period); the share before is counted on them less the facts
    that appeared, plus those that disappeared."""
    after = list(supported)
    before = [fact for fact in after if fact not in moved.appeared] + list(moved.disappeared)
    return shares_moved(before, after, grain, periods, count, count)


def shares_moved(
    before: list[Fact],
    after: list[Fact],
    grain: str,
    periods: set[str] | None,
    count_before: Callable[[list[Fact]], list[Cell]],
    count_after: Callable[[list[Fact]], list[Cell]],
) -> Counter[CellKey]:
    """Cells counted after less cells counted before (periods None: every period)."""
    change: Counter[CellKey] = Counter()
    for cells, sign in ((count_after(after), 1), (count_before(before), -1)):
        for cell in cells:
            if periods is None or cell.period in periods:
                change[grain, cell.indicator, cell.period, cell.dimension, cell.value] += (
                    sign * cell.figure
                )
    return Counter({key: figure for key, figure in change.items() if figure})


def over_grains(
    grains: Iterable[str], change_of: Callable[[str], Counter[CellKey]]
) -> Counter[CellKey]:
    """The changes of several grains together."""
    total: Counter[CellKey] = Counter()
    for grain in grains:
        total.update(change_of(grain))
    return total


def fact_periods(facts: Iterable[Fact], grain: str) -> set[str]:
    """The periods of a grain holding the facts' days (diffusion and previews)."""
    return {period_of(fact.day, grain) for fact in facts}


def member_periods(facts: Iterable[Fact], grain: str) -> set[str]:
    """The periods whose 90-day window holds one of the actions' days."""
    found: set[str] = set()
    for fact in facts:
        found.update(periods_ending_within(date.fromisoformat(fact.day), grain))
    return found


def works_of(moved: Crossing) -> set[str]:
    return {fact.subject for fact in moved.facts if fact.indicator != ACTIVITY}


def countries_of(moved: Crossing) -> set[str]:
    return {fact.country for fact in moved.facts if fact.indicator == DIFFUSION and fact.country}


def members_of(moved: Crossing) -> set[str]:
    return {fact.subject for fact in moved.facts if fact.indicator == ACTIVITY}


def subjects(deltas: Mapping[Fact, int]) -> set[str]:
    """What the consumer locks before changing these facts' supports: every work, country
    and member whose share they can move (`work:`, `country:`, `member:` keys)."""
    found: set[str] = set()
    for fact, delta in deltas.items():
        if not delta:
            continue
        if fact.indicator == ACTIVITY:
            found.add(f"member:{fact.subject}")
            continue
        found.add(f"work:{fact.subject}")
        if fact.indicator == DIFFUSION and fact.country:
            found.add(f"country:{fact.country}")
    return found
