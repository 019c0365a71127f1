"""Works and bundles sold through the orders module's `Sellable` port (kind `offer`).

An offer may be sold while it is active, inside its window when it has one, and while every
one of its works is published. Paid, it opens the works in full for the buyer (entitlements);
fully refunded, it closes them again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from marketplace.offers.catalogue_port import WorkFacts
from marketplace.offers.repository import OfferRepository
from marketplace.orders.sellable import Sale, SaleItem
from marketplace.pricing.vat import VatCategory

OFFER = "offer"
# E-books take France's reduced VAT rate (see marketplace/pricing/vat_rates.json).
REDUCED_RATE_DISCIPLINES = frozenset({"books"})


class WorkAccess(Protocol):
    async def grant(self, work_id: UUID, user_id: UUID | None, source: str) -> bool: ...

    async def revoke(self, work_id: UUID, source: str) -> None: ...


def _now() -> datetime:
    return datetime.now(UTC)


class OfferSellable:
    kind = OFFER

    def __init__(
        self,
        works: WorkFacts,
        access: WorkAccess,
        repository: OfferRepository,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._works = works
        self._access = access
        self._repo = repository
        self._now = now

    async def items(self, ids: Sequence[UUID]) -> Mapping[UUID, SaleItem]:
        offers = [offer for offer in (await self._repo.many(ids)).values() if offer.active]
        works = await self._works.works([w for offer in offers for w in offer.work_ids])
        now = self._now()
        items = {}
        for offer in offers:
            facts = [works.get(work_id) for work_id in offer.work_ids]
            books = all(f is not None and f.discipline in REDUCED_RATE_DISCIPLINES for f in facts)
            items[offer.id] = SaleItem(
                sellable=OFFER,
                id=offer.id,
                label=offer.kind.value,
                seller_id=offer.seller_id,
                title=offer.title,
                terms=offer.terms,
                vat_category=VatCategory.REDUCED if books else VatCategory.STANDARD,
                work_ids=offer.work_ids,
                work_weights=offer.work_weights,
                available=offer.scope.open_at(now)
                and all(f is not None and f.published for f in facts),
                # A single work's offer shows the work's titles; a bundle has its own name.
                titles=facts[0].titles if len(facts) == 1 and facts[0] is not None else {},
            )
        return items

    async def paid(self, sale: Sale) -> None:
        for work_id in sale.work_ids:
            await self._access.grant(work_id, sale.buyer_id, sale.source)

    async def refunded(self, sale: Sale) -> None:
        for work_id in sale.work_ids:
            await self._access.revoke(work_id, sale.source)
