"""Shelf passes, sold through the orders module's `Sellable` port without touching orders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from infra.errors import InvalidInput
from infra.ids import new_id
from lakou_shelf.errors import ShelfError
from lakou_shelf.tables import PassHolderRow, PassRow
from marketplace.offers.domain import Pricing, Terms
from marketplace.orders.sellable import Sale, SaleItem
from marketplace.pricing.vat import VatCategory

PASS = "shelf.pass"


class ShelfPasses:
    kind = PASS

    async def create(self, seller_id: UUID, title: str, price_cents: int) -> UUID:
        terms = Terms(Pricing.FIXED, price_cents).validated()
        if not 1 <= len(title.strip()) <= 120:
            raise InvalidInput(ShelfError.INVALID_TITLE)
        pass_id = new_id()
        await PassRow.insert(
            PassRow(
                id=pass_id, seller_id=seller_id, title=title.strip(), price_cents=terms.price_cents
            )
        )
        return pass_id

    async def held_by(self, buyer_id: UUID) -> list[UUID]:
        rows = await PassHolderRow.select(PassHolderRow.pass_id).where(
            PassHolderRow.buyer_id == buyer_id
        )
        return [UUID(str(row["pass_id"])) for row in rows]

    # The Sellable port.
    async def items(self, ids: Sequence[UUID]) -> Mapping[UUID, SaleItem]:
        if not ids:
            return {}
        rows = await PassRow.select().where(PassRow.id.is_in(list(ids)))
        return {
            UUID(str(row["id"])): SaleItem(
                sellable=PASS,
                id=UUID(str(row["id"])),
                label="pass",
                seller_id=UUID(str(row["seller_id"])),
                title=row["title"],
                terms=Terms(Pricing.FIXED, row["price_cents"]),
                vat_category=VatCategory.STANDARD,
            )
            for row in rows
        }

    async def paid(self, sale: Sale) -> None:
        await PassHolderRow.insert(
            PassHolderRow(
                id=new_id(), pass_id=sale.item_id, buyer_id=sale.buyer_id, source=sale.source
            )
        ).on_conflict(action="DO NOTHING")

    async def refunded(self, sale: Sale) -> None:
        await PassHolderRow.delete().where(
            (PassHolderRow.pass_id == sale.item_id) & (PassHolderRow.source == sale.source)
        )
