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
    """Legacy (before the play protocol): the log keeps them and the fold still reads them."""

    work_id: UUID
    asset_id: UUID
    viewer_id: UUID | None
    seconds: float
    full: bool  # the full work (entitled), not a preview
    country: str | None  # ISO code from a trusted proxy, else unknown
    source: str = "site"  # site: Lakou's own pages; embed: a player embedded elsewhere
    referrer: str | None = None  # an embed's: the embedding site's origin, when known


class PlayCountedEvent(EventPayload, frozen=True, kw_only=True):
    """A play settled by the play protocol (`media/plays/`), once per play.

    Emitted when the play reaches its threshold (30 s, or half of a shorter work) or, if it
    never does, when it closes. The indicators count it when `counted` is true and `excluded`
    is null: a full play as diffusion, a preview apart.
    """

    play_id: UUID
    work_id: UUID
    asset_id: UUID
    listener: str  # a pseudonym: one per person (signed in) or per browser (a random cookie)
    viewer_id: UUID | None  # the signed-in listener (active members), else None
    full: bool  # the full work (entitled), not a preview
    counted: bool  # reached the threshold, first of its listener's 30-minute bucket
    excluded: str | None  # owner or staff: their plays never count, whatever `counted` says
    country: str | None  # ISO code from the trusted proxy's header, else unknown
    source: str  # work_page, search, market, embed, direct
    referrer: str | None = None  # an embed's: the embedding site's origin, when known
    heard_s: float  # seconds heard when settled (the union of the positions heard)
    duration_s: float | None  # of what was played: the work, or the preview
    outcome: str  # skip, partial or complete, when settled (see docs/indicators.md)
    opened_at: str  # ISO time the play opened (its 30-minute bucket)


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
MEDIA_PLAYED = EventType(
    "media.played", PlayEvent, "legacy: a player reported seconds played (no longer emitted)"
)
MEDIA_PLAY_COUNTED = EventType(
    "media.play_counted",
    PlayCountedEvent,
    "a play reached 30 s (or half a short work), or closed before: settled once per play",
)

ASSET_EVENTS = (MEDIA_UPLOADED, MEDIA_PROCESSING, MEDIA_READY, MEDIA_FAILED, MEDIA_REJECTED)
RENDITION_EVENTS = (MEDIA_RENDITION_READY, MEDIA_RENDITION_FAILED)
PUBLISHED = (*ASSET_EVENTS, MEDIA_PLAYED, MEDIA_PLAY_COUNTED, *RENDITION_EVENTS)
