"""The offers' answer to "which market's price is this offer?"."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from marketplace.offers.repository import OfferRepository


class ScopedOffers:
    def __init__(self, repository: OfferRepository) -> None:
        self._repo = repository

    async def markets_of(self, offer_ids: Sequence[UUID]) -> dict[UUID, UUID]:
        offers = await self._repo.many(list(offer_ids))
        return {
            offer_id: offer.scope.market_id
            for offer_id, offer in offers.items()
            if offer.scope.market_id is not None
        }
