"""The privacy module's events (ids only)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class ExportEvent(EventPayload, frozen=True, kw_only=True):
    export_id: UUID
    user_id: UUID


EXPORT_REQUESTED = EventType(
    "privacy.export_requested",
    ExportEvent,
    "a person asked for an archive of their data (a worker builds it)",
)

PUBLISHED = (EXPORT_REQUESTED,)
