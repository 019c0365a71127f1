"""What the catalogue exports publish: an export was asked for (a worker builds it)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class ExportRequested(EventPayload, frozen=True, kw_only=True):
    export_id: UUID
    organisation_id: UUID


EXPORT_REQUESTED = EventType(
    "partners.export_requested",
    ExportRequested,
    "an organisation asked for a catalogue export (CSV, JSON, EMA Avails); a worker builds it",
)

PUBLISHED = (EXPORT_REQUESTED,)
