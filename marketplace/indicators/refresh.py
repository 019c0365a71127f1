"""Keeping the published cells per period: the stale periods counted again, and all of them
for the rebuild.

The consumer marks the periods an event's facts touch in the transaction of the facts; the
refresher (a chore every second, beside the relay) counts each marked period again in a
transaction of its own and removes its mark unless an event marked it again meanwhile. New
markets hang on each country's first reach over all time, so they are recounted whenever
anything is (one query, a few hundred rows). Suppression is applied per period, as the
published cells always were (a period's breakdowns and totals are all in it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from infra.db.engine import is_postgres, write_transaction
from marketplace.indicators import cell_counts, cell_store
from marketplace.indicators.cell_store import Kept
from marketplace.indicators.domain.aggregates import Cell, WorkAttributes
from marketplace.indicators.domain.periods import GRAINS
from marketplace.indicators.domain.suppression import publishable
from marketplace.indicators.repository import LIVE, Tables, raw
from marketplace.indicators.tables import FactRow

# Any number of our own: two refreshers (the chore and a rebuild) take turns.
_REFRESH_LOCK = 1818


class WorkDirectory(Protocol):
    """The catalogue's answer to "what discipline, commune and creator is each work?"."""

    async def attributes(self) -> Mapping[str, WorkAttributes]: ...


def kept(grain: str, cells: Iterable[Cell]) -> list[Kept]:
    return [Kept(grain, cell, not shown) for cell, shown in publishable(cells)]


def _transaction() -> Any:
    return write_transaction(FactRow._meta.db)


async def _take_turn() -> None:
    if is_postgres(FactRow._meta.db):
        await raw("SELECT pg_advisory_xact_lock({})", _REFRESH_LOCK)


async def count_new_markets(tables: Tables) -> None:
    reaches = await cell_counts.first_reaches(tables)
    cells = [
        row for grain in GRAINS for row in kept(grain, cell_counts.new_market_cells(grain, reaches))
    ]
    await cell_store.replace_new_markets(tables, cells)


async def count_period(
    tables: Tables, grain: str, period: str, works: Mapping[str, WorkAttributes]
) -> None:
    cells = await cell_counts.period_cells(tables, grain, period, works)
    await cell_store.replace_period(tables, grain, period, kept(grain, cells))


class CellRefresher:
    """Counts the stale periods' cells again (idempotent: counting twice gives the same)."""

    def __init__(self, works: WorkDirectory) -> None:
        self._works = works

    async def refresh(self) -> int:
        """Every period marked when this starts; returns how many were counted."""
        marks = await cell_store.stale_marks()
        if not marks:
            return 0
        works = await self._works.attributes()
        async with _transaction():
            await _take_turn()
            await count_new_markets(LIVE)
        # Days first, years last: the small periods are ready soonest.
        for mark in sorted(marks, key=lambda m: (GRAINS.index(m.grain), m.period)):
            async with _transaction():
                await _take_turn()
                await count_period(LIVE, mark.grain, mark.period, works)
                await cell_store.clear_mark(mark)
        return len(marks)

    async def count_all(self, tables: Tables) -> int:
        """Every period of `tables` counted afresh (the rebuild's cells), in one transaction."""
        works = await self._works.attributes()
        periods = sorted(await cell_counts.every_period(tables))
        async with _transaction():
            await _take_turn()
            await raw(f"DELETE FROM {tables.cells}")  # noqa: S608
            await count_new_markets(tables)
            for grain, period in periods:
                await count_period(tables, grain, period, works)
        return len(periods)
