"""Preparing an asset's marked renditions in a worker: one ffmpeg run, then publication.

Idempotent like the ladder's processing: only a row still `preparing` is worked on; files go
to a fresh storage prefix and the row points at them once all are stored, so a run that died
half-way is simply redone.
"""

from __future__ import annotations

import asyncio
import io
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import numpy as np

from infra.db.unit_of_work import UnitOfWork
from infra.ids import new_id
from infra.settings import MediaSettings
from media.assets.repository import AssetRepository
from media.processing.service import TransientProcessingError
from media.storage.port import ObjectStorage
from media.transcoding.commands import plan_ladder
from media.transcoding.outputs import TranscodeFailed
from media.transcoding.runner import run_ffmpeg
from media.watermark.commands import (
    REFERENCE_HEIGHT,
    REFERENCE_WIDTH,
    VARIANTS,
    marked_audio_command,
    marked_video_command,
)
from media.watermark.playlists import read_layout
from media.watermark.reading import AUDIO_HOP, band_energies
from media.watermark.repository import MarkedRenditions, MarkedRepository

log = logging.getLogger(__name__)

_CONTENT_TYPES = {
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".m3u8": "application/vnd.apple.mpegurl",
}


def make_marked(
    kind: str, facts: dict[str, Any], source: Path, work: Path, timeout_s: float
) -> dict[str, Any]:
    """Run ffmpeg into `work`; returns the layout. `work/reference.npz` is the tracer's."""
    for variant in VARIANTS:
        (work / variant).mkdir(parents=True, exist_ok=True)
    if kind == "video":
        rungs = plan_ladder(int(facts["width"]), int(facts["height"]))
        argv = marked_video_command(
            source, work, rungs=rungs, has_audio=facts.get("audio_codec") is not None
        )
        marked = [rung.name for rung in rungs]
    else:
        argv = marked_audio_command(source, work)
        marked = ["audio"]
    run_ffmpeg(
        argv,
        timeout_s=timeout_s,
        duration_s=float(facts.get("duration_s") or 0) or None,
        on_progress=None,
    )
    reference: np.ndarray[Any, Any]
    if kind == "video":
        raw = np.fromfile(work / "reference.gray", dtype=np.uint8)
        reference = raw.reshape(-1, REFERENCE_HEIGHT, REFERENCE_WIDTH)
    else:
        reference = band_energies(np.fromfile(work / "reference.pcm", dtype="<i2"), AUDIO_HOP)
    np.savez_compressed(work / "reference.npz", reference=reference)
    layout = read_layout(work / "A", marked)
    for rendition in layout["renditions"]:
        if rendition["marked"]:
            init = Path(rendition["name"]) / rendition["init"]
            lone = work / "B" / rendition["name"] / "init.mp4"
            if not (work / "B" / init).exists() and lone.exists():
                # ffmpeg numbers init segments ("init_0.mp4") only in a folder of several
                # streams: a single rung with sound has two in A (picture and sound), one in B.
                lone.rename(work / "B" / init)
            # A holder's playlist names A's init segment before a mix of A and B segments.
            if (work / "A" / init).read_bytes() != (work / "B" / init).read_bytes():
                raise TranscodeFailed(f"variants A and B of {rendition['name']} differ in init")
    return layout


def _files(work: Path, layout: dict[str, Any]) -> list[Path]:
    """Every file a holder may be served, relative to `work`, then the reference."""
    files = []
    for rendition in layout["renditions"]:
        variants = VARIANTS if rendition["marked"] else ("A",)
        for variant in variants:
            folder = work / variant / rendition["name"]
            files += sorted(
                p.relative_to(work) for p in folder.iterdir() if p.suffix in (".m4s", ".mp4")
            )
    return [*files, Path("reference.npz")]


class MarkedPreparation:
    def __init__(
        self,
        settings: MediaSettings,
        storage: ObjectStorage,
        unit_of_work: Callable[[], UnitOfWork],
        repository: MarkedRepository,
        assets: AssetRepository,
    ) -> None:
        self._settings = settings
        self._storage = storage
        self._uow = unit_of_work
        self._repo = repository
        self._assets = assets

    async def prepare(self, asset_id: UUID) -> str | None:
        item = await self._repo.renditions(asset_id)
        if item is None or item.state != "preparing":
            return item.state if item else None
        asset = await self._assets.get(asset_id)
        if asset is None:
            return await self._settle(item, "failed", error="the asset is gone")
        item.attempts += 1
        staging = self._settings.staging_dir
        staging.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=staging, prefix="marked-") as folder:
            work = Path(folder)
            source = work / "original"
            await asyncio.to_thread(self._download, asset.original_key, source)
            try:
                layout = await asyncio.to_thread(
                    make_marked,
                    item.kind,
                    asset.facts,
                    source,
                    work / "out",
                    self._settings.transcode_timeout_s,
                )
            except TranscodeFailed as failure:
                if failure.transient:
                    raise TransientProcessingError(failure.reason) from failure
                log.warning("marked renditions failed for asset %s: %s", asset_id, failure.reason)
                return await self._settle(item, "failed", error=failure.reason[:500])
            prefix = f"marked/{asset_id.hex}/{new_id().hex}"
            await asyncio.to_thread(self._publish, prefix, work / "out", layout)
        item.prefix, item.layout = prefix, layout
        return await self._settle(item, "ready")

    async def _settle(self, item: MarkedRenditions, state: str, error: str | None = None) -> str:
        item.state, item.error = state, error
        async with self._uow():
            await self._repo.save(item)
        return state

    def _download(self, key: str, target: Path) -> None:
        with target.open("wb") as sink:
            for chunk in self._storage.read_range(key):
                sink.write(chunk)

    def _publish(self, prefix: str, work: Path, layout: dict[str, Any]) -> None:
        for relative in _files(work, layout):
            content_type = _CONTENT_TYPES.get(relative.suffix, "application/octet-stream")
            with (work / relative).open("rb") as source:
                self._storage.put(
                    f"{prefix}/{relative.as_posix()}",
                    iter(lambda: source.read(1024 * 1024), b""),
                    content_type,
                )


def load_reference(storage: ObjectStorage, prefix: str) -> np.ndarray[Any, Any]:
    data = b"".join(storage.read_range(f"{prefix}/reference.npz"))
    with np.load(io.BytesIO(data)) as archive:
        return archive["reference"]  # type: ignore[no-any-return]
