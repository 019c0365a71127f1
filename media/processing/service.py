"""Processing an uploaded asset in a worker: safety gate, transcoding, publication rendition
by rendition.

Each rendition (preview, stream, downloads, waveform) is made by its own ffmpeg job, two at a
time, and published the moment it is made: its files are stored (the master playlist last),
then the asset records it in its manifest, in one transaction with its event. Nobody ever
sees a half-published rendition. Idempotent: a finished asset is left alone; a run that died
half-way keeps what it published, under the same storage prefix, and makes only the rest.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from infra.changes import ChangeNotices, LocalChangeNotices
from infra.db.unit_of_work import UnitOfWork
from infra.ids import new_id
from infra.settings import MediaSettings
from media.assets.changes import asset_topic
from media.assets.domain import MAKING, TERMINAL, AssetRole, AssetStatus, MediaAsset
from media.assets.renditions import Rendition
from media.assets.repository import AssetRepository
from media.kinds import MediaKind
from media.processing.renditions import make_files, rendition_jobs
from media.safety.gate import Rejected, inspect_file
from media.storage.port import ObjectStorage, StorageUnavailable
from media.tracks.gate import FilmNotReadYet, TrackRefusal, audio_track_refusal
from media.transcoding.jobs import DEFAULT_SLOTS, Job, JobOutcome, run_jobs
from media.transcoding.outputs import RenditionFile, TranscodeFailed
from media.transcoding.runner import Deadline
from media.transcoding.workspace import remove_abandoned

log = logging.getLogger(__name__)

# A processing job's folder in the staging area: `job-<pid>-<random>`.
JOB_PREFIX = "job-"

FILES = Rendition.FILES
# ffmpeg processes at once: one per core, at most two (the machines Lakou runs on).
SLOTS = max(1, min(DEFAULT_SLOTS, os.cpu_count() or 1))

# Playlists that point at other files go last, so they never reference a missing one.
_LAST_ROLES = ("hls_playlist", "hls_master")
# Files of one rendition stored at once: enough to overlap the flushes (local folder) or the
# round trips (S3) of a stream's segments; S3 clients allow ten connections by default.
PUT_THREADS = 8


class TransientProcessingError(Exception):
    """Raised so the worker retries with backoff (storage down, disk full...)."""


def _now() -> datetime:
    return datetime.now(UTC)


class ProcessingService:
    def __init__(
        self,
        settings: MediaSettings,
        storage: ObjectStorage,
        unit_of_work: Callable[[], UnitOfWork],
        repository: AssetRepository,
        notices: ChangeNotices | None = None,
    ) -> None:
        self._settings = settings
        self._storage = storage
        self._uow = unit_of_work
        self._repo = repository
        # Whoever shows the asset (the studio's event stream) reads it again on each commit.
        self._notices = notices or LocalChangeNotices()

    async def process(self, asset_id: UUID) -> AssetStatus | None:
        asset = await self._repo.get(asset_id)
        if asset is None or asset.status not in (AssetStatus.UPLOADED, *MAKING):
            return asset.status if asset else None
        staging = self._settings.staging_dir
        staging.mkdir(parents=True, exist_ok=True)
        # A worker killed mid-job (kill -9, OOM) never ran its cleanup: its folder is removed
        # here, by the next job on the host, once its process is gone.
        remove_abandoned(staging, JOB_PREFIX)
        with tempfile.TemporaryDirectory(
            dir=staging, prefix=f"{JOB_PREFIX}{os.getpid()}-"
        ) as folder:
            work_dir = Path(folder)
            source = work_dir / "original"
            # The upload already identified the file by its content: hash it only if it did not.
            sha256 = await asyncio.to_thread(
                self._download, asset.original_key, source, not asset.sha256
            )
            if not asset.sha256:
                asset.sha256 = sha256
            try:
                facts = await asyncio.to_thread(inspect_file, source, asset.kind)
            except Rejected as rejected:
                await self._reject(asset, rejected)
                return asset.status
            if asset.role is AssetRole.AUDIO_TRACK and asset.status is AssetStatus.UPLOADED:
                refusal = await self._track_refusal(asset, facts.duration_s or 0.0)
                if refusal is not None:
                    await self._refuse_track(asset, refusal)
                    return asset.status
            async with self._uow() as uow:
                if asset.status in (AssetStatus.PREVIEW_READY, AssetStatus.STREAM_READY):
                    asset.resume_processing(_now())
                else:
                    asset.start_processing(_facts_dict(facts), facts.mime_type, _now())
                try:
                    jobs = rendition_jobs(asset, source)
                except TranscodeFailed as failure:
                    asset.fail(failure.reason, _now())
                    jobs = []
                else:
                    # A resumed job makes only what the killed one had not published.
                    todo = asset.plan_renditions([Rendition(j.name) for j in jobs] or [FILES])
                await self._repo.save(asset)
                uow.track(asset)
            await self._announce(asset)
            if asset.status is AssetStatus.FAILED:
                return asset.status
            prefix = asset.renditions_prefix or f"renditions/{asset.id.hex}/{new_id().hex}"
            out = work_dir / "out"
            if jobs:
                # A job that builds on another's output (the ladder on the stream) redoes it.
                wanted = set(todo) | {j.needs for j in jobs if j.name in todo and j.needs}
                await self._make_jobs(asset, [j for j in jobs if j.name in wanted], prefix, out)
            elif todo:
                await self._make_files(asset, source, prefix, out)
        if asset.status in TERMINAL:
            await asyncio.to_thread(self._drop_other_renditions, asset.id, prefix)
        return asset.status

    async def _make_jobs(self, asset: MediaAsset, jobs: list[Job], prefix: str, out: Path) -> None:
        """Run the jobs side by side; each rendition is stored and recorded as it ends."""
        loop = asyncio.get_running_loop()
        transient: list[TranscodeFailed] = []

        def on_done(job: Job, outcome: JobOutcome) -> None:
            # In the scheduling thread: the other jobs' ffmpeg keep running meanwhile.
            if isinstance(outcome, TranscodeFailed) and outcome.transient:
                transient.append(outcome)
                return
            if isinstance(outcome, TranscodeFailed):
                settle = self._fail_rendition(asset, job.name, outcome.reason)
            else:
                entries = self._publish(prefix, out, outcome)
                settle = self._record(asset, job.name, prefix, entries)
            asyncio.run_coroutine_threadsafe(settle, loop).result()

        await asyncio.to_thread(
            run_jobs,
            jobs,
            out,
            Deadline(self._settings.transcode_timeout_s),
            slots=SLOTS,
            on_progress=self._progress_reporter(asset),
            on_done=on_done,
        )
        if transient:
            # Published renditions stay; the retry makes only the missing ones.
            raise TransientProcessingError(transient[0].reason) from transient[0]

    async def _make_files(self, asset: MediaAsset, source: Path, prefix: str, out: Path) -> None:
        try:
            files = await asyncio.to_thread(
                make_files, asset, source, out, self._settings.transcode_timeout_s
            )
        except TranscodeFailed as failure:
            if failure.transient:
                raise TransientProcessingError(failure.reason) from failure
            await self._fail_rendition(asset, FILES, failure.reason)
            return
        entries = await asyncio.to_thread(self._publish, prefix, out, files)
        if asset.kind in (MediaKind.BOOK, MediaKind.GAME):
            entries.append(
                {"role": "download", "key": asset.original_key, "content_type": asset.content_type}
            )
        await self._record(asset, FILES, prefix, entries)

    async def _record(
        self, asset: MediaAsset, name: str, prefix: str, entries: list[dict[str, Any]]
    ) -> None:
        async with self._uow() as uow:
            asset.publish_rendition(name, prefix, entries, _now())
            await self._repo.save(asset)
            uow.track(asset)
        await self._announce(asset)

    async def _fail_rendition(self, asset: MediaAsset, name: str, reason: str) -> None:
        log.warning("rendition %s of asset %s failed: %s", name, asset.id, reason)
        async with self._uow() as uow:
            asset.fail_rendition(name, reason, _now())
            await self._repo.save(asset)
            uow.track(asset)
        await self._announce(asset)

    def _drop_other_renditions(self, asset_id: UUID, kept: str) -> None:
        """What an earlier run that died half-way through publishing stored under another
        prefix: nothing points at it, so nothing is lost by removing it."""
        try:
            for key in self._storage.keys(f"renditions/{asset_id.hex}/"):
                if not key.startswith(f"{kept}/"):
                    self._storage.delete(key)
        except StorageUnavailable as error:
            # The asset is ready; the leftovers wait for the next run or an operator's sweep.
            log.warning("could not remove old renditions of asset %s: %s", asset_id, error)

    def _download(self, key: str, target: Path, hashed: bool) -> str:
        digest = hashlib.sha256()
        with target.open("wb") as sink:
            for chunk in self._storage.read_range(key):
                if hashed:
                    digest.update(chunk)
                sink.write(chunk)
        return digest.hexdigest() if hashed else ""

    def _publish(self, prefix: str, out: Path, files: list[RenditionFile]) -> list[dict[str, Any]]:
        """Store a rendition's files, the playlists last and in order (the master last), so no
        stored playlist ever names a file not yet stored. The other files (an HLS stream's
        thirty-odd segments) are stored side by side: each put waits on a disk flush or a
        round trip, not on the CPU, so they overlap (docs/decisions.md, "Playable sooner")."""
        body = [file for file in files if file.role not in _LAST_ROLES]
        playlists = sorted(
            (file for file in files if file.role in _LAST_ROLES),
            key=lambda file: _LAST_ROLES.index(file.role),
        )
        with ThreadPoolExecutor(PUT_THREADS, thread_name_prefix="publish") as pool:
            # list(): every put finished (or raised) before a playlist names its files.
            stored = list(pool.map(lambda file: self._put(prefix, out, file), body))
        return stored + [self._put(prefix, out, file) for file in playlists]

    def _put(self, prefix: str, out: Path, file: RenditionFile) -> dict[str, Any]:
        key = f"{prefix}/{file.relative_path}"
        path = out / file.relative_path
        with path.open("rb") as source:
            self._storage.put(key, iter(lambda: source.read(1024 * 1024), b""), file.content_type)
        return {
            "role": file.role,
            "path": file.relative_path,
            "key": key,
            "content_type": file.content_type,
            "label": file.label,
            "size": path.stat().st_size,
        }

    def _progress_reporter(self, asset: MediaAsset) -> Callable[[float], None]:
        loop = asyncio.get_running_loop()
        last_write = 0.0

        def report(percent: float) -> None:
            nonlocal last_write
            # Called from the transcoding thread; one write a second at most.
            if time.monotonic() - last_write < 1.0 and percent < 99:
                return
            if asset.report_progress(percent, _now()):
                last_write = time.monotonic()
                asyncio.run_coroutine_threadsafe(self._save_progress(asset), loop)

        return report

    async def _save_progress(self, asset: MediaAsset) -> None:
        await self._repo.save_progress(asset)
        await self._announce(asset)

    async def _announce(self, asset: MediaAsset) -> None:
        await self._notices.announce(asset_topic(asset.id))

    async def _reject(self, asset: MediaAsset, rejected: Rejected) -> None:
        async with self._uow() as uow:
            # The French source and its parameters: translated for whoever looks.
            asset.reject(rejected.code, rejected.error.message, _now(), rejected.params)
            await self._repo.save(asset)
            uow.track(asset)
        await self._announce(asset)
        # Refused files are not kept: nothing is left behind.
        await asyncio.to_thread(self._storage.delete, asset.original_key)

    async def _track_refusal(self, asset: MediaAsset, duration_s: float) -> TrackRefusal | None:
        try:
            return audio_track_refusal(duration_s, await self._repo.current_main(asset.work_id))
        except FilmNotReadYet as waiting:
            raise TransientProcessingError(str(waiting)) from waiting

    async def _refuse_track(self, asset: MediaAsset, refusal: TrackRefusal) -> None:
        async with self._uow() as uow:
            error = refusal.error
            asset.reject(error.code, error.message, _now(), refusal.params)
            await self._repo.save(asset)
            uow.track(asset)
        await self._announce(asset)
        await asyncio.to_thread(self._storage.delete, asset.original_key)


def _facts_dict(facts: Any) -> dict[str, Any]:
    data = dataclasses.asdict(facts)
    data["kind"] = str(data["kind"])
    return data
