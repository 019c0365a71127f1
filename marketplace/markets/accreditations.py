"""Use cases for accreditation: ask, review, the badge and its check at the desk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, InvalidInput, NotFound
from marketplace.markets.accreditation import (
    Accreditation,
    BadgeClaim,
    BadgeSigner,
    Category,
)
from marketplace.markets.domain import Market, MarketState
from marketplace.markets.errors import MarketError
from marketplace.markets.repository import AccreditationRepository
from marketplace.markets.service import EVERY_ROLE, MarketService, is_team

REVIEWERS = frozenset({"manager", "reviewer"})
# Requests are taken while the market's page is public and it has not closed.
ASKING_STATES = frozenset({MarketState.PUBLISHED, MarketState.OPEN})


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class BadgeCheck:
    """What the desk learns from a badge: the signature holds; is the accreditation current?"""

    claim: BadgeClaim
    current: bool  # still granted, in the same category
    accreditation: Accreditation | None


class AccreditationService:
    def __init__(
        self,
        markets: MarketService,
        repository: AccreditationRepository,
        signer: BadgeSigner,
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._markets = markets
        self._repo = repository
        self._signer = signer
        self._uow = unit_of_work
        self._now = now

    async def request(
        self,
        who: Principal,
        market_id: UUID,
        organisation_id: UUID | None,
        category: Category,
    ) -> Accreditation:
        market = await self._markets.visible(who, market_id)
        if organisation_id is None:
            raise InvalidInput(MarketError.ORGANISATION_REQUIRED)
        if market.state not in ASKING_STATES:
            raise Conflict(MarketError.WRONG_STATE, state=market.state.value)
        if is_team(market, who):
            # The team sees the market's private side already.
            raise Conflict(MarketError.ALREADY_ACCREDITED)
        async with self._uow():
            current = await self._repo.of_person(market.id, who.user_id)
            if current is None:
                current = Accreditation.request(
                    market.id, who.user_id, organisation_id, category, self._now()
                )
                await self._repo.add(current)
            else:
                current.ask_again(organisation_id, category, self._now())
                await self._repo.save(current)
        return current

    async def mine(self, who: Principal, market_id: UUID) -> Accreditation | None:
        market = await self._markets.visible(who, market_id)
        return await self._repo.of_person(market.id, who.user_id)

    async def of_market(self, who: Principal, market_id: UUID) -> list[Accreditation]:
        market = await self._reviewed(who, market_id)
        return await self._repo.of_market(market.id)

    async def grant(self, who: Principal, market_id: UUID, accreditation_id: UUID) -> Accreditation:
        async with self._uow() as uow:
            accreditation = await self._under_review(who, market_id, accreditation_id)
            accreditation.grant(who.user_id, self._now())
            await self._repo.save(accreditation)
            uow.track(accreditation)
        return accreditation

    async def refuse(
        self, who: Principal, market_id: UUID, accreditation_id: UUID, reason: str
    ) -> Accreditation:
        async with self._uow():
            accreditation = await self._under_review(who, market_id, accreditation_id)
            accreditation.refuse(who.user_id, reason, self._now())
            await self._repo.save(accreditation)
        return accreditation

    async def badge(self, who: Principal, market_id: UUID) -> tuple[Accreditation, str]:
        """The person's granted accreditation and its signed token (not found otherwise)."""
        accreditation = await self.mine(who, market_id)
        if accreditation is None or not accreditation.granted:
            raise NotFound(MarketError.ACCREDITATION_NOT_FOUND)
        claim = BadgeClaim(market_id, who.user_id, accreditation.category)
        return accreditation, self._signer.token(claim)

    async def verify(self, who: Principal, market_id: UUID, token: str) -> BadgeCheck:
        """The desk's check: any member of the market's team (or staff)."""
        market = await self._markets.managed(who, market_id, EVERY_ROLE)
        claim = self._signer.verify(token)
        if claim.market_id != market.id:
            raise InvalidInput(MarketError.INVALID_TOKEN)
        accreditation = await self._repo.of_person(market.id, claim.user_id)
        current = (
            accreditation is not None
            and accreditation.granted
            and accreditation.category is claim.category
        )
        return BadgeCheck(claim, current, accreditation)

    async def is_accredited(self, market: Market, viewer: Principal | None) -> bool:
        """Whether the person sees the market's private side: accredited, its team, or staff."""
        if viewer is None:
            return False
        if is_team(market, viewer):
            return True
        accreditation = await self._repo.of_person(market.id, viewer.user_id)
        return accreditation is not None and accreditation.granted

    async def _reviewed(self, who: Principal, market_id: UUID) -> Market:
        roles = {role for role in EVERY_ROLE if role.value in REVIEWERS}
        return await self._markets.managed(who, market_id, roles)

    async def _under_review(
        self, who: Principal, market_id: UUID, accreditation_id: UUID
    ) -> Accreditation:
        market = await self._reviewed(who, market_id)
        accreditation = await self._repo.get(accreditation_id, for_update=True)
        if accreditation is None or accreditation.market_id != market.id:
            raise NotFound(MarketError.ACCREDITATION_NOT_FOUND)
        return accreditation
