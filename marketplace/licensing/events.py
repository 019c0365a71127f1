"""The licensing events: a work's availability changed (search indexes it)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class AvailabilityChanged(EventPayload, frozen=True, kw_only=True):
    work_id: UUID
    version: int  # the work's rights version, one more for every mandate or window change


AVAILABILITY_CHANGED = EventType(
    "licensing.availability_changed",
    AvailabilityChanged,
    "a work's mandates or licensed windows changed, and with them its availability",
)

PUBLISHED = (AVAILABILITY_CHANGED,)
