"""Media: uploads, the safety gate, transcoding, renditions, playback tokens and streaming."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from accounts.rate_limit import RateLimiter
from infra.events.envelope import EventEnvelope
from infra.modules import Consumer, Job, ModuleSpec, RetryPolicy
from infra.services import Services
from media import events
from media.assets import tables
from media.assets.domain import AssetStatus, asset_error, asset_state
from media.assets.renditions import rendition_view
from media.personal_data import PERSONAL_DATA
from media.plays import tables as play_tables
from media.plays.controllers import PlayController
from media.plays.openings import register_play_openings
from media.plays.service import PlayService
from media.processing.service import ProcessingService, TransientProcessingError
from media.streaming.controllers import AssetController, MediaController, PlaybackController
from media.uploads.controllers import UploadController
from media.uploads.service import UploadService
from media.watermark import events as watermark_events
from media.watermark import tables as watermark_tables
from media.watermark.cli import trace
from media.watermark.controllers import MarkedMediaController
from media.watermark.preparation import MarkedPreparation
from media.watermark.wiring import register_watermark


def wire(services: Services) -> None:
    register_watermark(services)
    # The shared attempt counter (Redis), registered by the composition root for every module.
    register_play_openings(services, services.get(RateLimiter))  # type: ignore[type-abstract]


async def process_uploaded_asset(
    processing: ProcessingService, event: EventEnvelope
) -> AssetStatus | None:
    return await processing.process(events.MEDIA_UPLOADED.decode(event).asset_id)


async def prepare_marked_renditions(
    preparation: MarkedPreparation, event: EventEnvelope
) -> str | None:
    return await preparation.prepare(
        watermark_events.MARKED_RENDITIONS_REQUESTED.decode(event).asset_id
    )


async def close_idle_plays(plays: PlayService) -> int:
    return await plays.close_idle()


async def expire_abandoned_uploads(uploads: UploadService) -> int:
    return await uploads.expire_abandoned()


def template_globals(_lang: str) -> Mapping[str, Any]:
    """`asset_state(status)` and `asset_error(asset)`: a media state and why a file was refused,
    as the studio shows them, in the page's language; `rendition_view(asset.renditions)`: each
    rendition's state (published one by one)."""
    return {
        "asset_state": asset_state,
        "asset_error": asset_error,
        "rendition_view": rendition_view,
    }


# Transcoding is long and has its own queue, so a film never delays the light consumers; only
# outside trouble retries (corrupt or refused files are settled by the service).
TRANSCODING = RetryPolicy(
    "transcoding",
    max_retries=5,
    min_backoff_ms=5_000,
    max_backoff_ms=300_000,
    time_limit_ms=6 * 3600 * 1000,
    retry_only=(TransientProcessingError, OSError, ConnectionError),
)

MODULE = ModuleSpec(
    name="media",
    package="media",
    description="uploads, safety gate, transcoding, renditions, signed playback and streaming",
    depends_on=("accounts",),
    tables=(*tables.TABLES, *watermark_tables.TABLES, *play_tables.TABLES),
    migrations=(*tables.MIGRATIONS, *watermark_tables.MIGRATIONS, *play_tables.MIGRATIONS),
    routes=(
        UploadController,
        AssetController,
        PlaybackController,
        PlayController,
        MediaController,
        MarkedMediaController,
    ),
    # The player, used by every page that plays a work.
    static=Path(__file__).parent / "static",
    publishes=(*events.PUBLISHED, *watermark_events.PUBLISHED),
    consumers=(
        Consumer(
            actor="media.process_asset",
            events=(events.MEDIA_UPLOADED,),
            service=ProcessingService,
            handle=process_uploaded_asset,
            queue="media",
            retry=TRANSCODING,
            prompt=True,  # its preview is watched for in the studio
        ),
        # Screeners' A/B renditions (media/watermark/): as long as a transcoding, same queue.
        Consumer(
            actor="media.prepare_marked",
            events=(watermark_events.MARKED_RENDITIONS_REQUESTED,),
            service=MarkedPreparation,
            handle=prepare_marked_renditions,
            queue="media",
            retry=TRANSCODING,
        ),
    ),
    jobs=(
        Job("expired uploads", 600.0, UploadService, expire_abandoned_uploads),
        # Plays whose last heartbeat was lost: closed, and settled if they never counted.
        Job("idle plays", 60.0, PlayService, close_idle_plays),
    ),
    template_globals=template_globals,
    personal_data=PERSONAL_DATA,
    commands=(trace,),
    wire=wire,
)
