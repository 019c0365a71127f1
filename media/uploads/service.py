"""Uploads: one request streamed to storage, or resumable parts (local staging or S3 direct).

The app never holds a file in memory: bodies are copied chunk by chunk to a staging file, then
streamed to storage. Nothing is transcoded here; completion emits `media.uploaded` and a worker
takes it from there.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, Conflict, InvalidInput, NotFound
from infra.filenames import clean_display_filename
from infra.i18n import formatting
from infra.ids import new_id
from infra.settings import MediaSettings
from media.access.works import WorkDirectory, can_edit
from media.assets.domain import (
    ROLE_KINDS,
    TRACK_ROLES,
    AssetRole,
    AssetStatus,
    MediaAsset,
    PreviewChoice,
    asset_state,
    upload_expiry,
)
from media.assets.repository import AssetRepository, TrackTaken
from media.errors import MediaError
from media.kinds import MediaKind
from media.storage.keys import new_key
from media.storage.port import DirectMultipart, ObjectStorage
from media.tracks.domain import TrackClaim, check_new_track, claim, track_kind_label
from media.uploads.staging import Staging, copy_body
from media.uploads.storage_trouble import storage_trouble_answered


class PayloadTooLarge(AppError):
    status_code = 413


@dataclass(frozen=True)
class UploadRequest:
    kind: MediaKind
    role: AssetRole
    filename: str
    size: int
    language: str | None = None
    preview: PreviewChoice = field(default_factory=PreviewChoice)
    # Language versions (audio tracks, subtitles): version, description, commentary...
    track_kind: str | None = None


@dataclass(frozen=True)
class UploadState:
    asset: MediaAsset
    mode: str  # "local" (parts through the app) or "s3" (parts straight to storage)
    received_parts: dict[int, int]


def _now() -> datetime:
    return datetime.now(UTC)


class UploadService:
    def __init__(
        self,
        settings: MediaSettings,
        storage: ObjectStorage,
        works: WorkDirectory,
        unit_of_work: Callable[[], UnitOfWork],
        repository: AssetRepository,
    ) -> None:
        self._settings = settings
        self._storage = storage
        self._works = works
        self._uow = unit_of_work
        self._repo = repository
        self._staging = Staging(settings.staging_dir)

    @property
    def direct(self) -> DirectMultipart | None:
        return self._storage if isinstance(self._storage, DirectMultipart) else None

    async def begin(self, who: Principal, work_id: UUID, request: UploadRequest) -> UploadState:
        work = await self._works.visible_work(work_id, who)
        if work is None or not can_edit(who, work):
            raise NotFound(MediaError.WORK_NOT_FOUND)
        if request.kind not in ROLE_KINDS[request.role]:
            raise InvalidInput(
                MediaError.KIND_NOT_ALLOWED, kind=request.kind.value, role=request.role.value
            )
        track: TrackClaim | None = None
        if request.role in TRACK_ROLES:
            track = claim(request.kind, request.language, request.track_kind)
            check_new_track(
                track,
                await self._repo.current_main_kind(work_id),
                await self._repo.track_claims(work_id),
            )
        limit = self._settings.max_bytes[request.kind.value]
        if request.size > limit:
            raise PayloadTooLarge(
                MediaError.FILE_TOO_LARGE,
                kind=request.kind.value,
                megabytes=formatting.number(limit // (1024 * 1024)),
            )
        if request.size <= 0:
            raise InvalidInput(MediaError.EMPTY_FILE)
        now = _now()
        asset = MediaAsset(
            id=new_id(),
            work_id=work_id,
            owner_id=work.owner_id,
            kind=request.kind,
            role=request.role,
            language=track.language if track else None,
            track_kind=track.kind.value if track else None,
            original_name=clean_display_filename(request.filename),
            original_key=new_key("originals"),
            declared_size=request.size,
            part_size=self._settings.part_size,
            status=AssetStatus.UPLOADING,
            created_at=now,
            updated_at=now,
            expires_at=upload_expiry(now, self._settings.upload_ttl_s),
            preview=request.preview.validated(),
        )
        direct = self.direct
        if direct is not None:
            with storage_trouble_answered():
                asset.multipart_id = await asyncio.to_thread(
                    direct.start_multipart, asset.original_key, "application/octet-stream"
                )
        try:
            async with self._uow():
                await self._repo.add(asset)
        except TrackTaken:
            # Another upload claimed the same track a moment before: refused as the check is.
            if asset.multipart_id is not None and direct is not None:
                with contextlib.suppress(Exception):
                    await asyncio.to_thread(
                        direct.abort_multipart, asset.original_key, asset.multipart_id
                    )
            kind = track_kind_label(asset.track_kind or "")
            raise Conflict(MediaError.TRACK_EXISTS, language=asset.language, kind=kind) from None
        return UploadState(asset, "s3" if direct else "local", {})

    async def state(self, who: Principal, asset_id: UUID) -> UploadState:
        asset = await self._owned(who, asset_id)
        return UploadState(asset, self._mode(asset), await self._received(asset))

    async def part_url(self, who: Principal, asset_id: UUID, number: int) -> str:
        asset = await self._owned(who, asset_id)
        asset.require_uploading(_now())
        asset.expected_part_size(number)
        direct = self.direct
        if direct is None or asset.multipart_id is None:
            raise Conflict(MediaError.NOT_DIRECT_UPLOAD)
        return direct.presigned_part_url(
            asset.original_key, asset.multipart_id, number, self._settings.upload_ttl_s
        )

    async def put_part(
        self, who: Principal, asset_id: UUID, number: int, body: AsyncIterator[bytes]
    ) -> UploadState:
        asset = await self._owned(who, asset_id)
        asset.require_uploading(_now())
        if asset.multipart_id is not None:
            raise Conflict(MediaError.DIRECT_UPLOAD)
        expected = asset.expected_part_size(number)
        received = self._staging.received_parts(asset.id)
        # Parts arrive in order so a dropped connection resumes from the last one received.
        if number > 1 and (number - 1) not in received:
            raise Conflict(
                MediaError.PART_OUT_OF_ORDER,
                number=number,
                previous=number - 1,
                resume=_next_part(received),
            )
        temporary, final = self._staging.open_part(asset.id, number)
        try:
            with storage_trouble_answered():
                size = await _copy_body(body, temporary, expected)
            if size != expected:
                raise InvalidInput(
                    MediaError.PART_SIZE_MISMATCH, number=number, size=size, expected=expected
                )
            temporary.replace(final)
        finally:
            temporary.unlink(missing_ok=True)
        received[number] = size
        return UploadState(asset, "local", received)

    async def put_content(
        self, who: Principal, asset_id: UUID, body: AsyncIterator[bytes]
    ) -> MediaAsset:
        """The whole file in one request, streamed through a staging file into storage."""
        asset = await self._owned(who, asset_id)
        asset.require_uploading(_now())
        temporary, _ = self._staging.open_part(asset.id, 0)
        try:
            digest = hashlib.sha256()
            with storage_trouble_answered():
                await _copy_body(body, temporary, asset.declared_size)
                size = await asyncio.to_thread(self._store_file, asset, temporary, digest)
            return await self._complete(asset, size, digest.hexdigest())
        finally:
            temporary.unlink(missing_ok=True)
            self._staging.discard(asset.id)

    def _store_file(self, asset: MediaAsset, path: Path, digest: Any) -> int:
        def chunks() -> Any:
            with path.open("rb") as source:
                while chunk := source.read(1024 * 1024):
                    digest.update(chunk)
                    yield chunk

        if path.stat().st_size != asset.declared_size:
            raise InvalidInput(
                MediaError.SIZE_MISMATCH,
                received=path.stat().st_size,
                declared=asset.declared_size,
            )
        return self._storage.put(asset.original_key, chunks(), "application/octet-stream").size

    async def complete(self, who: Principal, asset_id: UUID) -> MediaAsset:
        asset = await self._owned(who, asset_id)
        if asset.status is not AssetStatus.UPLOADING:
            return asset  # completing twice answers the same asset: double clicks happen
        asset.require_uploading(_now())
        direct = self.direct
        if asset.multipart_id is not None and direct is not None:
            # The parts stay in the multipart upload: completing again resumes.
            with storage_trouble_answered():
                parts = await asyncio.to_thread(
                    direct.uploaded_parts, asset.original_key, asset.multipart_id
                )
                by_number = {part.number: part for part in parts}
                _check_complete(asset, {n: p.size for n, p in by_number.items()})
                ordered = [by_number[n] for n in range(1, asset.parts_expected + 1)]
                stored = await asyncio.to_thread(
                    direct.complete_multipart,
                    asset.original_key,
                    asset.multipart_id,
                    ordered,
                    "application/octet-stream",
                )
            # The content hash is taken by the worker, which reads the object anyway.
            return await self._complete(asset, stored.size, "")
        received = self._staging.received_parts(asset.id)
        _check_complete(asset, received)
        digest = hashlib.sha256()
        with storage_trouble_answered():  # the parts stay staged: completing again resumes
            stored_size = await asyncio.to_thread(
                lambda: (
                    self._storage.put(
                        asset.original_key,
                        self._staging.read_parts(asset.id, asset.parts_expected, digest),
                        "application/octet-stream",
                    ).size
                )
            )
        self._staging.discard(asset.id)
        return await self._complete(asset, stored_size, digest.hexdigest())

    async def abort(self, who: Principal, asset_id: UUID) -> None:
        """Cancel an upload still in progress; a finished one is not the caller's to cancel."""
        asset = await self._owned(who, asset_id)
        if asset.status is AssetStatus.ABORTED:
            return  # cancelling twice is not an error
        if asset.status is not AssetStatus.UPLOADING:
            raise Conflict(MediaError.NOTHING_TO_CANCEL, state=asset_state(asset.status))
        await self._abort(asset)

    async def expire_abandoned(self, now: datetime | None = None) -> int:
        """Clean up uploads left open past their expiry (run periodically by a worker)."""
        expired = await self._repo.expired_uploads(now or _now())
        for asset in expired:
            await self._abort(asset)
        return len(expired)

    async def _abort(self, asset: MediaAsset) -> None:
        if asset.status is not AssetStatus.UPLOADING:
            return  # its file is stored and in use: never delete it here
        direct = self.direct
        if asset.multipart_id is not None and direct is not None:
            await asyncio.to_thread(direct.abort_multipart, asset.original_key, asset.multipart_id)
        self._staging.discard(asset.id)
        with contextlib.suppress(Exception):
            await asyncio.to_thread(self._storage.delete, asset.original_key)
        async with self._uow():
            asset.abort(_now())
            await self._repo.save(asset)

    async def _complete(self, asset: MediaAsset, size: int, sha256: str) -> MediaAsset:
        try:
            async with self._uow() as uow:
                asset.complete(size, sha256, _now())
                await self._repo.save(asset)
                uow.track(asset)
        except AppError:
            # A wrong size leaves nothing behind: the stored object goes, the upload stays open.
            await asyncio.to_thread(self._storage.delete, asset.original_key)
            raise
        return asset

    async def withdraw_track(self, who: Principal, asset_id: UUID) -> MediaAsset:
        """Take back a language version: it stops playing, then its files are deleted (the
        same track may be sent again). Withdrawing twice answers the withdrawn track."""
        asset = await self._owned(who, asset_id)
        if asset.status is AssetStatus.WITHDRAWN:
            return asset
        prefix, original = asset.renditions_prefix, asset.original_key
        async with self._uow():
            asset.withdraw(_now())
            await self._repo.save(asset)
        # After the commit: a failure here leaves unreachable files, never a broken track.
        with contextlib.suppress(Exception):
            await asyncio.to_thread(self._delete_files, prefix, original)
        return asset

    def _delete_files(self, prefix: str | None, original: str) -> None:
        keys = list(self._storage.keys(f"{prefix}/")) if prefix else []
        for key in [*keys, original]:
            self._storage.delete(key)

    async def owned_asset(self, who: Principal, asset_id: UUID) -> MediaAsset:
        return await self._owned(who, asset_id)

    async def work_assets(self, who: Principal, work_id: UUID) -> list[MediaAsset]:
        work = await self._works.visible_work(work_id, who)
        if work is None or not can_edit(who, work):
            raise NotFound(MediaError.WORK_NOT_FOUND)
        return await self._repo.for_work(work_id)

    async def _owned(self, who: Principal, asset_id: UUID) -> MediaAsset:
        asset = await self._repo.get(asset_id)
        if asset is None or not (who.is_staff or asset.owner_id == who.user_id):
            raise NotFound(MediaError.UPLOAD_NOT_FOUND)
        return asset

    def _mode(self, asset: MediaAsset) -> str:
        return "s3" if asset.multipart_id else "local"

    async def _received(self, asset: MediaAsset) -> dict[int, int]:
        if asset.status is not AssetStatus.UPLOADING:
            return {}
        direct = self.direct
        if asset.multipart_id is not None and direct is not None:
            with storage_trouble_answered():
                parts = await asyncio.to_thread(
                    direct.uploaded_parts, asset.original_key, asset.multipart_id
                )
            return {part.number: part.size for part in parts}
        return self._staging.received_parts(asset.id)


def _next_part(received: dict[int, int]) -> int:
    number = 1
    while number in received:
        number += 1
    return number


def _check_complete(asset: MediaAsset, received: dict[int, int]) -> None:
    missing = [n for n in range(1, asset.parts_expected + 1) if n not in received]
    if missing:
        raise Conflict(MediaError.UPLOAD_INCOMPLETE, parts=", ".join(map(str, missing[:20])))
    for number in range(1, asset.parts_expected + 1):
        if received[number] != asset.expected_part_size(number):
            raise InvalidInput(
                MediaError.PART_SIZE_MISMATCH,
                number=number,
                size=received[number],
                expected=asset.expected_part_size(number),
            )


async def _copy_body(body: AsyncIterator[bytes], target: Path, limit: int) -> int:
    """Copy a request body to a file; stop as soon as it exceeds `limit` (413)."""
    return await copy_body(
        body, target, limit, lambda: PayloadTooLarge(MediaError.BODY_TOO_LARGE, limit=limit)
    )
