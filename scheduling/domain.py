"""Calendars, resources, windows and slots: the pure rules of scheduling (no I/O).

A calendar belongs to an owner scope (`("market", id)`): it has a time zone and a slot length,
and windows (a day, a local start and end) when its resources may be booked. Slots are cut
from a window's start in the calendar's time zone, then kept as UTC instants: on the day Paris
moves its clocks, a window from midnight to six holds five hours of slots, not six, while
America/Martinique (no daylight saving) always holds what its wall clock says.

A booking holds one resource (a person, a table, a room) for one slot; a room seating N takes N
bookings per slot, each on its own seat. Several resources booked together (both people and the
table of a meeting) are booked all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from infra.errors import InvalidInput
from scheduling.errors import SchedulingError

MIN_SLOT_MINUTES = 5
MAX_SLOT_MINUTES = 240
MAX_CAPACITY = 1000


class ResourceKind(StrEnum):
    PERSON = "person"
    TABLE = "table"
    ROOM = "room"


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Scope:
    """Who owns a calendar: a market, a venue, a course… (`kind` names the owning module)."""

    kind: str
    id: UUID


@dataclass(frozen=True)
class Calendar:
    id: UUID
    scope: Scope
    name: str
    time_zone: str
    slot_minutes: int

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def slot_length(self) -> timedelta:
        return timedelta(minutes=self.slot_minutes)


@dataclass(frozen=True)
class Resource:
    id: UUID
    calendar_id: UUID
    kind: ResourceKind
    name: str
    capacity: int
    # What the resource stands for elsewhere: the account of a person, a stand's table…
    ref_id: UUID | None = None


@dataclass(frozen=True)
class Window:
    """A day's opening in the calendar's local time, with its UTC bounds."""

    id: UUID
    calendar_id: UUID
    day: date
    starts: time
    ends: time
    starts_at: datetime
    ends_at: datetime

    def overlaps(self, other: Window) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    index: int  # from the window's start
    local_start: datetime  # in the calendar's time zone


@dataclass(frozen=True)
class Booking:
    id: UUID
    group_id: UUID  # the resources booked together share it
    calendar_id: UUID
    resource_id: UUID
    slot_start: datetime
    slot_end: datetime
    seat: int
    booked_by: UUID
    label: str
    status: BookingStatus
    created_at: datetime
    cancelled_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.status is BookingStatus.BOOKED


# Rules ---------------------------------------------------------------------------------------


def checked_time_zone(name: str) -> str:
    if name not in _zones():
        raise InvalidInput(SchedulingError.UNKNOWN_TIME_ZONE, zone=name[:64])
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(SchedulingError.UNKNOWN_TIME_ZONE, zone=name[:64]) from None
    return name


def checked_slot_minutes(minutes: int) -> int:
    if not MIN_SLOT_MINUTES <= minutes <= MAX_SLOT_MINUTES:
        raise InvalidInput(
            SchedulingError.BAD_SLOT_LENGTH, low=MIN_SLOT_MINUTES, high=MAX_SLOT_MINUTES
        )
    return minutes


def checked_capacity(capacity: int) -> int:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(SchedulingError.BAD_CAPACITY, high=MAX_CAPACITY)
    return capacity


def to_utc(day: date, moment: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time of a day in `zone`, as a UTC instant. A time the clocks skip (02:30
    in Paris on the spring change) reads with the offset before the change, i.e. the instant
    an hour later on the new wall clock; an hour they repeat reads as its first occurrence."""
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def window_bounds(
    calendar: Calendar, day: date, starts: time, ends: time
) -> tuple[datetime, datetime]:
    starts_at = to_utc(day, starts, calendar.zone)
    # A window ending at midnight ends at the start of the next day.
    ends_at = to_utc(day + timedelta(days=1) if ends == time(0) else day, ends, calendar.zone)
    if ends_at - starts_at < calendar.slot_length:
        raise InvalidInput(SchedulingError.WINDOW_TOO_SHORT)
    return starts_at, ends_at


def window_slots(calendar: Calendar, window: Window) -> list[Slot]:
    """The window's slots: whole slot lengths of elapsed time from its start."""
    slots: list[Slot] = []
    length = calendar.slot_length
    start = window.starts_at
    while start + length <= window.ends_at:
        slots.append(
            Slot(
                starts_at=start,
                ends_at=start + length,
                index=len(slots),
                local_start=start.astimezone(calendar.zone),
            )
        )
        start += length
    return slots


def slot_at(calendar: Calendar, windows: list[Window], starts_at: datetime) -> Slot:
    """The slot starting at `starts_at` in one of the windows, or 422 `not_a_slot`."""
    moment = starts_at.astimezone(UTC) if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)
    for window in windows:
        if window.starts_at <= moment < window.ends_at:
            offset = moment - window.starts_at
            length = calendar.slot_length
            if offset % length == timedelta(0) and moment + length <= window.ends_at:
                return Slot(
                    starts_at=moment,
                    ends_at=moment + length,
                    index=offset // length,
                    local_start=moment.astimezone(calendar.zone),
                )
    raise InvalidInput(SchedulingError.NOT_A_SLOT)


def check_no_overlap(new: Window, existing: list[Window]) -> None:
    if any(new.overlaps(window) for window in existing):
        raise InvalidInput(SchedulingError.WINDOWS_OVERLAP)


@cache
def _zones() -> frozenset[str]:
    """The IANA names this system knows (read once: it lists the tz database's files)."""
    return frozenset(available_timezones())
