"""Ready-made sync licences as the orders module sells things (`Sellable`, kind
`licensing.sync`): the item is a pending licence, only its buyer may pay for it, at the tier's
price copied when it was bought, from the work's owner (the seller of record). The line names
the work, so the ledger shares the fee by its split sheet, between the sides first (the tier's
terms, recorded when the line is paid). A licence billed to its buyer's organisation carries the
VAT of its invoice (the licence invoices' B2B rule), not the consumer table's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from marketplace.licensing.invoicing.vat_rules import RULES, split_price
from marketplace.licensing.sync.domain import LicenceState, SyncLicence
from marketplace.licensing.sync.service import SyncService
from marketplace.offers.domain import Pricing, Terms
from marketplace.orders.sellable import InvoicedVat, Sale, SaleItem
from marketplace.pricing.vat import VatCategory

SYNC_LICENCE = "licensing.sync"
# What an order line calls it, before the work's title.
NAMES = {
    "fr": "Licence de synchronisation",
    "en": "Sync licence",
    "es": "Licencia de sincronización",
    "gcf-MQ": "Lisans senkwonizasyon",
}


class SyncSellable:
    kind = SYNC_LICENCE

    def __init__(self, sync: SyncService) -> None:
        self._sync = sync

    async def items(self, ids: Sequence[UUID]) -> Mapping[UUID, SaleItem]:
        return {licence.id: _item(licence) for licence in await self._sync.payable(list(ids))}

    async def paid(self, sale: Sale) -> None:
        await self._sync.paid(sale.item_id, sale.order_id, sale.line_id)

    async def refunded(self, sale: Sale) -> None:
        await self._sync.refunded(sale.item_id)


def _item(licence: SyncLicence) -> SaleItem:
    titles = {language: f"{name} · {licence.work_title}" for language, name in NAMES.items()}
    return SaleItem(
        sellable=SYNC_LICENCE,
        id=licence.id,
        label="licence",
        seller_id=licence.seller_id,
        title=titles["fr"],
        terms=Terms(Pricing.FIXED, licence.terms.price_cents),
        vat_category=VatCategory.STANDARD,
        work_ids=(licence.work_id,),
        work_weights=(1,),
        available=licence.state is LicenceState.PENDING,
        titles=titles,
        buyer_id=licence.buyer_id,
        invoiced=invoiced(licence),
    )


def invoiced(licence: SyncLicence) -> InvoicedVat | None:
    """The VAT its invoice will carry, by the rule chosen when it was bought. The invoice is
    issued once paid (an abandoned cart leaves no invoice to cancel), so no number yet: the
    line's VAT category alone tells the receipts that an invoice covers it."""
    if licence.billing is None:
        return None
    rule = RULES[licence.billing.vat_rule]
    amounts = split_price(licence.terms.price_cents, rule)
    return InvoicedVat("", rule.rate_bp, amounts.vat_cents, rule.category.value)
