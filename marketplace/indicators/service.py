"""The indicators' services: the live consumer, the rebuild, and the published figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from infra.db.engine import write_transaction
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.indicators import repository
from marketplace.indicators.domain.aggregates import Cell, WorkAttributes, cells
from marketplace.indicators.domain.fold import Fact, Fold, OrderRecord, order_key, step
from marketplace.indicators.domain.suppression import publishable
from marketplace.indicators.repository import LIVE, REBUILT
from marketplace.indicators.tables import FactRow

CONSUMER = "indicators.fold"


class WorkDirectory(Protocol):
    """The catalogue's answer to "what discipline, commune and creator is each work?"."""

    async def attributes(self) -> Mapping[str, WorkAttributes]: ...


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

        return await handle_once(CONSUMER, event, fold_in)


@dataclass(frozen=True)
class Rebuilt:
    events: int
    facts: int
    orders: int
    # Facts or orders whose live and rebuilt values differ (empty: the live tables are right).
    differences: tuple[str, ...]


async def rebuild(page: int = 5000) -> Rebuilt:
    """Fold the whole log into the rebuilt tables, then compare them with the live ones.

    Events keep arriving meanwhile: the live tables may then hold a few the fold did not read,
    and a second run after the relay drains settles it (docs/indicators.md)."""
    fold = Fold()
    count = 0
    async for event in repository.history(page):
        fold.add(event)
        count += 1
    facts = fold.facts()
    async with write_transaction(FactRow._meta.db):
        await repository.clear(REBUILT)
        await repository.add_support(REBUILT, facts)
        await repository.save_orders(REBUILT, fold.orders)
    live_facts = await repository.supports(LIVE)
    live_orders = await repository.orders(LIVE)
    return Rebuilt(
        count,
        len(facts),
        len(fold.orders),
        _differences(facts, live_facts, fold.orders, live_orders),
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
    """The published figures: cells of one grain, people counts under five withheld."""

    def __init__(self, works: WorkDirectory) -> None:
        self._works = works

    async def cells(self, grain: str, rebuilt: bool = False) -> list[Cell]:
        facts = await repository.supports(REBUILT if rebuilt else LIVE)
        return cells(facts.items(), grain, await self._works.attributes())

    async def published(self, grain: str, period: str | None = None) -> list[dict[str, Any]]:
        found = await self.cells(grain)
        if period is not None:
            found = [cell for cell in found if cell.period == period]
        return [
            {
                "indicator": cell.indicator,
                "period": cell.period,
                "dimension": cell.dimension,
                "value": cell.value,
                "count": cell.figure if shown else None,
                "suppressed": not shown,
            }
            for cell, shown in publishable(found)
        ]
