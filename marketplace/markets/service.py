"""Use cases for markets: create, edit, publish, the team, and following the window."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.markets.domain import Market, MarketDetails, MarketState, TeamRole
from marketplace.markets.errors import MarketError
from marketplace.markets.ports import Organisations
from marketplace.markets.repository import MarketRepository

EVERY_ROLE = frozenset(TeamRole)
MANAGERS = frozenset({TeamRole.MANAGER})


def _now() -> datetime:
    return datetime.now(UTC)


def role_of(value: str) -> TeamRole:
    try:
        return TeamRole(value)
    except ValueError:
        allowed = ", ".join(role.value for role in TeamRole)
        raise InvalidInput(MarketError.INVALID_ROLE, allowed=allowed) from None


class MarketService:
    def __init__(
        self,
        repository: MarketRepository,
        organisations: Organisations,
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._repo = repository
        self._organisations = organisations
        self._uow = unit_of_work
        self._now = now

    async def create(self, who: Principal, organisation_id: UUID, details: MarketDetails) -> Market:
        """A draft market of the organisation the person acts as (the guard checked it)."""
        market = Market.create(organisation_id, who.user_id, details, self._now())
        async with self._uow() as uow:
            await self._check_slug(market.details.slug, None)
            await self._repo.add(market)
            uow.track(market)
        return market

    async def visible(self, viewer: Principal | None, market_id: UUID) -> Market:
        """The market as this person may see it: a draft only for its team and staff."""
        market = await self._repo.get(market_id)
        return self._seen(viewer, market)

    async def get(self, market_id: UUID) -> Market:
        """The market whatever its state, for checks that decide who sees it themselves."""
        market = await self._repo.get(market_id)
        if market is None:
            raise NotFound(MarketError.NOT_FOUND)
        return market

    async def by_slug(self, viewer: Principal | None, slug: str) -> Market:
        market = await self._repo.by_slug(slug[:100])
        return self._seen(viewer, market)

    async def public(self) -> list[Market]:
        return await self._repo.public()

    async def mine(self, who: Principal) -> list[Market]:
        return await self._repo.of_team_member(who.user_id)

    async def update(self, who: Principal, market_id: UUID, details: MarketDetails) -> Market:
        async with self._uow() as uow:
            market = await self.managed(who, market_id, MANAGERS, for_update=True)
            market.update(details, self._now())
            await self._check_slug(market.details.slug, market.id)
            await self._repo.save(market)
            uow.track(market)
        return market

    async def publish(self, who: Principal, market_id: UUID) -> Market:
        async with self._uow() as uow:
            market = await self.managed(who, market_id, MANAGERS, for_update=True)
            market.publish(who.user_id, self._now())
            # A market published inside its window opens at once rather than at the next tick.
            market.follow_window(self._now())
            await self._repo.save(market)
            uow.track(market)
        return market

    async def archive(self, who: Principal, market_id: UUID) -> Market:
        async with self._uow() as uow:
            market = await self.managed(who, market_id, MANAGERS, for_update=True)
            market.archive(self._now())
            await self._repo.save(market)
            uow.track(market)
        return market

    async def set_member(
        self, who: Principal, market_id: UUID, user_id: UUID, role: TeamRole | None
    ) -> Market:
        """Give a member of the organiser organisation a role in the market's team."""
        async with self._uow() as uow:
            market = await self.managed(who, market_id, MANAGERS, for_update=True)
            if role is not None and not await self._organisations.is_member(
                market.organisation_id, user_id
            ):
                raise InvalidInput(MarketError.NOT_A_MEMBER)
            market.set_member(user_id, role)
            market.updated_at = self._now()
            await self._repo.save(market)
            uow.track(market)
        return market

    async def follow_windows(self, at: datetime | None = None) -> int:
        """Open the markets whose window began and close those whose window ended (by `at`,
        now unless given).

        Idempotent: each market is read again under its lock and changes only when its state
        still calls for it, so two runs (or two relays) open a market once."""
        now = at or self._now()
        changed = 0
        for market_id in await self._repo.due(now):
            async with self._uow() as uow:
                market = await self._repo.get(market_id, for_update=True)
                if market is not None and market.follow_window(now):
                    await self._repo.save(market)
                    uow.track(market)
                    changed += 1
        return changed

    async def managed(
        self,
        who: Principal,
        market_id: UUID,
        roles: Collection[TeamRole],
        *,
        for_update: bool = False,
    ) -> Market:
        """The market, if the person holds one of `roles` in its team (staff always do)."""
        market = await self._repo.get(market_id, for_update=for_update)
        if market is None:
            raise NotFound(MarketError.NOT_FOUND)
        if who.is_staff or market.role_of(who.user_id) in roles:
            return market
        if market.is_public or market.role_of(who.user_id) is not None:
            raise Forbidden(MarketError.TEAM_ONLY)
        raise NotFound(MarketError.NOT_FOUND)

    def _seen(self, viewer: Principal | None, market: Market | None) -> Market:
        if market is None:
            raise NotFound(MarketError.NOT_FOUND)
        if market.is_public:
            return market
        if viewer is not None and (viewer.is_staff or market.role_of(viewer.user_id)):
            return market
        raise NotFound(MarketError.NOT_FOUND)

    async def _check_slug(self, slug: str, market_id: UUID | None) -> None:
        if await self._repo.slug_taken(slug, market_id):
            raise Conflict(MarketError.SLUG_TAKEN)


def is_team(market: Market, viewer: Principal | None) -> bool:
    return viewer is not None and (viewer.is_staff or market.role_of(viewer.user_id) is not None)


__all__ = ["EVERY_ROLE", "MANAGERS", "MarketService", "MarketState", "is_team", "role_of"]
