"""Calling a meeting off: the professional withdrawing an unanswered request, or either side (the professional who asked, or the stand's team)
cancels with an optional reason.

One transaction holds it all: the meeting's row (locked, so two cancels are one cancel, the
second answered with the first's result), the scheduling bookings of both people and the table marked cancelled (the bookings'
unique index only covers booked rows, so the seats are free the moment it commits), the other
side's notice and the `meeting.cancelled` event. Anyone else does not find the meeting (404).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Forbidden, NotFound
from infra.notifications import Notifier
from marketplace.markets.domain import Market
from marketplace.markets.errors import MarketError
from marketplace.markets.meetings.domain import Meeting
from marketplace.markets.meetings.notifications import CANCELLED, tell
from marketplace.markets.meetings.repository import MeetingRepository
from marketplace.markets.meetings.service import Exhibitors
from marketplace.markets.stand import Stand
from marketplace.markets.stands import StandService
from scheduling.service import SchedulingService

PROFESSIONAL = "professional"
EXHIBITOR = "exhibitor"


def _now() -> datetime:
    return datetime.now(UTC)


class MeetingCancellations:
    def __init__(
        self,
        stands: StandService,
        scheduling: SchedulingService,
        repository: MeetingRepository,
        exhibitors: Exhibitors,
        notifier: Callable[[], Notifier],
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._stands = stands
        self._scheduling = scheduling
        self._repo = repository
        self._exhibitors = exhibitors
        self._notifier = notifier  # looked up when used (wired after this module)
        self._uow = unit_of_work
        self._now = now

    async def cancel(self, who: Principal, meeting_id: UUID, reason: str = "") -> Meeting:
        """Idempotent: a second cancel (a double click, the other side at the same moment)
        answers with the cancelled meeting and changes nothing; a request never booked is 409
        `meeting_not_booked`."""
        meeting = await self._repo.get(meeting_id)
        if meeting is None:
            raise NotFound(MarketError.MEETING_NOT_FOUND)
        side, stand, market = await self._side(who, meeting)
        async with self._uow() as unit:
            locked = await self._repo.get(meeting.id, for_update=True)
            assert locked is not None
            if not locked.cancel(reason, who.user_id, side, self._now()):
                return locked
            if locked.group_id is not None and await self._still_held(locked.group_id):
                await self._scheduling.cancel(locked.group_id, who.user_id)
            await self._repo.save(locked)
            unit.track(locked)
            for person in await self._told(locked, stand, side):
                await tell(self._notifier(), CANCELLED, person, locked, stand, market)
        return locked

    async def withdraw(self, who: Principal, meeting_id: UUID) -> Meeting:
        """The professional who asked takes an unanswered request back (idempotent); anyone
        else does not find it (404); an answered one is 409 `meeting_decided`. The row is locked
        so a withdrawal and the exhibitor's acceptance at the same moment are one after the
        other: either the meeting is booked (and can then be cancelled) or it is withdrawn."""
        meeting = await self._repo.get(meeting_id)
        if meeting is None or meeting.professional_id != who.user_id:
            raise NotFound(MarketError.MEETING_NOT_FOUND)
        async with self._uow():
            locked = await self._repo.get(meeting.id, for_update=True)
            assert locked is not None
            if locked.withdraw(who.user_id, self._now()):
                await self._repo.save(locked)
        return locked

    async def _still_held(self, group_id: UUID) -> bool:
        """False when the seats were freed already (the one who booked them may cancel the
        bookings themselves through the scheduling API): the meeting is cancelled all the same."""
        return any(booking.active for booking in await self._scheduling.booking_group(group_id))

    async def _side(self, who: Principal, meeting: Meeting) -> tuple[str, Stand, Market]:
        """Which side the caller is on; anyone else does not find the meeting."""
        if meeting.professional_id == who.user_id:
            view = await self._stands.view(who, meeting.market_id, meeting.stand_id)
            return PROFESSIONAL, view.stand, view.market
        try:
            stand, market = await self._stands.editable(who, meeting.stand_id)
        except (Forbidden, NotFound):
            raise NotFound(MarketError.MEETING_NOT_FOUND) from None
        return EXHIBITOR, stand, market

    async def _told(self, meeting: Meeting, stand: Stand, side: str) -> list[UUID]:
        if side == EXHIBITOR:
            return [meeting.professional_id]
        team = await self._exhibitors.of(stand)
        return [person for person in team if person != meeting.cancelled_by]


__all__ = ["EXHIBITOR", "PROFESSIONAL", "MeetingCancellations"]
