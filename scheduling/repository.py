"""Reading and writing calendars, resources, windows and bookings (piccolo, both engines).

Every function runs in the caller's transaction, if any. `claim_seat` leans on the bookings'
partial unique index: `INSERT … ON CONFLICT DO NOTHING` either takes a seat or learns, without
aborting the transaction, that another booking has it (on PostgreSQL it waits for a concurrent
transaction holding the same key to end, then answers).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from scheduling.domain import (
    Booking,
    BookingStatus,
    Calendar,
    Resource,
    ResourceKind,
    Scope,
    Window,
)
from scheduling.tables import (
    ScheduleBooking,
    ScheduleCalendar,
    ScheduleFeed,
    ScheduleResource,
    ScheduleWait,
    ScheduleWindow,
)

# Calendars, resources, windows ---------------------------------------------------------------


async def insert_calendar(calendar: Calendar, at: datetime) -> None:
    await ScheduleCalendar.insert(
        ScheduleCalendar(
            id=calendar.id,
            scope_kind=calendar.scope.kind,
            scope_id=calendar.scope.id,
            name=calendar.name,
            time_zone=calendar.time_zone,
            slot_minutes=calendar.slot_minutes,
            created_at=at,
        )
    )


async def calendar(calendar_id: UUID) -> Calendar | None:
    rows = await ScheduleCalendar.select().where(ScheduleCalendar.id == calendar_id)
    return _calendar(rows[0]) if rows else None


async def calendars_of(scope: Scope) -> list[Calendar]:
    rows = (
        await ScheduleCalendar.select()
        .where(
            (ScheduleCalendar.scope_kind == scope.kind) & (ScheduleCalendar.scope_id == scope.id)
        )
        .order_by(ScheduleCalendar.id)
    )
    return [_calendar(row) for row in rows]


async def insert_resource(resource: Resource, at: datetime) -> bool:
    """False when the calendar already lists that person (one person resource each)."""
    inserted = (
        await ScheduleResource.insert(
            ScheduleResource(
                id=resource.id,
                calendar_id=resource.calendar_id,
                kind=resource.kind.value,
                ref_id=resource.ref_id,
                name=resource.name,
                capacity=resource.capacity,
                created_at=at,
            )
        )
        .on_conflict(action="DO NOTHING")
        .returning(ScheduleResource.id)
    )
    return bool(inserted)


async def resource(resource_id: UUID) -> Resource | None:
    rows = await ScheduleResource.select().where(ScheduleResource.id == resource_id)
    return _resource(rows[0]) if rows else None


async def resources(ids: Iterable[UUID]) -> dict[UUID, Resource]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await ScheduleResource.select().where(ScheduleResource.id.is_in(wanted))
    return {item.id: item for item in map(_resource, rows)}


async def resources_of(calendar_id: UUID) -> list[Resource]:
    rows = (
        await ScheduleResource.select()
        .where(ScheduleResource.calendar_id == calendar_id)
        .order_by(ScheduleResource.id)
    )
    return [_resource(row) for row in rows]


async def person_resource(calendar_id: UUID, user_id: UUID) -> Resource | None:
    rows = await ScheduleResource.select().where(
        (ScheduleResource.calendar_id == calendar_id)
        & (ScheduleResource.kind == ResourceKind.PERSON.value)
        & (ScheduleResource.ref_id == user_id)
    )
    return _resource(rows[0]) if rows else None


async def insert_window(window: Window) -> None:
    await ScheduleWindow.insert(
        ScheduleWindow(
            id=window.id,
            calendar_id=window.calendar_id,
            day=window.day.isoformat(),
            starts=window.starts.strftime("%H:%M"),
            ends=window.ends.strftime("%H:%M"),
            starts_at=window.starts_at,
            ends_at=window.ends_at,
        )
    )


async def windows(calendar_id: UUID) -> list[Window]:
    rows = (
        await ScheduleWindow.select()
        .where(ScheduleWindow.calendar_id == calendar_id)
        .order_by(ScheduleWindow.starts_at)
    )
    return [_window(row) for row in rows]


# Bookings ------------------------------------------------------------------------------------


async def taken_seats(resource_id: UUID, slot_start: datetime) -> set[int]:
    rows = await ScheduleBooking.select(ScheduleBooking.seat).where(
        (ScheduleBooking.resource_id == resource_id)
        & (ScheduleBooking.slot_start == slot_start)
        & (ScheduleBooking.status == BookingStatus.BOOKED.value)
    )
    return {row["seat"] for row in rows}


async def claim_seat(booking: Booking, capacity: int) -> Booking | None:
    """The booking on the first free seat (0…capacity-1, in order), or None when every seat
    of the slot is taken, by bookings already committed or by concurrent ones."""
    taken = await taken_seats(booking.resource_id, booking.slot_start)
    for seat in range(capacity):
        if seat in taken:
            continue
        inserted = (
            await ScheduleBooking.insert(_booking_row(booking, seat))
            .on_conflict(action="DO NOTHING")
            .returning(ScheduleBooking.id)
        )
        if inserted:
            return _with_seat(booking, seat)
    return None


async def group(group_id: UUID) -> list[Booking]:
    rows = (
        await ScheduleBooking.select()
        .where(ScheduleBooking.group_id == group_id)
        .order_by(ScheduleBooking.resource_id)
    )
    return [_booking(row) for row in rows]


async def booking(booking_id: UUID) -> Booking | None:
    rows = await ScheduleBooking.select().where(ScheduleBooking.id == booking_id)
    return _booking(rows[0]) if rows else None


async def cancel_group(group_id: UUID, at: datetime) -> int:
    """Frees every seat the group holds; how many it held (0: cancelled before)."""
    rows = (
        await ScheduleBooking.update(
            {
                ScheduleBooking.status: BookingStatus.CANCELLED.value,
                ScheduleBooking.cancelled_at: at,
            }
        )
        .where(
            (ScheduleBooking.group_id == group_id)
            & (ScheduleBooking.status == BookingStatus.BOOKED.value)
        )
        .returning(ScheduleBooking.id)
    )
    return len(rows)


async def booked_counts(resource_id: UUID, since: datetime, until: datetime) -> dict[datetime, int]:
    """Seats taken per slot start of one resource, between two instants."""
    rows = await ScheduleBooking.select(ScheduleBooking.slot_start).where(
        (ScheduleBooking.resource_id == resource_id)
        & (ScheduleBooking.status == BookingStatus.BOOKED.value)
        & (ScheduleBooking.slot_start >= since)
        & (ScheduleBooking.slot_start < until)
    )
    counts: dict[datetime, int] = {}
    for row in rows:
        start = as_utc(row["slot_start"])
        counts[start] = counts.get(start, 0) + 1
    return counts


async def person_bookings(user_id: UUID) -> list[Booking]:
    """The bookings of every person resource standing for `user_id`, cancelled ones too."""
    people = await ScheduleResource.select(ScheduleResource.id).where(
        (ScheduleResource.kind == ResourceKind.PERSON.value) & (ScheduleResource.ref_id == user_id)
    )
    if not people:
        return []
    rows = (
        await ScheduleBooking.select()
        .where(ScheduleBooking.resource_id.is_in([row["id"] for row in people]))
        .order_by(ScheduleBooking.slot_start)
    )
    return [_booking(row) for row in rows]


async def groups(group_ids: Iterable[UUID]) -> dict[UUID, list[Booking]]:
    wanted = list(set(group_ids))
    found: dict[UUID, list[Booking]] = {}
    if not wanted:
        return found
    rows = await ScheduleBooking.select().where(ScheduleBooking.group_id.is_in(wanted))
    for item in map(_booking, rows):
        found.setdefault(item.group_id, []).append(item)
    return found


# Waiting lists -------------------------------------------------------------------------------


async def add_wait(
    wait_id: UUID, resource_id: UUID, slot_start: datetime, user_id: UUID, at: datetime
) -> bool:
    inserted = (
        await ScheduleWait.insert(
            ScheduleWait(
                id=wait_id,
                resource_id=resource_id,
                slot_start=slot_start,
                user_id=user_id,
                created_at=at,
            )
        )
        .on_conflict(action="DO NOTHING")
        .returning(ScheduleWait.id)
    )
    return bool(inserted)


async def waiting(resource_id: UUID, slot_start: datetime) -> list[tuple[UUID, UUID]]:
    """(entry id, person) in the order they joined."""
    rows = (
        await ScheduleWait.select(ScheduleWait.id, ScheduleWait.user_id)
        .where((ScheduleWait.resource_id == resource_id) & (ScheduleWait.slot_start == slot_start))
        .order_by(ScheduleWait.id)
    )
    return [(as_uuid(row["id"]), as_uuid(row["user_id"])) for row in rows]


async def remove_wait(wait_id: UUID) -> None:
    await ScheduleWait.delete().where(ScheduleWait.id == wait_id)


# Feeds ---------------------------------------------------------------------------------------


async def feed_nonce(user_id: UUID) -> str | None:
    rows = await ScheduleFeed.select(ScheduleFeed.nonce).where(ScheduleFeed.user_id == user_id)
    return str(rows[0]["nonce"]) if rows else None


async def set_feed_nonce(user_id: UUID, nonce: str, at: datetime, *, replace: bool) -> str:
    """Stores the nonce (`replace`: over the old one) and answers the one now in force."""
    if replace:
        await ScheduleFeed.delete().where(ScheduleFeed.user_id == user_id)
    await ScheduleFeed.insert(
        ScheduleFeed(user_id=user_id, nonce=nonce, rotated_at=at)
    ).on_conflict(action="DO NOTHING")
    return await feed_nonce(user_id) or nonce


# Rows ----------------------------------------------------------------------------------------


def _calendar(row: dict[str, Any]) -> Calendar:
    return Calendar(
        id=as_uuid(row["id"]),
        scope=Scope(row["scope_kind"], as_uuid(row["scope_id"])),
        name=row["name"],
        time_zone=row["time_zone"],
        slot_minutes=row["slot_minutes"],
    )


def _resource(row: dict[str, Any]) -> Resource:
    return Resource(
        id=as_uuid(row["id"]),
        calendar_id=as_uuid(row["calendar_id"]),
        kind=ResourceKind(row["kind"]),
        name=row["name"],
        capacity=row["capacity"],
        ref_id=as_uuid(row["ref_id"]) if row["ref_id"] is not None else None,
    )


def _window(row: dict[str, Any]) -> Window:
    return Window(
        id=as_uuid(row["id"]),
        calendar_id=as_uuid(row["calendar_id"]),
        day=date.fromisoformat(row["day"]),
        starts=time.fromisoformat(row["starts"]),
        ends=time.fromisoformat(row["ends"]),
        starts_at=as_utc(row["starts_at"]),
        ends_at=as_utc(row["ends_at"]),
    )


def _booking(row: dict[str, Any]) -> Booking:
    return Booking(
        id=as_uuid(row["id"]),
        group_id=as_uuid(row["group_id"]),
        calendar_id=as_uuid(row["calendar_id"]),
        resource_id=as_uuid(row["resource_id"]),
        slot_start=as_utc(row["slot_start"]),
        slot_end=as_utc(row["slot_end"]),
        seat=row["seat"],
        booked_by=as_uuid(row["booked_by"]),
        label=row["label"],
        status=BookingStatus(row["status"]),
        created_at=as_utc(row["created_at"]),
        cancelled_at=as_utc(row["cancelled_at"]) if row["cancelled_at"] is not None else None,
    )


def _booking_row(booking: Booking, seat: int) -> ScheduleBooking:
    return ScheduleBooking(
        id=booking.id,
        group_id=booking.group_id,
        calendar_id=booking.calendar_id,
        resource_id=booking.resource_id,
        slot_start=booking.slot_start,
        slot_end=booking.slot_end,
        seat=seat,
        booked_by=booking.booked_by,
        label=booking.label,
        status=booking.status.value,
        created_at=booking.created_at,
    )


def _with_seat(booking: Booking, seat: int) -> Booking:
    return replace(booking, seat=seat)
