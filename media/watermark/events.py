"""The marked renditions' event: asked for, so the worker prepares them."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class MarkedRenditionsEvent(EventPayload, frozen=True, kw_only=True):
    asset_id: UUID


MARKED_RENDITIONS_REQUESTED = EventType(
    "media.marked_renditions_requested",
    MarkedRenditionsEvent,
    "A/B marked renditions of an asset were asked for (screeners)",
)
PUBLISHED = (MARKED_RENDITIONS_REQUESTED,)
