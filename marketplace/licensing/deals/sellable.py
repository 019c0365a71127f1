"""Licence deals as the orders module sells things (`Sellable`, kind `licensing.deal`).

The item is "the accepted deal": only the partner organisation's member who chose to pay it
(the asker until another does) may buy it, at its invoice's total, from the rights side (the
seller of record), with the VAT the invoice fixed by the business-to-business rule table (an
EU business reverse-charged pays no VAT on the order either), and no receipt beside the
invoice. The line names the work, so the ledger shares the fee by the work's split
sheet as for a sale. Paid: the window is licensed and the work joins the partner's library,
whose counted, expiring download links deliver the files. Fully refunded: both taken back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol
from uuid import UUID

from marketplace.licensing.deals.domain import Deal, DealState
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.ports import WorkFacts
from marketplace.offers.domain import Pricing, Terms
from marketplace.orders.sellable import InvoicedVat, Sale, SaleItem
from marketplace.pricing.vat import VatCategory
from media.access.entitlements import EntitlementService

LICENCE_DEAL = "licensing.deal"


class Paperwork(Protocol):
    """The contract and the invoice: a deal is payable once both sides accepted its contract
    and its invoice is issued and not overdue; the order that pays it pays the invoice."""

    async def payable(self, deal_id: UUID) -> bool: ...

    async def paid_by_order(self, deal_id: UUID, order_id: UUID) -> None: ...

    async def invoiced_vat(self, deal_id: UUID) -> InvoicedVat | None: ...


# What an order line calls it, before the work's title.
NAMES = {"fr": "Licence", "en": "Licence", "es": "Licencia", "gcf-MQ": "Lisans"}


class DealSellable:
    kind = LICENCE_DEAL

    def __init__(
        self, deals: DealService, access: EntitlementService, paperwork: Paperwork
    ) -> None:
        self._deals = deals
        self._access = access
        self._paperwork = paperwork

    async def items(self, ids: Sequence[UUID]) -> Mapping[UUID, SaleItem]:
        return {
            deal.id: _item(
                deal,
                work,
                await self._paperwork.payable(deal.id),
                await self._paperwork.invoiced_vat(deal.id),
            )
            for deal, work in await self._deals.payable(list(ids))
        }

    async def paid(self, sale: Sale) -> None:
        if await self._deals.paid(sale.item_id, sale.order_id, sale.buyer_id):
            await self._paperwork.paid_by_order(sale.item_id, sale.order_id)
        for work_id in sale.work_ids:
            await self._access.grant(work_id, sale.buyer_id, sale.source)

    async def refunded(self, sale: Sale) -> None:
        await self._deals.refunded(sale.item_id)
        for work_id in sale.work_ids:
            await self._access.revoke(work_id, sale.source)


def _item(deal: Deal, work: WorkFacts, payable: bool, invoiced: InvoicedVat | None) -> SaleItem:
    assert deal.offer is not None
    titles = {language: f"{name} · {work.title}" for language, name in NAMES.items()}
    return SaleItem(
        sellable=LICENCE_DEAL,
        id=deal.id,
        label="licence",
        seller_id=deal.rights_user_id,
        title=titles["fr"],
        terms=Terms(Pricing.FIXED, deal.offer.price_cents),
        vat_category=VatCategory.STANDARD,  # unused once invoiced (never sold before)
        work_ids=(work.id,),
        work_weights=(1,),
        available=deal.state is DealState.ACCEPTED and payable and invoiced is not None,
        titles=titles,
        buyer_id=deal.buyer_id,
        invoiced=invoiced,
    )
