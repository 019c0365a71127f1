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
    # media.rejected: the safety gate's reason; media.ready: the first rendition that failed
    # for good when the asset is only partly ready (status "incomplete").
    code: str | None = None


class RenditionEvent(EventPayload, frozen=True, kw_only=True):
    """One rendition of an asset was published (or failed for good) while the rest is made."""

    asset_id: UUID
    work_id: UUID
    owner_id: UUID
    kind: str
    role: str
    rendition: str  # preview, stream, m4a, mp3, flac, waveform, files
    status: str  # the asset's status after it: preview_ready, stream_ready, ready...
    code: str | None = None  # media.rendition_failed: e.g. stream_failed


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
MEDIA_READY = EventType(
    "media.ready", AssetEvent, "every rendition is settled: published, or failed with `code`"
)
MEDIA_FAILED = EventType("media.failed", AssetEvent, "processing failed for good")
MEDIA_REJECTED = EventType("media.rejected", AssetEvent, "the safety gate refused the file")
MEDIA_RENDITION_READY = EventType(
    "media.rendition_ready", RenditionEvent, "one rendition is published and plays at once"
)
MEDIA_RENDITION_FAILED = EventType(
    "media.rendition_failed", RenditionEvent, "one rendition failed for good; the rest plays"
)
MEDIA_PLAYED = EventType("media.played", PlayEvent, "a player reported seconds played")

ASSET_EVENTS = (MEDIA_UPLOADED, MEDIA_PROCESSING, MEDIA_READY, MEDIA_FAILED, MEDIA_REJECTED)
RENDITION_EVENTS = (MEDIA_RENDITION_READY, MEDIA_RENDITION_FAILED)
PUBLISHED = (*ASSET_EVENTS, MEDIA_PLAYED, *RENDITION_EVENTS)
