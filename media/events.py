"""The media context's events: an asset's life, and plays for the indicators."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class AssetEvent(EventPayload, frozen=True, kw_only=True):
    asset_id: UUID
    work_id: UUID
    owner_id: UUID
    kind: str  # audio, video, image, book, game, subtitle
    role: str  # main, cover, subtitle
    language: str | None = None
    duration_s: int | None = None  # media.ready, when the media has a duration
    code: str | None = None  # media.rejected: the safety gate's reason


class PlayEvent(EventPayload, frozen=True, kw_only=True):
    work_id: UUID
    asset_id: UUID
    viewer_id: UUID | None
    seconds: float
    full: bool  # the full work (entitled), not a preview
    country: str | None  # ISO code from a trusted proxy, else unknown
    source: str = "site"  # site: Lakou's own pages; embed: a player embedded elsewhere
    referrer: str | None = None  # an embed's: the embedding site's origin, when known


MEDIA_UPLOADED = EventType("media.uploaded", AssetEvent, "an upload is complete and stored")
MEDIA_PROCESSING = EventType("media.processing", AssetEvent, "the worker took the upload")
MEDIA_READY = EventType("media.ready", AssetEvent, "renditions are published")
MEDIA_FAILED = EventType("media.failed", AssetEvent, "processing failed for good")
MEDIA_REJECTED = EventType("media.rejected", AssetEvent, "the safety gate refused the file")
MEDIA_PLAYED = EventType("media.played", PlayEvent, "a player reported seconds played")

ASSET_EVENTS = (MEDIA_UPLOADED, MEDIA_PROCESSING, MEDIA_READY, MEDIA_FAILED, MEDIA_REJECTED)
PUBLISHED = (*ASSET_EVENTS, MEDIA_PLAYED)
