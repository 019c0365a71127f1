"""The catalogue's events and their payloads (ids only: consumers load names by id)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class CreatorEvent(EventPayload, frozen=True, kw_only=True):
    creator_id: UUID
    owner_id: UUID


class WorkEvent(EventPayload, frozen=True, kw_only=True):
    work_id: UUID
    creator_id: UUID
    owner_id: UUID
    by: UUID  # who did it: the owner, or staff
    status: str  # the work's status after the change
    reason: str | None = None  # why staff withdrew it, when they did


CREATOR_CREATED = EventType("creator.created", CreatorEvent, "a creator profile was made")
CREATOR_UPDATED = EventType("creator.updated", CreatorEvent, "a creator profile changed")
WORK_CREATED = EventType("work.created", WorkEvent, "a work was drafted")
WORK_UPDATED = EventType("work.updated", WorkEvent, "a work's details or cover changed")
WORK_PUBLISHED = EventType("work.published", WorkEvent, "a work became public")
WORK_WITHDRAWN = EventType("work.withdrawn", WorkEvent, "a work was withdrawn (or held)")

PUBLISHED = (
    CREATOR_CREATED,
    CREATOR_UPDATED,
    WORK_CREATED,
    WORK_UPDATED,
    WORK_PUBLISHED,
    WORK_WITHDRAWN,
)
