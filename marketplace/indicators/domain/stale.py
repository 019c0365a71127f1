"""Which periods' cells a change of facts makes stale (the consumer marks them, the
refresher counts them again).

A diffusion or preview fact belongs to the day, month, quarter and year holding its day. A
member's action counts for active members in every period whose 90-day window holds its day
(months, quarters, years: active members are not counted by day). New markets depend on the
first reach of each country over all time: the refresher recounts them whenever it counts
anything (a handful of rows), so they need no mark of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from marketplace.indicators.domain.aggregates import periods_ending_within
from marketplace.indicators.domain.fold import ACTIVITY, Fact
from marketplace.indicators.domain.periods import GRAINS, period_of

MEMBER_GRAINS = ("month", "quarter", "year")
SEPARATOR = "/"


def stale_periods(facts: Iterable[Fact]) -> set[tuple[str, str]]:
    """(grain, period) of every cell the facts' supports can change."""
    found: set[tuple[str, str]] = set()
    for fact in facts:
        if fact.indicator == ACTIVITY:
            day = date.fromisoformat(fact.day)
            for grain in MEMBER_GRAINS:
                found.update((grain, period) for period in periods_ending_within(day, grain))
        else:
            found.update((grain, period_of(fact.day, grain)) for grain in GRAINS)
    return found


def stale_key(grain: str, period: str) -> str:
    return f"{grain}{SEPARATOR}{period}"


def from_stale_key(key: str) -> tuple[str, str]:
    grain, period = key.split(SEPARATOR, 1)
    return grain, period
