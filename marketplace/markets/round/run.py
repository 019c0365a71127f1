"""Running a market's round: the scheduler's meetings for the day, booked one by one.

What the scheduler (`scheduling/matching.py`) reads: both sides' wishes (pairs already booked at
this market left out), each professional's quota for their category (the meetings' quotas, less
what they already have that day), each stand's tables, the day's slots, and the slots already
booked for each professional and each table. Each meeting it returns is then booked exactly as an
accepted request is (professional and table through `SchedulingService.book`, the meeting's row,
`meeting.booked`, the professional's notice), in one transaction per meeting: a meeting whose
seat or quota was taken meanwhile is skipped and reported, the others stay. The round runs once:
the run that moves it from open to done is the only one (409 `round_already_run` for the next).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import cast
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, Conflict, InvalidInput, NotFound
from infra.notifications import Notifier
from marketplace.markets.domain import Market
from marketplace.markets.errors import MarketError
from marketplace.markets.meetings.domain import Meeting, MeetingState
from marketplace.markets.meetings.notifications import ANSWERED, tell
from marketplace.markets.meetings.repository import MeetingRepository
from marketplace.markets.meetings.service import MeetingService
from marketplace.markets.round.domain import Round, RoundResult, Side, SkippedPair
from marketplace.markets.round.repository import RoundRepository
from marketplace.markets.round.service import Accredited
from marketplace.markets.service import MANAGERS, MarketService
from marketplace.markets.stand import Stand
from marketplace.markets.stand_repository import StandFilter
from marketplace.markets.stands import StandService
from scheduling.domain import Calendar, Resource, Slot
from scheduling.matching import Participant, RoundInput, schedule
from scheduling.service import SchedulingService


def _now() -> datetime:
    return datetime.now(UTC)


class RoundRunner:
    def __init__(
        self,
        markets: MarketService,
        stands: StandService,
        meetings: MeetingService,
        scheduling: SchedulingService,
        accredited: Accredited,
        rounds: RoundRepository,
        meeting_rows: MeetingRepository,
        notifier: Callable[[], Notifier],
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._markets = markets
        self._stands = stands
        self._meetings = meetings
        self._scheduling = scheduling
        self._accredited = accredited
        self._rounds = rounds
        self._meeting_rows = meeting_rows
        self._notifier = notifier
        self._uow = unit_of_work
        self._now = now

    async def run(self, who: Principal, market_id: UUID) -> RoundResult:
        market = await self._markets.managed(who, market_id, MANAGERS)
        round_ = await self._rounds.get(market.id)
        if round_ is None:
            raise NotFound(MarketError.ROUND_NOT_FOUND)
        round_.check_open()
        calendar = await self._meetings.calendar(market)
        slots = await self._meetings.day_slots(calendar, round_.day)
        if not slots:
            raise InvalidInput(MarketError.ROUND_DAY_WITHOUT_HOURS)
        listed = await self._rounds.all_wishes(market.id, Side.BUYER)
        if not any(listed.values()):
            raise InvalidInput(MarketError.ROUND_NO_WISHES)
        async with self._uow():
            if not await self._rounds.claim_run(market.id, self._now()):
                raise Conflict(MarketError.ROUND_ALREADY_RUN)
        board = await self._board(who, market, round_, calendar, slots)
        result = await self._book_all(who, market, board)
        async with self._uow():
            await self._rounds.save_result(market.id, result)
        return result

    async def _board(
        self, who: Principal, market: Market, round_: Round, calendar: Calendar, slots: list[Slot]
    ) -> _Board:
        board = _Board(slots, round_.day.isoformat())
        granted = await self._accredited.of_market(market.id)
        buyer_wishes = {
            user: wishes
            for user, wishes in (await self._rounds.all_wishes(market.id, Side.BUYER)).items()
            # An emptied list leaves the round: the stands' lists no longer reach them either.
            if wishes and round_.takes_part(granted.get(user, ""))
        }
        stand_wishes = await self._rounds.all_wishes(market.id, Side.STAND)
        stands = {
            stand.id: stand
            for stand in await self._stands.search(who, market.id, StandFilter())
            if stand.details.tables > 0
        }
        booked = {
            (meeting.professional_id, meeting.stand_id)
            for meeting in await self._meeting_rows.of_stands(list(stands))
            if meeting.state is MeetingState.BOOKED
        }
        settings = await self._meeting_rows.settings(market.id)
        quotas = settings[1] if settings else {}
        buyers = []
        for user, wishes in buyer_wishes.items():
            person = await self._scheduling.person(calendar.id, user)
            board.people[user] = person
            quota = quotas.get(granted[user])
            if quota is not None:
                board.quotas[user] = quota
                quota -= await self._meeting_rows.booked_on(user, board.day)
            chosen = tuple(s for s in wishes if s in stands and (user, s) not in booked)
            buyers.append(Participant(user, chosen, len(slots) if quota is None else quota))
            board.categories[user] = granted[user]
            board.buyer_busy[user] = await board.busy(self._scheduling, person)
        exhibitors = []
        for stand in stands.values():
            tables = await self._meetings.stand_tables(calendar, stand)
            board.stands[stand.id], board.tables[stand.id] = stand, tables
            for number, table in enumerate(tables):
                board.table_busy[(stand.id, number)] = await board.busy(self._scheduling, table)
            wished = tuple(
                user
                for user in stand_wishes.get(stand.id, [])
                if user in buyer_wishes and (user, stand.id) not in booked
            )
            exhibitors.append(Participant(stand.id, wished, len(slots) * len(tables), len(tables)))
        board.input = RoundInput(
            tuple(buyers),
            tuple(exhibitors),
            len(slots),
            dict(board.buyer_busy),
            dict(board.table_busy),
        )
        return board

    async def _book_all(self, who: Principal, market: Market, board: _Board) -> RoundResult:
        plan = schedule(board.input)
        written, mutual, skipped = 0, 0, []
        for planned in plan.meetings:
            buyer = cast(UUID, planned.buyer)
            stand = board.stands[cast(UUID, planned.exhibitor)]
            moment = board.slots[planned.slot].starts_at
            try:
                await self._book(who, market, stand, board, buyer, planned.table, moment)
            except AppError as refused:
                skipped.append(SkippedPair(buyer, stand.id, moment.isoformat(), refused.code))
                continue
            written += 1
            mutual += 1 if planned.mutual else 0
        return RoundResult(written, mutual, plan.mutual_bound, tuple(skipped))

    async def _book(
        self,
        who: Principal,
        market: Market,
        stand: Stand,
        board: _Board,
        professional_id: UUID,
        table_number: int,
        moment: datetime,
    ) -> None:
        """One meeting, booked as an accept books it (all of it, or nothing)."""
        table = board.tables[stand.id][table_number]
        quota = board.quotas.get(professional_id)
        now = self._now()
        meeting = Meeting.ask(
            market.id,
            stand.id,
            professional_id,
            board.categories[professional_id],
            [moment],
            "",
            now,
        )
        async with self._uow() as unit:
            if quota is not None:
                await self._meeting_rows.lock_professional(market.id, professional_id)
                if await self._meeting_rows.booked_on(professional_id, board.day) >= quota:
                    raise Conflict(MarketError.MEETING_QUOTA_REACHED, quota=quota)
            booked = await self._scheduling.book(
                [board.people[professional_id].id, table.id],
                moment,
                who.user_id,
                label=f"Rendez-vous · {stand.name}",
            )
            meeting.book(moment, booked[0].group_id, table.id, who.user_id, now)
            await self._meeting_rows.add(meeting)
            unit.track(meeting)
            await tell(self._notifier(), ANSWERED, professional_id, meeting, stand, market)


class _Board:
    """What the run gathered for the scheduler, and what booking its meetings needs."""

    def __init__(self, slots: list[Slot], day: str) -> None:
        self.slots = slots
        self.day = day
        self.index = {slot.starts_at: n for n, slot in enumerate(slots)}
        self.people: dict[UUID, Resource] = {}
        self.categories: dict[UUID, str] = {}
        self.quotas: dict[UUID, int] = {}
        self.stands: dict[UUID, Stand] = {}
        self.tables: dict[UUID, list[Resource]] = {}
        # Keyed as the scheduler's input is (its people are opaque ids).
        self.buyer_busy: dict[Hashable, frozenset[int]] = {}
        self.table_busy: dict[tuple[Hashable, int], frozenset[int]] = {}
        self.input = RoundInput((), (), len(slots))

    async def busy(self, scheduling: SchedulingService, resource: Resource) -> frozenset[int]:
        """The day's slots where the resource has no seat left."""
        free = {
            item.slot.starts_at
            for item in await scheduling.free_slots(resource.id, include_past=True)
        }
        return frozenset(n for start, n in self.index.items() if start not in free)
