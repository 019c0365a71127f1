"""Calls' entry fees sold through the orders module's `Sellable` port (kind `calls.entry_fee`).

Calls sit below the marketplace and may not import it; this adapter, in the composition root,
sells their fees for them. The item is "the fee of this submission" (its id is the
submission's): only its applicant may buy it, at the call's fee, under the standard VAT
category (a service: 8.5 % in Martinique). No work is sold, so no split sheet shares it: the
seller — the account the call's scope names (for a market, its organisation's first owner) —
keeps the revenue after Lakou's usual commission, through the ledger like any sale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from calls.fees import EntryFeeService, FeeDue
from calls.ports import EntryFees
from infra.services import Services
from marketplace.offers.domain import Pricing, Terms
from marketplace.orders.sellable import Sale, SaleItem, Sellables
from marketplace.pricing.vat import VatCategory

ENTRY_FEE = "calls.entry_fee"
# What an order line calls it, before the call's title, in each language a title may have.
FEE_NAMES = {
    "fr": "Frais de dossier",
    "en": "Entry fee",
    "es": "Tasa de inscripción",
    "gcf-MQ": "Frè dosié",
}


class EntryFeeSellable:
    kind = ENTRY_FEE

    def __init__(self, fees: EntryFeeService) -> None:
        self._fees = fees

    async def items(self, ids: Sequence[UUID]) -> Mapping[UUID, SaleItem]:
        return {
            submission_id: _item(due) for submission_id, due in (await self._fees.dues(ids)).items()
        }

    async def paid(self, sale: Sale) -> None:
        await self._fees.paid(sale.item_id, sale.buyer_id, sale.order_id)

    async def refunded(self, sale: Sale) -> None:
        await self._fees.refunded(sale.item_id, sale.order_id)


def _item(due: FeeDue) -> SaleItem:
    call_titles = due.call.settings.titles
    titles = {
        language: f"{FEE_NAMES.get(language, FEE_NAMES['fr'])} · {title}"
        for language, title in call_titles.items()
    }
    return SaleItem(
        sellable=ENTRY_FEE,
        id=due.submission.id,
        label="entry_fee",
        seller_id=due.payee_id,
        title=titles.get("fr") or next(iter(titles.values()), FEE_NAMES["fr"]),
        terms=Terms(Pricing.FIXED, due.call.settings.fee_cents),
        vat_category=VatCategory.STANDARD,
        available=due.payable,
        titles=titles,
        buyer_id=due.submission.applicant_id,
    )


def sell_entry_fees(services: Services) -> None:
    """Calls may carry a fee from now on (for the scope kinds whose module names a payee)."""
    services.get(Sellables).add(EntryFeeSellable(services.get(EntryFeeService)))
    services.get(EntryFees).sold_as(ENTRY_FEE)
