"""The indicators' services: the live consumer, the rebuild, and the published figures."""

from __future__ import annotations

import gc
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from infra.db.engine import write_transaction
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.indicators import cell_store, compare, repository
from marketplace.indicators.cell_store import kept
from marketplace.indicators.domain.aggregates import Cell, cells
from marketplace.indicators.domain.batch import every_cell
from marketplace.indicators.domain.deltas import crossing, subjects
from marketplace.indicators.domain.fold import order_key, step
from marketplace.indicators.live_cells import lock_subjects, move_cells
from marketplace.indicators.read_cache import VersionedCache
from marketplace.indicators.repository import LIVE, REBUILT
from marketplace.indicators.swap import fold_log, replace_live
from marketplace.indicators.tables import FactRow
from marketplace.indicators.work_attributes import WorkDirectory, reattribute

Value = TypeVar("Value")
CONSUMER = "indicators.fold"
REATTRIBUTION = "indicators.reattribute"


class IndicatorLedger:
    """The consumers: one event's change to the live tables and cells, once per event id."""

    def __init__(self, works: WorkDirectory) -> None:
        self._works = works

    async def record(self, event: EventEnvelope) -> bool:
        async def fold_in(event: EventEnvelope) -> None:
            key = order_key(event)
            before = await repository.lock_order(LIVE, key) if key else None
            change = step(event, before)
            if change.order_id is not None and change.record is not None:
                await repository.save_orders(LIVE, {change.order_id: change.record})
            # The members first: no other event of theirs moves a cell until this commits.
            await lock_subjects(subjects(change.deltas))
            after = await repository.add_support(LIVE, change.deltas)
            await move_cells(crossing(change.deltas, after), self._works)

        return await handle_once(CONSUMER, event, fold_in)

    async def reattribute(self, event: EventEnvelope) -> bool:
        """A work or a creator changed in the catalogue: its works' shares move to their
        discipline, commune, EPCI and organisation as they are now."""

        async def move(event: EventEnvelope) -> None:
            work = event.payload.get("work_id")
            if work is not None:
                works = [str(work)]
            else:
                works = await self._works.works_of_creator(str(event.payload["creator_id"]))
            await lock_subjects(f"work:{work_id}" for work_id in works)
            await reattribute(works, self._works)

        return await handle_once(REATTRIBUTION, event, move)

    async def rebuild(self, page: int = 5000) -> Rebuilt:
        with _no_cycle_collection():
            return await rebuild(self._works, page)

    async def replace_live(self, page: int = 5000) -> int:
        """The log folded afresh becomes the live tables (`swap.py`); the number of events
        handled meanwhile and folded in."""
        with _no_cycle_collection():
            return await replace_live(await fold_log(page), CONSUMER, self._works)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The fold makes millions of small objects (facts, tuples, ids) that all live until it
    ends, and no cycles: the cyclic collector would walk the growing heap again and again for
    nothing (a third of the rebuild's CPU time at 200,000 events). Reference counting still
    frees everything; the collector runs again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Rebuilt:
    events: int
    facts: int
    orders: int
    # Facts, orders or cells whose live and rebuilt values differ, the first hundred of each
    # kind named (empty: the live tables are right); `difference_count` counts them all.
    differences: tuple[str, ...]
    cells: int = 0
    # Seconds spent reading and folding the log, counting the cells, writing the tables and
    # comparing (where a slow rebuild spends its time), and this process's CPU seconds in each
    # (all its threads: on a loaded machine the wall time says more about the neighbours).
    seconds: Mapping[str, float] = field(default_factory=dict)
    difference_count: int = 0
    cpu_seconds: Mapping[str, float] = field(default_factory=dict)


async def rebuild(works: WorkDirectory, page: int = 5000) -> Rebuilt:
    """Fold the whole log in memory, count every cell by the definitions, write the rebuilt
    tables in bulk, then compare facts, orders and cells with the live ones.

    Events keep arriving meanwhile: the live tables may then hold a few the fold did not read,
    and a second run after the relay drains settles it (docs/indicators.md)."""
    clock = _Clock()
    fold = await fold_log(page)
    count = len(fold.seen)
    facts = fold.facts()
    clock.lap("read_and_fold")
    attributes = await works.attributes()
    rebuilt_cells = [
        row for grain, found in every_cell(facts, attributes).items() for row in kept(grain, found)
    ]
    clock.lap("cells")
    async with write_transaction(FactRow._meta.db):
        await repository.roomy_cache()
        await repository.clear(REBUILT)
        await repository.insert_facts(REBUILT, facts)
        await repository.insert_orders(REBUILT, fold.orders)
        await cell_store.write_all(REBUILT, rebuilt_cells)
    clock.lap("write")
    differences = (
        await compare.facts(LIVE, REBUILT)
        + await compare.orders(LIVE, REBUILT)
        + compare.cells(rebuilt_cells, await cell_store.read(LIVE))
    )
    clock.lap("compare")
    return Rebuilt(
        count,
        len(facts),
        len(fold.orders),
        differences.listed,
        len(rebuilt_cells),
        clock.laps,
        differences.count,
        clock.cpu_laps,
    )


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.cpu_laps: dict[str, float] = {}
        self._last = time.perf_counter()
        self._last_cpu = time.process_time()

    def lap(self, name: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.laps[name], self.cpu_laps[name] = now - self._last, cpu - self._last_cpu
        self._last, self._last_cpu = now, cpu


class IndicatorFigures:
    """The published figures: the kept cells of one grain, people counts under five withheld,
    read once per version of the cells (every change bumps it) and then served from memory."""

    def __init__(self, works: WorkDirectory) -> None:
        self._works = works
        self._cache: VersionedCache[Any] = VersionedCache()

    async def version(self) -> int:
        """The live cells' version (their ETag): every change to them bumps it."""
        return await cell_store.version()

    async def cached(self, key: Hashable, make: Callable[[], Awaitable[Value]]) -> Value:
        """What `make` builds from the kept cells, built again only when they changed."""
        found: Value = await self._cache.get(key, await cell_store.version(), make)
        return found

    async def cells(self, grain: str, rebuilt: bool = False) -> list[Cell]:
        """Every cell of a grain computed afresh from the facts by the definitions
        (`domain/aggregates.py`): the reference the kept cells are checked against."""
        facts = await repository.supports(REBUILT if rebuilt else LIVE)
        return cells(facts.items(), grain, await self._works.attributes())

    async def published(
        self, grain: str, period: str | None = None, periods: Iterable[str] = ()
    ) -> list[dict[str, Any]]:
        """The kept cells of a grain: one period, some periods, or all of them."""
        chosen = tuple(sorted([period] if period is not None else set(periods)))
        return await self.cached(("published", grain, chosen), lambda: self._read(grain, chosen))

    async def _read(self, grain: str, chosen: tuple[str, ...]) -> list[dict[str, Any]]:
        return [
            {
                "indicator": cell.indicator,
                "period": cell.period,
                "dimension": cell.dimension,
                "value": cell.value,
                "count": None if suppressed else cell.figure,
                "suppressed": suppressed,
            }
            for _, cell, suppressed in await cell_store.read(LIVE, grain, chosen)
        ]
