"""JSON shapes for meetings. Unknown fields are refused."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated
from uuid import UUID

import msgspec

from infra.errors import InvalidInput
from marketplace.markets.errors import MarketError
from marketplace.markets.meetings.domain import MAX_MESSAGE, MAX_PROPOSED, MAX_REASON, Meeting
from marketplace.markets.meetings.service import FreeSlot
from scheduling.domain import Window


class MeetingDayIn(msgspec.Struct, forbid_unknown_fields=True):
    """Meeting hours on one day, in Martinique wall-clock time."""

    day: date
    starts: Annotated[str, msgspec.Meta(max_length=8)]  # "09:00"
    ends: Annotated[str, msgspec.Meta(max_length=8)]

    def hours(self) -> tuple[time, time]:
        try:
            starts, ends = time.fromisoformat(self.starts), time.fromisoformat(self.ends)
        except ValueError:
            raise InvalidInput(MarketError.INVALID_MEETING_HOURS) from None
        if ends != time(0) and ends <= starts:
            raise InvalidInput(MarketError.INVALID_MEETING_HOURS)
        return starts, ends


class MeetingDayOut(msgspec.Struct):
    day: date
    starts: time
    ends: time
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def of(cls, window: Window) -> MeetingDayOut:
        return cls(window.day, window.starts, window.ends, window.starts_at, window.ends_at)


Quotas = Annotated[
    dict[Annotated[str, msgspec.Meta(max_length=30)], int], msgspec.Meta(max_length=10)
]


class QuotasIn(msgspec.Struct, forbid_unknown_fields=True):
    per_day: Quotas


class QuotasOut(msgspec.Struct):
    per_day: dict[str, int]


class FreeSlotOut(msgspec.Struct):
    starts_at: datetime
    ends_at: datetime
    local_start: str  # "09:30", Martinique time
    tables_free: int

    @classmethod
    def of(cls, free: FreeSlot) -> FreeSlotOut:
        slot = free.slot
        return cls(
            slot.starts_at, slot.ends_at, slot.local_start.strftime("%H:%M"), free.tables_free
        )


class MeetingIn(msgspec.Struct, forbid_unknown_fields=True):
    slots: Annotated[list[datetime], msgspec.Meta(max_length=MAX_PROPOSED + 5)]
    message: Annotated[str, msgspec.Meta(max_length=MAX_MESSAGE * 4)] = ""


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True):
    slot_start: datetime


class DeclineIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=MAX_REASON * 4)] = ""


class CancelIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=MAX_REASON * 4)] = ""


class MeetingOut(msgspec.Struct):
    id: UUID
    market_id: UUID
    stand_id: UUID
    professional_id: UUID
    category: str
    proposed: list[datetime]
    message: str
    state: str
    slot_start: datetime | None
    reason: str
    ics_url: str | None

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingOut:
        booked = meeting.group_id is not None  # booked, or booked then cancelled
        return cls(
            id=meeting.id,
            market_id=meeting.market_id,
            stand_id=meeting.stand_id,
            professional_id=meeting.professional_id,
            category=meeting.category,
            proposed=meeting.proposed,
            message=meeting.message,
            state=meeting.state.value,
            slot_start=meeting.slot_start,
            reason=meeting.reason,
            ics_url=f"/api/meetings/{meeting.id}/meeting.ics" if booked else None,
        )


class MyMeetingsOut(msgspec.Struct):
    asked: list[MeetingOut]
    received: list[MeetingOut]
