"""A meeting request and its life: asked, then booked or declined; a booked one may be
cancelled by either side. Pure.

An accredited professional asks a stand for a meeting in one to three slots of the market's
meetings calendar; one of the stand's exhibitors accepts one slot (which books both people and a
table through the scheduling module) or declines with a short reason. A request is decided once.
Either side (the professional, or the stand's team) may cancel a booked meeting, with an
optional reason: its state says so, and the freed seats are the scheduling module's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from infra.errors import Conflict, InvalidInput
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.markets.errors import MarketError
from marketplace.markets.events import (
    MEETING_BOOKED,
    MEETING_CANCELLED,
    MeetingBooked,
    MeetingCancelled,
)

MARTINIQUE = ZoneInfo("America/Martinique")
MAX_PROPOSED = 3
MAX_MESSAGE = 500
MAX_REASON = 300


class MeetingState(StrEnum):
    REQUESTED = "requested"
    BOOKED = "booked"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # booked, then called off by one side
    WITHDRAWN = "withdrawn"  # the professional took the request back before an answer


def martinique_day(instant: datetime) -> str:
    """The day a quota counts in: the market's own (America/Martinique)."""
    return instant.astimezone(MARTINIQUE).date().isoformat()


@dataclass
class Meeting(EventRecorder):
    id: UUID
    market_id: UUID
    stand_id: UUID
    professional_id: UUID
    category: str  # the professional's accreditation category when asking (quotas use it)
    proposed: list[datetime]  # UTC slot starts, in the order given
    message: str
    state: MeetingState
    created_at: datetime
    slot_start: datetime | None = None
    day: str | None = None  # the booked slot's Martinique day
    group_id: UUID | None = None  # the scheduling booking group (people and table)
    table_id: UUID | None = None
    exhibitor_id: UUID | None = None  # who accepted or declined
    reason: str = ""
    decided_at: datetime | None = None
    cancelled_by: UUID | None = None
    cancelled_at: datetime | None = None

    @classmethod
    def ask(
        cls,
        market_id: UUID,
        stand_id: UUID,
        professional_id: UUID,
        category: str,
        proposed: list[datetime],
        message: str,
        now: datetime,
    ) -> Meeting:
        slots = sorted({slot.astimezone(UTC) for slot in proposed})
        if not 1 <= len(slots) <= MAX_PROPOSED:
            raise InvalidInput(MarketError.MEETING_SLOTS, max=MAX_PROPOSED)
        if any(slot < now for slot in slots):
            raise InvalidInput(MarketError.MEETING_SLOT_PASSED)
        return cls(
            id=new_id(),
            market_id=market_id,
            stand_id=stand_id,
            professional_id=professional_id,
            category=category,
            proposed=slots,
            message=message.strip()[:MAX_MESSAGE],
            state=MeetingState.REQUESTED,
            created_at=now,
        )

    def _still_open(self) -> None:
        if self.state is not MeetingState.REQUESTED:
            raise Conflict(MarketError.MEETING_DECIDED)

    def check_acceptable(self, slot_start: datetime) -> datetime:
        """The proposed slot the exhibitor picked (one the professional did not propose: 422)."""
        self._still_open()
        moment = slot_start.astimezone(UTC)
        if moment not in self.proposed:
            raise InvalidInput(MarketError.MEETING_SLOT_NOT_PROPOSED)
        return moment

    def book(
        self, slot_start: datetime, group_id: UUID, table_id: UUID, by: UUID, now: datetime
    ) -> None:
        moment = self.check_acceptable(slot_start)
        self.state = MeetingState.BOOKED
        self.slot_start = moment
        self.day = martinique_day(moment)
        self.group_id = group_id
        self.table_id = table_id
        self.exhibitor_id = by
        self.decided_at = now
        self.record(
            MEETING_BOOKED.event(
                self.id,
                MeetingBooked(
                    market_id=self.market_id,
                    meeting_id=self.id,
                    stand_id=self.stand_id,
                    professional_id=self.professional_id,
                    slot_start=moment.isoformat(),
                    day=self.day,
                    by=by,
                ),
            )
        )

    def decline(self, reason: str, by: UUID, now: datetime) -> None:
        self._still_open()
        reason = reason.strip()
        if not reason:
            raise InvalidInput(MarketError.REASON_REQUIRED)
        self.state = MeetingState.DECLINED
        self.reason = reason[:MAX_REASON]
        self.exhibitor_id = by
        self.decided_at = now

    def withdraw(self, by: UUID, now: datetime) -> bool:
        """The professional takes back a request nobody answered yet; False when it was
        withdrawn already (a second click changes nothing). Once answered: 409
        `meeting_decided` (a booked meeting is cancelled instead). No event: nothing was booked,
        and the stand's team sees the request leave their list."""
        if self.state is MeetingState.WITHDRAWN:
            return False
        self._still_open()
        self.state = MeetingState.WITHDRAWN
        self.cancelled_by = by
        self.cancelled_at = now
        return True

    def cancel(self, reason: str, by: UUID, side: str, now: datetime) -> bool:
        """Calls a booked meeting off; False when it was already (a second click changes
        nothing); one never booked: 409 `meeting_not_booked`. The reason is optional."""
        if self.state is MeetingState.CANCELLED:
            return False
        if self.state is not MeetingState.BOOKED or self.slot_start is None:
            raise Conflict(MarketError.MEETING_NOT_BOOKED)
        self.state = MeetingState.CANCELLED
        self.reason = reason.strip()[:MAX_REASON]
        self.cancelled_by = by
        self.cancelled_at = now
        self.record(
            MEETING_CANCELLED.event(
                self.id,
                MeetingCancelled(
                    market_id=self.market_id,
                    meeting_id=self.id,
                    stand_id=self.stand_id,
                    professional_id=self.professional_id,
                    slot_start=self.slot_start.isoformat(),
                    day=self.day or martinique_day(self.slot_start),
                    by=by,
                    side=side,
                ),
            )
        )
        return True
