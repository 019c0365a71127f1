"""Orders paid outside the payment gateway, recorded by the seller (docs/decisions.md,
"Marketplace"): cash taken at a market stand, or a zero-total acquisition such as a redeemed
stand code. The item is priced by its own module (a `SaleItem`), the VAT comes from the same
table as at checkout, and the order is settled at once, in the caller's transaction, through
the same `Settlement` path as a free order: `order.paid` reaches the ledger, which shares the
line by the works' split sheets as for any sale.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from infra.ids import new_id
from marketplace.orders.domain import Order, OrderLine, OrderStatus
from marketplace.orders.repository import OrderRepository
from marketplace.orders.sellable import SaleItem
from marketplace.orders.settlement import Settlement
from marketplace.pricing.money import vat_included
from marketplace.pricing.vat import VatTable


def _now() -> datetime:
    return datetime.now(UTC)


class RecordedSales:
    def __init__(
        self,
        settlement: Settlement,
        vat_table: VatTable,
        orders: OrderRepository,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._settlement = settlement
        self._vat = vat_table
        self._orders = orders
        self._now = now

    async def record(
        self,
        uow: UnitOfWork,
        *,
        buyer_id: UUID,
        item: SaleItem,
        quantity: int,
        unit_cents: int,
        country: str,
        key: str,
        gateway: str,
    ) -> Order:
        """One paid order of `quantity` times `item` at `unit_cents` each (VAT included).

        `key` makes it once: recording the same sale again finds the order already made.
        `gateway` says how it was paid ("stand" for cash at a market stand, "code"...).
        """
        found = await self._orders.by_checkout_key(buyer_id, key)
        if found is not None:
            return found
        gross = quantity * unit_cents
        rate = self._vat.rate_bp(country, item.vat_category)
        vat = vat_included(gross, rate)
        line = OrderLine(
            id=new_id(),
            item_id=item.id,
            item_kind=item.sellable,
            kind=item.label,
            seller_id=item.seller_id,
            title=item.title,
            work_ids=item.work_ids,
            work_weights=item.work_weights,
            pricing=item.terms.pricing.value,
            list_cents=gross,
            discount_cents=0,
            gross_cents=gross,
            vat_rate_bp=rate,
            vat_cents=vat,
            net_cents=gross - vat,
            quantity=quantity,
        )
        now = self._now()
        order = Order(
            id=new_id(),
            buyer_id=buyer_id,
            buyer_country=country,
            status=OrderStatus.PENDING,
            lines=(line,),
            checkout_key=key,
            created_at=now,
            updated_at=now,
            vat_table_version=self._vat.version,
        )
        if not await self._orders.add(order):
            # The same sale recorded at the same moment: the other call made it.
            made = await self._orders.by_checkout_key(buyer_id, key)
            assert made is not None
            return made
        await self._settlement.settle_outside(order, uow, gateway)
        uow.track(order)
        return order
