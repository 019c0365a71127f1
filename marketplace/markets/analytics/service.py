"""The organiser's analytics: a market's days as its team reads them."""

from __future__ import annotations

from uuid import UUID

from accounts.domain import Principal
from marketplace.markets.analytics.counters import DayCounts, window_days
from marketplace.markets.analytics.repository import CounterRepository
from marketplace.markets.domain import Market
from marketplace.markets.service import EVERY_ROLE, MarketService


class MarketAnalytics:
    def __init__(self, markets: MarketService, repository: CounterRepository) -> None:
        self._markets = markets
        self._repo = repository

    async def days(self, who: Principal, market_id: UUID) -> tuple[Market, list[DayCounts]]:
        """Every day of the window, for the market's team (404 on a draft for anyone else,
        403 on a public market: as every team page)."""
        market = await self._markets.managed(who, market_id, EVERY_ROLE)
        window = market.window
        counted = await self._repo.days(market.id)
        return market, window_days(window.opens_at, window.closes_at, counted)
