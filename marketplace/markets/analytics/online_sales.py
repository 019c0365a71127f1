"""Online market sales: `order.paid` lines sold at a market price become `market.sale`.

A market price is an offer scoped to the market (offers' `Scope.market_id`). For each market an
order bought from, one `market.sale` (channel "online") carries the units and gross of those
lines, published through the outbox in the transaction that marks `order.paid` handled, so a
redelivered payment publishes nothing twice. The stand is named when one stand of the market
shows every work sold; otherwise it stays None (a bundle across stands, a stand since closed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.events.model import EventRecorder
from marketplace.markets.analytics.counters import martinique_day
from marketplace.markets.analytics.repository import CounterRepository
from marketplace.markets.events import MARKET_SALE, MarketSale
from marketplace.orders.events import ORDER_PAID, OrderPaid

CONSUMER = "markets.online_sales"


class MarketOffers(Protocol):
    async def markets_of(self, offer_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        """By offer id, the market whose price it is (offers of no market are left out)."""
        ...


@dataclass
class _Tally:
    units: int = 0
    gross_cents: int = 0
    work_ids: set[UUID] = field(default_factory=set)


class _Sales(EventRecorder):
    pass


class OnlineSales:
    def __init__(
        self,
        offers: MarketOffers,
        repository: CounterRepository,
        unit_of_work: Callable[[], UnitOfWork],
    ) -> None:
        self._offers = offers
        self._repo = repository
        self._uow = unit_of_work

    async def on_order_paid(self, event: EventEnvelope) -> bool:
        paid = ORDER_PAID.decode(event)
        offer_ids = [line.offer_id for line in paid.lines if line.offer_id is not None]
        markets = await self._offers.markets_of(offer_ids) if offer_ids else {}
        if not markets:
            return False  # nothing bought at a market price
        tallies: dict[UUID, _Tally] = {}
        for line in paid.lines:
            market_id = markets.get(line.offer_id) if line.offer_id else None
            if market_id is None:
                continue
            tally = tallies.setdefault(market_id, _Tally())
            tally.units += line.quantity
            tally.gross_cents += line.gross_cents
            tally.work_ids.update(line.work_ids)
        sales = _Sales()
        for market_id, tally in tallies.items():
            sales.record(MARKET_SALE.event(market_id, await self._sale(paid, market_id, tally)))

        async def publish(_: Any) -> None:
            async with self._uow() as uow:
                uow.track(sales)

        return await handle_once(CONSUMER, event, publish)

    async def _sale(self, paid: OrderPaid, market_id: UUID, tally: _Tally) -> MarketSale:
        stands = await self._repo.stands_showing_all(market_id, sorted(tally.work_ids))
        return MarketSale(
            market_id=market_id,
            stand_id=stands[0] if len(stands) == 1 else None,
            order_id=paid.order_id,
            channel="online",
            units=tally.units,
            gross_cents=tally.gross_cents,
            currency=paid.currency,
            day=martinique_day(paid.paid_at),
        )
