"""Use cases for the hosted-buyer round: the managers open it for one meeting day, both sides
rank each other while it is open, each seeing and editing their own list only.

Running it (the scheduler, then the bookings) lives in `round/run.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.domain import Market
from marketplace.markets.errors import MarketError
from marketplace.markets.meetings.service import MeetingService, PeopleNames
from marketplace.markets.round.domain import Round, Side, ranked
from marketplace.markets.round.repository import RoundRepository
from marketplace.markets.service import MANAGERS, MarketService
from marketplace.markets.stand import Stand
from marketplace.markets.stand_repository import StandFilter
from marketplace.markets.stands import StandService


def _now() -> datetime:
    return datetime.now(UTC)


class Accredited(Protocol):
    """The market's accredited professionals and their categories."""

    async def of_market(self, market_id: UUID) -> dict[UUID, str]: ...


@dataclass(frozen=True)
class Choices:
    """A side's list and what it may rank (stands for a buyer, professionals for a stand)."""

    round: Round
    wishes: list[UUID]
    offered: dict[UUID, str]  # id → name, in the order shown


class RoundService:
    def __init__(
        self,
        markets: MarketService,
        accreditations: AccreditationService,
        stands: StandService,
        meetings: MeetingService,
        accredited: Accredited,
        repository: RoundRepository,
        names: PeopleNames,
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._markets = markets
        self._accreditations = accreditations
        self._stands = stands
        self._meetings = meetings
        self._accredited = accredited
        self._repo = repository
        self._names = names
        self._uow = unit_of_work
        self._now = now

    # The managers ----------------------------------------------------------------------------

    async def open(
        self, who: Principal, market_id: UUID, day: date, categories: list[str]
    ) -> Round:
        market = await self._markets.managed(who, market_id, MANAGERS)
        round_ = Round.open(market.id, day, categories, who.user_id, self._now())
        calendar = await self._meetings.calendar(market)
        if not await self._meetings.day_slots(calendar, day):
            raise InvalidInput(MarketError.ROUND_DAY_WITHOUT_HOURS)
        async with self._uow():
            if not await self._repo.add(round_):
                raise Conflict(MarketError.ROUND_EXISTS)
        return await self._round_of(market)

    async def managed(self, who: Principal, market_id: UUID) -> Round:
        market = await self._markets.managed(who, market_id, MANAGERS)
        return await self._round_of(market)

    async def _round_of(self, market: Market) -> Round:
        found = await self._repo.get(market.id)
        if found is None:
            raise NotFound(MarketError.ROUND_NOT_FOUND)
        return found

    # A professional ranks stands -------------------------------------------------------------

    async def buyer_choices(self, who: Principal, market_id: UUID) -> Choices:
        market, round_ = await self._taking_part(who, market_id)
        wishes = await self._repo.wishes_of(market.id, Side.BUYER, who.user_id)
        return Choices(round_, wishes or [], await self._stands_offered(who, market))

    async def rank_stands(self, who: Principal, market_id: UUID, stand_ids: list[UUID]) -> Choices:
        market, round_ = await self._taking_part(who, market_id)
        round_.check_open()
        offered = await self._stands_offered(who, market)
        wishes = ranked(stand_ids, set(offered))
        async with self._uow():
            await self._repo.save_wishes(market.id, Side.BUYER, who.user_id, wishes, self._now())
        return Choices(round_, wishes, offered)

    async def _taking_part(self, who: Principal, market_id: UUID) -> tuple[Market, Round]:
        market = await self._markets.visible(who, market_id)
        accreditation = await self._accreditations.mine(who, market.id)
        if accreditation is None or not accreditation.granted:
            raise Forbidden(MarketError.ACCREDITATION_REQUIRED)
        round_ = await self._round_of(market)
        if not round_.takes_part(accreditation.category.value):
            raise Forbidden(MarketError.ROUND_CATEGORY)
        return market, round_

    async def _stands_offered(self, who: Principal, market: Market) -> dict[UUID, str]:
        stands = await self._stands.search(who, market.id, StandFilter())
        own = {stand.id for stand in await self._stands.mine(who)}
        return {
            stand.id: stand.name
            for stand in sorted(stands, key=lambda stand: stand.name)
            if stand.details.tables > 0 and stand.id not in own
        }

    # A stand's exhibitors rank professionals -------------------------------------------------

    async def stand_choices(self, who: Principal, stand_id: UUID) -> tuple[Stand, Choices]:
        stand, round_ = await self._exhibiting(who, stand_id)
        wishes = await self._repo.wishes_of(stand.market_id, Side.STAND, stand.id)
        return stand, Choices(round_, wishes or [], await self._buyers_offered(round_))

    async def rank_buyers(
        self, who: Principal, stand_id: UUID, professional_ids: list[UUID]
    ) -> tuple[Stand, Choices]:
        stand, round_ = await self._exhibiting(who, stand_id)
        round_.check_open()
        offered = await self._buyers_offered(round_)
        wishes = ranked(professional_ids, set(offered))
        async with self._uow():
            await self._repo.save_wishes(stand.market_id, Side.STAND, stand.id, wishes, self._now())
        return stand, Choices(round_, wishes, offered)

    async def _exhibiting(self, who: Principal, stand_id: UUID) -> tuple[Stand, Round]:
        stand, market = await self._stands.editable(who, stand_id)
        return stand, await self._round_of(market)

    async def _buyers_offered(self, round_: Round) -> dict[UUID, str]:
        """The professionals who asked to take part: those who saved a list of stands, in a
        category of the round, still accredited."""
        listed = await self._repo.all_wishes(round_.market_id, Side.BUYER)
        granted = await self._accredited.of_market(round_.market_id)
        taking_part = [
            user for user in listed if round_.takes_part(granted.get(user, "")) and listed[user]
        ]
        names = await self._names.names(taking_part)
        return dict(sorted(((user, names.get(user, "")) for user in taking_part), key=_by_name))


def _by_name(item: tuple[UUID, str]) -> tuple[str, str]:
    return item[1].casefold(), str(item[0])
