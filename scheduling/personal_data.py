"""Scheduling's part of a person's data: their calendars' entries, bookings and waiting places.

Erasing cancels the person's bookings still to come (the seats go back to others), removes their
waiting places and feed key, and detaches what stays: past bookings count what a calendar held.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from piccolo.custom_types import Combinable

from infra.i18n.context import N_
from infra.personal_data import PersonalData, section
from infra.services import Services
from scheduling.domain import BookingStatus, ResourceKind
from scheduling.tables import ScheduleBooking, ScheduleFeed, ScheduleResource, ScheduleWait


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    people = await ScheduleResource.select(
        ScheduleResource.id, ScheduleResource.calendar_id, ScheduleResource.name
    ).where(
        (ScheduleResource.kind == ResourceKind.PERSON.value) & (ScheduleResource.ref_id == user_id)
    )
    mine = [row["id"] for row in people]
    booked: Combinable = ScheduleBooking.booked_by == user_id
    if mine:
        booked = booked | ScheduleBooking.resource_id.is_in(mine)
    bookings = await ScheduleBooking.select(
        ScheduleBooking.id,
        ScheduleBooking.group_id,
        ScheduleBooking.calendar_id,
        ScheduleBooking.resource_id,
        ScheduleBooking.slot_start,
        ScheduleBooking.slot_end,
        ScheduleBooking.label,
        ScheduleBooking.status,
        ScheduleBooking.created_at,
        ScheduleBooking.cancelled_at,
    ).where(booked)
    waits = await ScheduleWait.select(
        ScheduleWait.resource_id, ScheduleWait.slot_start, ScheduleWait.created_at
    ).where(ScheduleWait.user_id == user_id)
    return section({"calendars": people, "bookings": bookings, "waiting": waits})


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    now = datetime.now(UTC)
    people = await ScheduleResource.select(ScheduleResource.id).where(
        (ScheduleResource.kind == ResourceKind.PERSON.value) & (ScheduleResource.ref_id == user_id)
    )
    mine = [row["id"] for row in people]
    groups = await ScheduleBooking.select(ScheduleBooking.group_id).where(
        (ScheduleBooking.booked_by == user_id)
        | (
            ScheduleBooking.resource_id.is_in(mine)
            if mine
            else ScheduleBooking.booked_by == user_id
        )
    )
    group_ids = list({row["group_id"] for row in groups})
    if group_ids:
        await ScheduleBooking.update(
            {
                ScheduleBooking.status: BookingStatus.CANCELLED.value,
                ScheduleBooking.cancelled_at: now,
            }
        ).where(
            ScheduleBooking.group_id.is_in(group_ids)
            & (ScheduleBooking.status == BookingStatus.BOOKED.value)
            & (ScheduleBooking.slot_start >= now)
        )
    await ScheduleBooking.update({ScheduleBooking.booked_by: tombstone}).where(
        ScheduleBooking.booked_by == user_id
    )
    if mine:
        await ScheduleResource.update(
            {ScheduleResource.ref_id: tombstone, ScheduleResource.name: ""}
        ).where(ScheduleResource.id.is_in(mine))
    await ScheduleWait.delete().where(ScheduleWait.user_id == user_id)
    await ScheduleFeed.delete().where(ScheduleFeed.user_id == user_id)


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
    description=N_(
        "Vos agendas dans les calendriers (rencontres, tables, salles), vos réservations, "
        "y compris annulées, et vos places sur liste d'attente."
    ),
)
