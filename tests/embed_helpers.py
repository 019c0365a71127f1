"""A work whose main audio is ready, without running the transcoding pipeline.

The embeds only read what the pipeline publishes (an asset's manifest and its files); the
pipeline itself is tested in tests/integration. Here a 2-second AAC file made by ffmpeg (lavfi)
is stored as both the preview and the full file of a ready asset.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from media.assets.domain import AssetRole, AssetStatus, MediaAsset
from media.assets.repository import AssetRepository
from media.kinds import MediaKind


def tone_m4a(folder: Path) -> bytes:
    path = folder / "tone.m4a"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi"),
            *("-i", "sine=frequency=440:duration=2", "-c:a", "aac", "-b:a", "48k", str(path)),
        ],
        check=True,
        timeout=60,
    )
    return path.read_bytes()


async def ready_audio(container: Container, work_id: str, audio: bytes) -> UUID:
    """A ready main audio asset for the work: `preview.m4a` and `audio.m4a` (the same tone)."""
    work = await PiccoloCatalogueRepository().get_work(UUID(work_id))
    assert work is not None
    asset_id = new_id()
    prefix = f"renditions/{asset_id}"
    manifest = []
    for role, path in (("preview", "preview.m4a"), ("progressive", "audio.m4a")):
        key = f"{prefix}/{path}"
        container.storage.put(key, [audio], "audio/mp4")
        manifest.append({"role": role, "path": path, "key": key, "content_type": "audio/mp4"})
    now = datetime.now(UTC)
    await AssetRepository().add(
        MediaAsset(
            id=asset_id,
            work_id=UUID(work_id),
            owner_id=work.owner_id,
            kind=MediaKind.AUDIO,
            role=AssetRole.MAIN,
            language=None,
            original_name="tone.flac",
            original_key=f"originals/{asset_id}",
            declared_size=len(audio),
            part_size=len(audio),
            status=AssetStatus.READY,
            created_at=now,
            updated_at=now,
            expires_at=now + timedelta(days=1),
            progress=100,
            facts={"duration_s": 2},
            renditions_prefix=prefix,
            manifest=manifest,
        )
    )
    return asset_id
