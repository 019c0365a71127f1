"""Market prices: a stand's works sold at the market's price during its window.

The offers module keeps scoped offers (`Scope(market_id, starts_at, ends_at)`): one active
offer of a work's own per scope, sold only inside its window, never free. The exhibitor sets
it here for a work on their stand; the visitor buys it through the ordinary cart and checkout
(the cart holds the market offer's id), and outside the market the everyday price stays.
"""

from __future__ import annotations

from uuid import UUID

from accounts.domain import Principal
from infra.errors import Conflict, InvalidInput
from marketplace.markets.domain import EDITABLE_STATES
from marketplace.markets.errors import MarketError
from marketplace.markets.ports import Prices, WorkPrices
from marketplace.markets.stands import StandService
from marketplace.offers.domain import Offer, Scope, Terms
from marketplace.offers.service import OfferService


class MarketPrices:
    def __init__(self, stands: StandService, offers: OfferService, prices: Prices) -> None:
        self._stands = stands
        self._offers = offers
        self._prices = prices

    async def set_price(self, who: Principal, stand_id: UUID, work_id: UUID, terms: Terms) -> Offer:
        stand, market = await self._stands.editable(who, stand_id)
        if work_id not in stand.work_ids:
            raise InvalidInput(MarketError.NOT_ON_STAND)
        if market.state not in EDITABLE_STATES:
            raise Conflict(MarketError.WRONG_STATE, state=market.state.value)
        window = market.window
        scope = Scope(market_id=market.id, starts_at=window.opens_at, ends_at=window.closes_at)
        return await self._offers.set_work_offer(who, work_id, terms, scope)

    async def of_works(self, market_id: UUID, work_ids: list[UUID]) -> dict[UUID, WorkPrices]:
        return await self._prices.of_works(work_ids, market_id)
