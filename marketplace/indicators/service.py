"""The indicators' services: the live consumer, the rebuild, and the published figures."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from infra.db.engine import write_transaction
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.indicators import cell_store, repository
from marketplace.indicators.cell_store import Kept
from marketplace.indicators.domain.aggregates import Cell, cells
from marketplace.indicators.domain.fold import Fact, Fold, OrderRecord, order_key, step
from marketplace.indicators.domain.stale import stale_periods
from marketplace.indicators.refresh import CellRefresher, WorkDirectory
from marketplace.indicators.repository import LIVE, REBUILT
from marketplace.indicators.tables import FactRow

CONSUMER = "indicators.fold"


class IndicatorLedger:
    """The consumer: one event's change to the live tables, once per event id."""

    async def record(self, event: EventEnvelope) -> bool:
        async def fold_in(event: EventEnvelope) -> None:
            key = order_key(event)
            before = await repository.lock_order(LIVE, key) if key else None
            change = step(event, before)
            if change.order_id is not None and change.record is not None:
                await repository.save_orders(LIVE, {change.order_id: change.record})
            await repository.add_support(LIVE, change.deltas)
            changed = [fact for fact, delta in change.deltas.items() if delta]
            # Last, so the marks' rows stay locked only until the commit that follows.
            await cell_store.mark_stale(stale_periods(changed), str(event.id))

        return await handle_once(CONSUMER, event, fold_in)


@dataclass(frozen=True)
class Rebuilt:
    events: int
    facts: int
    orders: int
    # Facts, orders or cells whose live and rebuilt values differ (empty: the live tables are
    # right).
    differences: tuple[str, ...]
    cells: int = 0
    # Seconds spent reading and folding the log, writing the tables, counting the cells and
    # comparing (where a slow rebuild spends its time).
    seconds: Mapping[str, float] = field(default_factory=dict)


async def rebuild(refresher: CellRefresher, page: int = 5000) -> Rebuilt:
    """Fold the whole log into the rebuilt tables, count their cells, then compare facts,
    orders and cells with the live ones (the live cells' pending periods counted first).

    Events keep arriving meanwhile: the live tables may then hold a few the fold did not read,
    and a second run after the relay drains settles it (docs/indicators.md)."""
    fold = Fold()
    count = 0
    clock = _Clock()
    async for event in repository.history(page):
        fold.add(event)
        count += 1
    facts = fold.facts()
    clock.lap("read_and_fold")
    async with write_transaction(FactRow._meta.db):
        await repository.clear(REBUILT)
        await repository.insert_facts(REBUILT, facts)
        await repository.insert_orders(REBUILT, fold.orders)
    clock.lap("write")
    await refresher.count_all(REBUILT)
    await refresher.refresh()
    clock.lap("cells")
    live_facts = await repository.supports(LIVE)
    live_orders = await repository.orders(LIVE)
    rebuilt_cells = await cell_store.read(REBUILT)
    differences = _differences(facts, live_facts, fold.orders, live_orders)
    differences += _cell_differences(rebuilt_cells, await cell_store.read(LIVE))
    clock.lap("compare")
    return Rebuilt(count, len(facts), len(fold.orders), differences, len(rebuilt_cells), clock.laps)


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


def _cell_differences(rebuilt: Iterable[Kept], live: Iterable[Kept]) -> tuple[str, ...]:
    def by_key(kept: Iterable[Kept]) -> dict[tuple[str, ...], tuple[int, bool]]:
        return {(k.grain, *k.cell[:4]): (k.cell.figure, k.suppressed) for k in kept}

    mine, theirs = by_key(rebuilt), by_key(live)
    return tuple(
        f"cell {'/'.join(key)!r}: live {theirs.get(key)}, rebuilt {mine.get(key)}"
        for key in sorted(set(mine) | set(theirs))
        if mine.get(key) != theirs.get(key)
    )


def _differences(
    rebuilt: Mapping[Fact, int],
    live: Mapping[Fact, int],
    rebuilt_orders: Mapping[str, OrderRecord],
    live_orders: Mapping[str, OrderRecord],
) -> tuple[str, ...]:
    found = [
        f"fact {repository.fact_key(fact)!r}: live {live.get(fact, 0)}, rebuilt {rebuilt.get(fact, 0)}"
        for fact in sorted(set(rebuilt) | set(live))
        if rebuilt.get(fact, 0) != live.get(fact, 0)
    ]
    found += [
        f"order {order_id}"
        for order_id in sorted(set(rebuilt_orders) | set(live_orders))
        if rebuilt_orders.get(order_id) != live_orders.get(order_id)
    ]
    return tuple(found)


class IndicatorFigures:
    """The published figures: the kept cells of one grain, people counts under five withheld."""

    def __init__(self, works: WorkDirectory) -> None:
        self._works = works

    async def cells(self, grain: str, rebuilt: bool = False) -> list[Cell]:
        """Every cell of a grain computed afresh from the facts by the definitions
        (`domain/aggregates.py`): the reference the kept cells are checked against."""
        facts = await repository.supports(REBUILT if rebuilt else LIVE)
        return cells(facts.items(), grain, await self._works.attributes())

    async def published(
        self, grain: str, period: str | None = None, periods: Iterable[str] = ()
    ) -> list[dict[str, Any]]:
        """The kept cells of a grain: one period, some periods, or all of them."""
        chosen = [period] if period is not None else list(periods)
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
