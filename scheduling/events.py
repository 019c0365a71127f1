"""What the scheduling module publishes (ids and instants only: labels stay in its tables)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class BookingEvent(EventPayload, frozen=True, kw_only=True):
    group_id: UUID  # the resources booked together
    calendar_id: UUID
    scope_kind: str
    scope_id: UUID
    resource_ids: list[UUID]
    slot_start: str  # ISO 8601, UTC
    by: UUID  # who booked, or who cancelled


BOOKING_MADE = EventType(
    "booking.made", BookingEvent, "resources of a calendar were booked together for a slot"
)
BOOKING_CANCELLED = EventType(
    "booking.cancelled", BookingEvent, "a booking of resources for a slot was cancelled"
)

EVENTS = (BOOKING_MADE, BOOKING_CANCELLED)
