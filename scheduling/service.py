"""Scheduling's public API: calendars, resources, windows, free slots, bookings, agendas.

Other modules (markets: meetings, tables, the programme) call the plain methods, having checked
who may do what themselves; the API's controllers call the `*_as` methods, which check that the
caller manages the scope (`ManagersByScope`) or owns the booking. Every booking is one
transaction: all its resources' seats, or none, and its event in the outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from infra.events.model import EventRecorder
from infra.ids import new_id
from scheduling import repository as rows
from scheduling.claims import announces_with_claim, claim_and_announce, claim_single_seats
from scheduling.domain import (
    Booking,
    BookingStatus,
    Calendar,
    Resource,
    ResourceKind,
    Scope,
    Slot,
    Window,
    check_no_overlap,
    checked_capacity,
    checked_slot_minutes,
    checked_time_zone,
    slot_at,
    window_bounds,
    window_slots,
)
from scheduling.errors import SchedulingError
from scheduling.events import BOOKING_CANCELLED, BOOKING_MADE, BookingEvent
from scheduling.ports import ManagersByScope

# A meeting books both people and a table; a few more (an interpreter) stay reasonable.
MAX_RESOURCES_PER_BOOKING = 8
# Entries kept per cache before it starts again (resources and calendars are small rows).
CACHE_LIMIT = 100_000


@dataclass(frozen=True)
class FreeSlot:
    slot: Slot
    seats_left: int


class _Changes(EventRecorder):
    """What a use case publishes, handed to the unit of work."""


class SchedulingService:
    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        managers: ManagersByScope,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._unit_of_work = unit_of_work
        self.managers = managers
        self._clock = clock
        # What a booking checks and never changes once written (a resource's calendar, kind
        # and capacity; a calendar's zone and slot length; windows, which are only ever
        # added): kept per process so a booking's transaction is most of its cost.
        self._fixed_resources: dict[UUID, Resource] = {}
        self._fixed_calendars: dict[UUID, Calendar] = {}
        self._known_windows: dict[UUID, list[Window]] = {}

    # Calendars, resources, windows (for the owning module) ------------------------------------

    async def open_calendar(
        self, scope: Scope, name: str, time_zone: str, slot_minutes: int
    ) -> Calendar:
        calendar = Calendar(
            id=new_id(),
            scope=scope,
            name=name.strip()[:200],
            time_zone=checked_time_zone(time_zone),
            slot_minutes=checked_slot_minutes(slot_minutes),
        )
        async with self._unit_of_work():
            await rows.insert_calendar(calendar, self._clock())
        return calendar

    async def calendar(self, calendar_id: UUID) -> Calendar:
        found = await rows.calendar(calendar_id)
        if found is None:
            raise NotFound(SchedulingError.CALENDAR_NOT_FOUND)
        return found

    async def calendars_of(self, scope: Scope) -> list[Calendar]:
        return await rows.calendars_of(scope)

    async def add_resource(
        self,
        calendar_id: UUID,
        kind: ResourceKind,
        name: str,
        *,
        capacity: int = 1,
        ref_id: UUID | None = None,
    ) -> Resource:
        await self.calendar(calendar_id)
        if kind is ResourceKind.PERSON:
            capacity = 1  # a person is in one meeting at a time
        resource = Resource(
            id=new_id(),
            calendar_id=calendar_id,
            kind=kind,
            name=name.strip()[:200],
            capacity=checked_capacity(capacity),
            ref_id=ref_id,
        )
        async with self._unit_of_work():
            if not await rows.insert_resource(resource, self._clock()):
                raise Conflict(SchedulingError.PERSON_ALREADY_LISTED)
        return resource

    async def person(self, calendar_id: UUID, user_id: UUID, name: str = "") -> Resource:
        """The person's own resource in the calendar, made on first use."""
        found = await rows.person_resource(calendar_id, user_id)
        if found is not None:
            return found
        resource = Resource(
            id=new_id(),
            calendar_id=calendar_id,
            kind=ResourceKind.PERSON,
            name=name[:200],
            capacity=1,
            ref_id=user_id,
        )
        async with self._unit_of_work():
            await rows.insert_resource(resource, self._clock())
        # Someone else's request may have made it at the same instant: read what was stored.
        stored = await rows.person_resource(calendar_id, user_id)
        assert stored is not None
        return stored

    async def resource(self, resource_id: UUID) -> Resource:
        found = await rows.resource(resource_id)
        if found is None:
            raise NotFound(SchedulingError.RESOURCE_NOT_FOUND)
        return found

    async def resources_of(self, calendar_id: UUID) -> list[Resource]:
        return await rows.resources_of(calendar_id)

    async def add_window(self, calendar_id: UUID, day: date, starts: time, ends: time) -> Window:
        calendar = await self.calendar(calendar_id)
        starts_at, ends_at = window_bounds(calendar, day, starts, ends)
        window = Window(new_id(), calendar_id, day, starts, ends, starts_at, ends_at)
        async with self._unit_of_work():
            check_no_overlap(window, await rows.windows(calendar_id))
            await rows.insert_window(window)
        return window

    async def windows(self, calendar_id: UUID) -> list[Window]:
        return await rows.windows(calendar_id)

    # The same, for the API: the caller must manage the calendar's scope ----------------------

    async def require_manager(self, who: Principal, scope: Scope) -> None:
        if not await self.managers.may_manage(who, scope):
            raise Forbidden(SchedulingError.NOT_A_MANAGER)

    async def managed_calendar(self, who: Principal, calendar_id: UUID) -> Calendar:
        calendar = await self.calendar(calendar_id)
        await self.require_manager(who, calendar.scope)
        return calendar

    # Slots ---------------------------------------------------------------------------------

    async def free_slots(self, resource_id: UUID, *, include_past: bool = False) -> list[FreeSlot]:
        """The resource's slots with seats left, in order (past ones left out)."""
        resource = await self.resource(resource_id)
        calendar = await self.calendar(resource.calendar_id)
        windows = await rows.windows(calendar.id)
        if not windows:
            return []
        taken = await rows.booked_counts(resource.id, windows[0].starts_at, windows[-1].ends_at)
        now = self._clock()
        return [
            FreeSlot(slot, resource.capacity - taken.get(slot.starts_at, 0))
            for window in windows
            for slot in window_slots(calendar, window)
            if taken.get(slot.starts_at, 0) < resource.capacity
            and (include_past or slot.starts_at >= now)
        ]

    # Bookings ------------------------------------------------------------------------------

    async def book(
        self,
        resource_ids: Sequence[UUID],
        slot_start: datetime,
        booked_by: UUID,
        label: str = "",
    ) -> list[Booking]:
        """Books every resource for the slot, or none: 409 `slot_taken` when one is full."""
        wanted = sorted(set(resource_ids))  # one order for every transaction: no deadlock
        if not wanted:
            raise InvalidInput(SchedulingError.RESOURCE_NOT_FOUND)
        if len(wanted) > MAX_RESOURCES_PER_BOOKING:
            raise InvalidInput(SchedulingError.TOO_MANY_RESOURCES, limit=MAX_RESOURCES_PER_BOOKING)
        found = await self._booking_resources(wanted)
        calendar_ids = {item.calendar_id for item in found.values()}
        if len(calendar_ids) != 1:
            raise InvalidInput(SchedulingError.MIXED_CALENDARS)
        calendar = await self._booking_calendar(calendar_ids.pop())
        slot = await self._slot(calendar, slot_start)
        now = self._clock()
        if slot.starts_at < now:
            raise InvalidInput(SchedulingError.SLOT_PASSED)
        group_id = new_id()
        claims = [
            Booking(
                id=new_id(),
                group_id=group_id,
                calendar_id=calendar.id,
                resource_id=resource_id,
                slot_start=slot.starts_at,
                slot_end=slot.ends_at,
                seat=0,
                booked_by=booked_by,
                label=label.strip()[:200],
                status=BookingStatus.BOOKED,
                created_at=now,
            )
            for resource_id in wanted
        ]
        single = [claim for claim in claims if found[claim.resource_id].capacity == 1]
        if len(single) == len(claims) and announces_with_claim():
            # People and tables only (a meeting): the claim writes the event too, one round
            # trip (docs/benchmarks.md, markets). A partial claim still rolls back.
            event = BOOKING_MADE.event(group_id, _payload(calendar, claims, booked_by))
            async with self._unit_of_work():
                if not await claim_and_announce(claims, event):
                    raise Conflict(SchedulingError.SLOT_TAKEN)
            return claims  # in resource order, as `wanted` is
        booked = list(single)
        changes = _Changes()
        async with self._unit_of_work() as unit:
            # Raising inside the transaction rolls back the seats already taken.
            if not await claim_single_seats(single):
                raise Conflict(SchedulingError.SLOT_TAKEN)
            for claim in claims:
                if found[claim.resource_id].capacity > 1:
                    seated = await rows.claim_seat(claim, found[claim.resource_id].capacity)
                    if seated is None:
                        raise Conflict(SchedulingError.SLOT_TAKEN)
                    booked.append(seated)
            changes.record(BOOKING_MADE.event(group_id, _payload(calendar, booked, booked_by)))
            unit.track(changes)
        return sorted(booked, key=lambda item: item.resource_id)

    async def _booking_resources(self, wanted: list[UUID]) -> dict[UUID, Resource]:
        missing = [item for item in wanted if item not in self._fixed_resources]
        if missing:
            if len(self._fixed_resources) > CACHE_LIMIT:
                self._fixed_resources.clear()
            self._fixed_resources.update(await rows.resources(missing))
        found = {
            item: self._fixed_resources[item] for item in wanted if item in self._fixed_resources
        }
        if len(found) != len(wanted):
            raise NotFound(SchedulingError.RESOURCE_NOT_FOUND)
        return found

    async def _booking_calendar(self, calendar_id: UUID) -> Calendar:
        calendar = self._fixed_calendars.get(calendar_id)
        if calendar is None:
            if len(self._fixed_calendars) > CACHE_LIMIT:
                self._fixed_calendars.clear()
            calendar = self._fixed_calendars[calendar_id] = await self.calendar(calendar_id)
        return calendar

    async def _slot(self, calendar: Calendar, slot_start: datetime) -> Slot:
        """The slot from the windows seen so far; on a miss, from the windows stored now (one
        may have been added since, by another process)."""
        known = self._known_windows.get(calendar.id)
        if known is not None:
            try:
                return slot_at(calendar, known, slot_start)
            except InvalidInput:
                pass
        if len(self._known_windows) > CACHE_LIMIT:
            self._known_windows.clear()
        self._known_windows[calendar.id] = current = await rows.windows(calendar.id)
        return slot_at(calendar, current, slot_start)

    async def book_as(
        self, who: Principal, resource_id: UUID, slot_start: datetime, label: str = ""
    ) -> list[Booking]:
        """A person books a table or a room seat for themself: their own calendar and the
        resource, together."""
        resource = await self._self_service(resource_id)
        me = await self.person(resource.calendar_id, who.user_id, who.display_name)
        return await self.book([me.id, resource.id], slot_start, who.user_id, label)

    async def _self_service(self, resource_id: UUID) -> Resource:
        """A table or room a person may book for themself through the generic routes."""
        resource = await self.resource(resource_id)
        if resource.kind is ResourceKind.PERSON:
            raise InvalidInput(SchedulingError.NOT_A_PERSON)
        calendar = await self.calendar(resource.calendar_id)
        if self.managers.booked_by_owner(calendar.scope.kind):
            raise Forbidden(SchedulingError.BOOKED_BY_OWNER)
        return resource

    async def cancel(self, group_id: UUID, by: UUID) -> list[Booking]:
        """Frees the group's seats; the first person waiting for a freed seat gets it."""
        bookings = await rows.group(group_id)
        if not bookings:
            raise NotFound(SchedulingError.BOOKING_NOT_FOUND)
        calendar = await self.calendar(bookings[0].calendar_id)
        changes = _Changes()
        async with self._unit_of_work() as unit:
            if await rows.cancel_group(group_id, self._clock()) == 0:
                raise Conflict(SchedulingError.ALREADY_CANCELLED)
            changes.record(BOOKING_CANCELLED.event(group_id, _payload(calendar, bookings, by)))
            unit.track(changes)
        for freed in bookings:
            await self._offer_to_waiting(freed)
        return await rows.group(group_id)

    async def cancel_as(self, who: Principal, booking_id: UUID) -> list[Booking]:
        """One's own booking (the one it was made by); another person's is not found."""
        found = await rows.booking(booking_id)
        if found is None or found.booked_by != who.user_id:
            raise NotFound(SchedulingError.BOOKING_NOT_FOUND)
        return await self.cancel(found.group_id, who.user_id)

    async def booking_group(self, group_id: UUID) -> list[Booking]:
        return await rows.group(group_id)

    # Waiting lists -------------------------------------------------------------------------

    async def wait_as(self, who: Principal, resource_id: UUID, slot_start: datetime) -> None:
        """Joins the slot's waiting list: only when it is full."""
        resource = await self._self_service(resource_id)
        calendar = await self.calendar(resource.calendar_id)
        slot = slot_at(calendar, await rows.windows(calendar.id), slot_start)
        if len(await rows.taken_seats(resource.id, slot.starts_at)) < resource.capacity:
            raise Conflict(SchedulingError.NOT_FULL)
        async with self._unit_of_work():
            added = await rows.add_wait(
                new_id(), resource.id, slot.starts_at, who.user_id, self._clock()
            )
        if not added:
            raise Conflict(SchedulingError.ALREADY_WAITING)

    async def _offer_to_waiting(self, freed: Booking) -> None:
        resource = await rows.resource(freed.resource_id)
        if resource is None or resource.kind is ResourceKind.PERSON:
            return
        for wait_id, user_id in await rows.waiting(resource.id, freed.slot_start):
            await rows.remove_wait(wait_id)
            person = await self.person(resource.calendar_id, user_id)
            try:
                await self.book([person.id, resource.id], freed.slot_start, user_id)
                return
            except (Conflict, InvalidInput):
                continue  # busy then, or the slot has passed: the next one in line


def _payload(calendar: Calendar, bookings: Sequence[Booking], by: UUID) -> BookingEvent:
    return BookingEvent(
        group_id=bookings[0].group_id,
        calendar_id=calendar.id,
        scope_kind=calendar.scope.kind,
        scope_id=calendar.scope.id,
        resource_ids=[item.resource_id for item in bookings],
        slot_start=bookings[0].slot_start.isoformat(),
        by=by,
    )
