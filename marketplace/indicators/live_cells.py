"""The kept cells moved by the consumer itself, in the event's own transaction.

`domain/deltas.py` says how: the members an event's crossing facts belong to are read here
(through the facts' subject and country indexes, migration 0003) and the cells move by the
difference of their shares. Members are locked first (an advisory lock per work, country and
member on PostgreSQL, taken in one order by every consumer; SQLite has one writer), so two
events of one member never both believe they brought it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from infra.db.engine import is_postgres
from marketplace.indicators import cell_store
from marketplace.indicators.domain.aggregates import (
    ACTIVE_DAYS,
    WorkAttributes,
    first_reach_cells,
    market_cells,
    member_cells,
    work_cells,
)
from marketplace.indicators.domain.deltas import (
    MEMBER_GRAINS,
    CellKey,
    Crossing,
    countries_of,
    fact_periods,
    member_periods,
    members_of,
    over_grains,
    share_change,
    works_of,
)
from marketplace.indicators.domain.fold import ACTIVITY, Fact
from marketplace.indicators.domain.periods import GRAINS, period_end, period_start
from marketplace.indicators.repository import FACT_COLUMNS, LIVE, facts_of_rows, raw
from marketplace.indicators.tables import FactRow
from marketplace.indicators.work_attributes import WorkDirectory, stored_attributes

# The advisory locks' first key: the indicators' members (the second is the member's hash).
_MEMBER_LOCKS = 18
# Written out, not bound: the partial indexes' own condition must match the query's.
_SUPPORTED_DIFFUSION = "indicator = 'diffusion' AND support > 0"


def _lock_key(subject: str) -> int:
    return int.from_bytes(hashlib.blake2b(subject.encode(), digest_size=4).digest(), signed=True)


async def lock_subjects(subjects: Iterable[str]) -> None:
    """Hold the members' locks until the transaction ends, in one order for everyone."""
    keys = sorted({_lock_key(subject) for subject in subjects})
    if keys and is_postgres(FactRow._meta.db):
        await raw(
            "SELECT " + ", ".join(f"pg_advisory_xact_lock({_MEMBER_LOCKS}, {{}})" for _ in keys),
            *keys,
        )


async def _subject_facts(indicators: tuple[str, ...], subject: str, first: str, last: str) -> Any:
    marks = ", ".join("{}" for _ in indicators)
    return facts_of_rows(
        await raw(
            f"SELECT {FACT_COLUMNS} FROM {LIVE.facts} WHERE indicator IN ({marks}) "  # noqa: S608
            "AND subject = {} AND day >= {} AND day <= {} AND support > 0",
            *indicators,
            subject,
            first,
            last,
        )
    )


async def _samples(queries: list[tuple[str, list[Any]]]) -> list[Fact]:
    """Several small samples of a country's facts in one round trip."""
    if not queries:
        return []
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({query}) AS q{n}"  # noqa: S608
        for n, (query, _) in enumerate(queries)
    )
    return facts_of_rows(await raw(sql, *(value for _, values in queries for value in values)))


def _years(facts: Iterable[Fact]) -> tuple[str, str]:
    """The first and last day of the years holding the facts (every grain's periods in them)."""
    days = sorted(fact.day for fact in facts)
    return f"{days[0][:4]}-01-01", f"{days[-1][:4]}-12-31"


async def _work_change(work: str, moved: Crossing, attributes: WorkAttributes) -> Counter[CellKey]:
    """A work's share of works diffused and previews, over the years its facts moved in."""
    first, last = _years(moved.facts)
    supported = await _subject_facts(("diffusion", "preview"), work, first, last)
    return over_grains(
        GRAINS,
        lambda grain: share_change(
            supported,
            moved,
            grain,
            fact_periods(moved.facts, grain),
            partial(work_cells, grain=grain, works={work: attributes}),
        ),
    )


async def _member_change(member: str, moved: Crossing) -> Counter[CellKey]:
    """A member's share of active members in the periods whose 90-day windows hold the days
    that moved (read over those windows only)."""
    periods = {grain: member_periods(moved.facts, grain) for grain in MEMBER_GRAINS}
    ends = [period_end(p, grain) for grain, found in periods.items() for p in found]
    if not ends:
        return Counter()
    first = min(ends) - timedelta(days=ACTIVE_DAYS - 1)
    supported = await _subject_facts((ACTIVITY,), member, first.isoformat(), max(ends).isoformat())
    return over_grains(
        MEMBER_GRAINS,
        lambda grain: share_change(
            supported, moved, grain, periods[grain], partial(member_cells, grain=grain)
        ),
    )


async def _country_change(country: str, moved: Crossing) -> Counter[CellKey]:
    """A country's share of markets reached (in each period its facts moved in, and per
    source) and of new markets (its first reach over all time). Each sample holds one fact
    more than appeared there: enough to tell whether anything else keeps the country."""
    appeared = len(moved.appeared)
    select = (
        f"SELECT {FACT_COLUMNS} FROM {LIVE.facts} WHERE {_SUPPORTED_DIFFUSION} AND country = {{}}"  # noqa: S608
    )
    change: Counter[CellKey] = Counter()
    for grain in GRAINS:
        periods = fact_periods(moved.facts, grain)
        queries: list[tuple[str, list[Any]]] = []
        for period in sorted(periods):
            span = [period_start(period, grain).isoformat(), period_end(period, grain).isoformat()]
            queries.append(
                (f"{select} AND day >= {{}} AND day <= {{}} LIMIT {appeared + 1}", [country, *span])
            )
            for source in sorted({fact.country_source for fact in moved.facts}):
                queries.append(
                    (
                        f"{select} AND country_source = {{}} AND day >= {{}} AND day <= {{}} "
                        f"LIMIT {appeared + 1}",
                        [country, source, *span],
                    )
                )
        supported = await _samples(queries)
        change.update(
            share_change(
                supported,
                moved,
                grain,
                periods,
                partial(market_cells, grain=grain),
            )
        )
    earliest = await _samples(
        [(f"{select} ORDER BY day, country_source LIMIT {appeared + 1}", [country])]
    )
    for grain in GRAINS:
        change.update(
            share_change(
                earliest,
                moved,
                grain,
                None,
                partial(first_reach_cells, grain=grain),
            )
        )
    return change


async def move_cells(moved: Crossing, works: WorkDirectory) -> None:
    """The cells' change for facts that crossed zero, written in the caller's transaction."""
    if not moved:
        return
    change: Counter[CellKey] = Counter()
    attributes = await stored_attributes(works_of(moved), works)
    for work in sorted(works_of(moved)):
        change.update(await _work_change(work, moved.of_work(work), attributes[work]))
    for country in sorted(countries_of(moved)):
        change.update(await _country_change(country, moved.of_country(country)))
    for member in sorted(members_of(moved)):
        change.update(await _member_change(member, moved.of_member(member)))
    await cell_store.add_to_cells(LIVE, change)
