"""Stand codes as the orders module sells things (`Sellable`, kind `market.codes`).

Nothing of this kind goes in a cart: a batch is sold in cash at the stand and recorded by its
exhibitor, a code is redeemed for nothing (its price was paid at the stand). Both become order
lines through `RecordedSales`; the line names the work, so the ledger shares a batch's money by
the work's split sheet as for any sale. The work reaches a library by redemption, which grants
it itself: settling either line has nothing more to grant or take back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from marketplace.markets.codes.domain import Batch
from marketplace.markets.ports import WorkFacts
from marketplace.offers.domain import Pricing, Terms
from marketplace.offers.sellable import REDUCED_RATE_DISCIPLINES
from marketplace.orders.sellable import Sale, SaleItem
from marketplace.pricing.vat import VatCategory

STAND_CODES = "market.codes"


class StandCodeSales:
    kind = STAND_CODES

    async def items(self, ids: Sequence[UUID]) -> Mapping[UUID, SaleItem]:
        return {}  # never bought online: a cart asking for one finds nothing

    async def paid(self, sale: Sale) -> None:
        """The codes deliver the work, one redemption at a time."""

    async def refunded(self, sale: Sale) -> None:
        """Cash sales are not refunded through the gateway (they have no payment there)."""


def _title(work: WorkFacts) -> str:
    return work.titles.get("fr") or next(iter(work.titles.values()), "")


def _item(batch: Batch, work: WorkFacts, label: str, terms: Terms) -> SaleItem:
    books = work.discipline in REDUCED_RATE_DISCIPLINES
    return SaleItem(
        sellable=STAND_CODES,
        id=batch.id,
        label=label,
        seller_id=work.owner_id,
        title=_title(work),
        terms=terms,
        vat_category=VatCategory.REDUCED if books else VatCategory.STANDARD,
        work_ids=(work.id,),
        work_weights=(1,),
        available=False,
        titles=dict(work.titles),
    )


def sale_item(batch: Batch, work: WorkFacts) -> SaleItem:
    """A batch sold at the stand: as many units as codes, at the batch's price each."""
    return _item(batch, work, "stand_codes", Terms(Pricing.FIXED, batch.price_cents))


def code_item(batch: Batch, work: WorkFacts) -> SaleItem:
    """One code redeemed: the work, already paid for at the stand."""
    return _item(batch, work, "stand_code", Terms(Pricing.FREE))
