"""Booking one resource over several consecutive slots, all or none (a programme's session
holds its room from its first slot to its last).

Each slot is its own booking row under one group id, so the bookings' unique index keeps two
spans of a room apart slot by slot, whatever the application does, and a cancelled span frees
every slot at once (`SchedulingService.cancel` of the group). A caller that opened a unit of
work already books inside it: piccolo joins the outer transaction, so the caller's rows and the
span are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, InvalidInput
from infra.events.model import EventRecorder
from infra.ids import new_id
from scheduling.claims import claim_single_seats
from scheduling.domain import Booking, BookingStatus, Calendar, slot_at
from scheduling.errors import SchedulingError
from scheduling.events import BOOKING_MADE, BookingEvent
from scheduling.service import SchedulingService

# A span of a 5-minute calendar over a day; longer spans are not what a slot calendar is for.
MAX_SLOTS_PER_SPAN = 288


class _Changes(EventRecorder):
    """The span's event, handed to the unit of work."""


class SpanBookings:
    def __init__(
        self,
        scheduling: SchedulingService,
        unit_of_work: Callable[[], UnitOfWork],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._scheduling = scheduling
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def book_span(
        self,
        resource_id: UUID,
        starts_at: datetime,
        ends_at: datetime,
        booked_by: UUID,
        label: str = "",
    ) -> UUID:
        """Books every slot of the resource from `starts_at` to `ends_at`: the group's id, or
        409 `slot_taken` when one slot is held (nothing is booked then); 422 `not_a_slot` when a
        bound is not a slot boundary of the calendar's windows."""
        resource = await self._scheduling.resource(resource_id)
        calendar = await self._scheduling.calendar(resource.calendar_id)
        starts = await self._slot_starts(calendar, starts_at, ends_at)
        now = self._clock()
        if starts[0] < now:
            raise InvalidInput(SchedulingError.SLOT_PASSED)
        group_id = new_id()
        claims = [
            Booking(
                id=new_id(),
                group_id=group_id,
                calendar_id=calendar.id,
                resource_id=resource.id,
                slot_start=start,
                slot_end=start + calendar.slot_length,
                seat=0,
                booked_by=booked_by,
                label=label.strip()[:200],
                status=BookingStatus.BOOKED,
                created_at=now,
            )
            for start in starts
        ]
        changes = _Changes()
        async with self._unit_of_work() as unit:
            # One statement; raising inside the transaction drops the slots it did take.
            if not await claim_single_seats(claims):
                raise Conflict(SchedulingError.SLOT_TAKEN)
            changes.record(
                BOOKING_MADE.event(
                    group_id,
                    BookingEvent(
                        group_id=group_id,
                        calendar_id=calendar.id,
                        scope_kind=calendar.scope.kind,
                        scope_id=calendar.scope.id,
                        resource_ids=[resource.id],
                        slot_start=starts[0].isoformat(),
                        by=booked_by,
                    ),
                )
            )
            unit.track(changes)
        return group_id

    async def _slot_starts(
        self, calendar: Calendar, starts_at: datetime, ends_at: datetime
    ) -> list[datetime]:
        windows = await self._scheduling.windows(calendar.id)
        first = slot_at(calendar, windows, starts_at)
        length = calendar.slot_length
        span = ends_at.astimezone(UTC) - first.starts_at
        if span <= 0 * length or span % length or span // length > MAX_SLOTS_PER_SPAN:
            raise InvalidInput(SchedulingError.NOT_A_SLOT)
        starts = [first.starts_at + index * length for index in range(span // length)]
        for start in starts[1:]:
            slot_at(calendar, windows, start)  # every slot lies in a window
        return starts
