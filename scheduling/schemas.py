"""What the scheduling API takes and gives (msgspec), and the conversions from the domain."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from scheduling.domain import Booking, Calendar, Resource, ResourceKind, Window
from scheduling.ical import AgendaEntry
from scheduling.service import FreeSlot

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
ClockTime = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class CalendarIn(msgspec.Struct, forbid_unknown_fields=True):
    scope_kind: Annotated[str, msgspec.Meta(pattern=r"^[a-z_]{1,40}$")]
    scope_id: UUID
    name: Name
    time_zone: Annotated[str, msgspec.Meta(max_length=64)] = "America/Martinique"
    slot_minutes: int = 30


class ResourceIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: ResourceKind
    name: Name
    capacity: int = 1
    ref_id: UUID | None = None


class WindowIn(msgspec.Struct, forbid_unknown_fields=True):
    day: date
    starts: ClockTime
    ends: ClockTime


class BookingIn(msgspec.Struct, forbid_unknown_fields=True):
    slot_start: datetime
    label: Annotated[str, msgspec.Meta(max_length=200)] = ""


class WaitIn(msgspec.Struct, forbid_unknown_fields=True):
    slot_start: datetime


class WindowOut(msgspec.Struct):
    id: UUID
    day: date
    starts: str
    ends: str
    starts_at: datetime
    ends_at: datetime


class ResourceOut(msgspec.Struct):
    id: UUID
    calendar_id: UUID
    kind: str
    name: str
    capacity: int


class CalendarOut(msgspec.Struct):
    id: UUID
    scope_kind: str
    scope_id: UUID
    name: str
    time_zone: str
    slot_minutes: int
    windows: list[WindowOut]
    resources: list[ResourceOut]


class SlotOut(msgspec.Struct):
    starts_at: datetime
    ends_at: datetime
    local_start: str  # wall-clock time in the calendar's zone, ISO 8601 with its offset
    seats_left: int


class BookingOut(msgspec.Struct):
    id: UUID
    group_id: UUID
    resource_id: UUID
    slot_start: datetime
    slot_end: datetime
    seat: int
    label: str
    status: str


class AgendaItemOut(msgspec.Struct):
    booking_id: UUID
    group_id: UUID
    calendar: str
    time_zone: str
    slot_start: datetime
    slot_end: datetime
    local_start: str
    label: str
    status: str
    with_resources: list[str]


class FeedOut(msgspec.Struct):
    url: str


def window_out(window: Window) -> WindowOut:
    return WindowOut(
        id=window.id,
        day=window.day,
        starts=window.starts.strftime("%H:%M"),
        ends=window.ends.strftime("%H:%M"),
        starts_at=window.starts_at,
        ends_at=window.ends_at,
    )


def resource_out(resource: Resource) -> ResourceOut:
    return ResourceOut(
        id=resource.id,
        calendar_id=resource.calendar_id,
        kind=resource.kind.value,
        name=resource.name,
        capacity=resource.capacity,
    )


def calendar_out(
    calendar: Calendar, windows: list[Window], resources: list[Resource]
) -> CalendarOut:
    return CalendarOut(
        id=calendar.id,
        scope_kind=calendar.scope.kind,
        scope_id=calendar.scope.id,
        name=calendar.name,
        time_zone=calendar.time_zone,
        slot_minutes=calendar.slot_minutes,
        windows=[window_out(window) for window in windows],
        # People's own calendars are theirs: the calendar lists tables and rooms.
        resources=[resource_out(r) for r in resources if r.kind is not ResourceKind.PERSON],
    )


def slot_out(free: FreeSlot) -> SlotOut:
    return SlotOut(
        starts_at=free.slot.starts_at,
        ends_at=free.slot.ends_at,
        local_start=free.slot.local_start.isoformat(),
        seats_left=free.seats_left,
    )


def booking_out(booking: Booking) -> BookingOut:
    return BookingOut(
        id=booking.id,
        group_id=booking.group_id,
        resource_id=booking.resource_id,
        slot_start=booking.slot_start,
        slot_end=booking.slot_end,
        seat=booking.seat,
        label=booking.label,
        status=booking.status.value,
    )


def agenda_item_out(entry: AgendaEntry) -> AgendaItemOut:
    booking = entry.booking
    return AgendaItemOut(
        booking_id=booking.id,
        group_id=booking.group_id,
        calendar=entry.calendar.name,
        time_zone=entry.calendar.time_zone,
        slot_start=booking.slot_start,
        slot_end=booking.slot_end,
        local_start=booking.slot_start.astimezone(entry.calendar.zone).isoformat(),
        label=booking.label,
        status=booking.status.value,
        with_resources=[resource.name for resource in entry.with_resources],
    )
