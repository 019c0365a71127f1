"""Loading and saving media assets."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from infra.db.values import as_json, as_utc, as_uuid
from media.assets.domain import (
    MAKING,
    PLAYABLE,
    TRACK_ROLES,
    AssetRole,
    AssetStatus,
    MediaAsset,
    PreviewChoice,
)
from media.assets.tables import MediaAssetRow
from media.kinds import MediaKind
from media.tracks.domain import TrackClaim, TrackKind, default_kind

# Assets that are not (or not yet) the work's: abandoned, refused, failed, still uploading.
_GONE = frozenset(
    {
        AssetStatus.UPLOADING,
        AssetStatus.ABORTED,
        AssetStatus.REJECTED,
        AssetStatus.FAILED,
        AssetStatus.WITHDRAWN,
    }
)


class TrackTaken(Exception):
    """Another standing track of the work already claims this role, language and kind (the
    unique index `lakou_media_assets_one_standing_track`, migration media.0006)."""


def _is_unique_violation(error: BaseException) -> bool:
    if isinstance(error, asyncpg.UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)


class AssetRepository:
    async def get(self, asset_id: UUID) -> MediaAsset | None:
        row = await MediaAssetRow.select().where(MediaAssetRow.id == asset_id).first()
        return _asset(row) if row else None

    async def add(self, asset: MediaAsset) -> None:
        """Raises `TrackTaken` when a language version of the same role, language and kind
        stands already: the check before it cannot see an upload begun at the same instant."""
        try:
            await MediaAssetRow.insert(MediaAssetRow(**_fields(asset)))
        except Exception as error:
            if asset.role in TRACK_ROLES and _is_unique_violation(error):
                raise TrackTaken(str(asset.id)) from error
            raise

    async def save(self, asset: MediaAsset) -> None:
        fields: dict[Any, Any] = _fields(asset)
        fields.pop("id")
        await MediaAssetRow.update(fields, use_auto_update=False).where(
            MediaAssetRow.id == asset.id
        )

    async def save_progress(self, asset: MediaAsset) -> None:
        await MediaAssetRow.update(
            {MediaAssetRow.progress: asset.progress, MediaAssetRow.updated_at: asset.updated_at},
            use_auto_update=False,
        ).where(
            # A late progress write from the transcoding thread must not undo "ready" (100).
            (MediaAssetRow.id == asset.id)
            & MediaAssetRow.status.is_in([status.value for status in MAKING])
        )

    async def for_work(self, work_id: UUID) -> list[MediaAsset]:
        rows = (
            await MediaAssetRow.select()
            .where(MediaAssetRow.work_id == work_id)
            .order_by(MediaAssetRow.id, ascending=False)
        )
        return [_asset(row) for row in rows]

    async def latest_ready(self, work_id: UUID, role: AssetRole) -> MediaAsset | None:
        """The newest asset of this role that plays: every rendition, or those published so
        far (its manifest lists only what is stored)."""
        row = (
            await MediaAssetRow.select()
            .where(
                (MediaAssetRow.work_id == work_id)
                & (MediaAssetRow.role == role.value)
                & MediaAssetRow.status.is_in([status.value for status in PLAYABLE])
            )
            .order_by(MediaAssetRow.id, ascending=False)
            .first()
        )
        return _asset(row) if row else None

    async def latest_ready_of(
        self, work_ids: list[UUID], role: AssetRole
    ) -> dict[UUID, MediaAsset]:
        """`latest_ready` for many works in one query (a library lists hundreds)."""
        if not work_ids:
            return {}
        rows = (
            await MediaAssetRow.select()
            .where(
                MediaAssetRow.work_id.is_in(work_ids)
                & (MediaAssetRow.role == role.value)
                & MediaAssetRow.status.is_in([status.value for status in PLAYABLE])
            )
            .order_by(MediaAssetRow.id, ascending=False)
        )
        newest: dict[UUID, MediaAsset] = {}
        for row in rows:
            asset = _asset(row)
            newest.setdefault(asset.work_id, asset)
        return newest

    async def newest_submitted(self, work_id: UUID, role: AssetRole) -> MediaAsset | None:
        """The newest asset of this role that finished uploading (processed or not yet)."""
        row = (
            await MediaAssetRow.select()
            .where(
                (MediaAssetRow.work_id == work_id)
                & (MediaAssetRow.role == role.value)
                & MediaAssetRow.status.not_in(
                    [AssetStatus.UPLOADING.value, AssetStatus.ABORTED.value]
                )
            )
            .order_by(MediaAssetRow.id, ascending=False)
            .first()
        )
        return _asset(row) if row else None

    async def current_main_kind(self, work_id: UUID) -> MediaKind | None:
        """The kind of the work's main media, uploaded and not refused (being made counts)."""
        main = await self.current_main(work_id)
        return main.kind if main else None

    async def current_main(self, work_id: UUID) -> MediaAsset | None:
        """The work's newest main media that is uploaded and not refused or failed."""
        row = (
            await MediaAssetRow.select()
            .where(
                (MediaAssetRow.work_id == work_id)
                & (MediaAssetRow.role == AssetRole.MAIN.value)
                & MediaAssetRow.status.not_in([status.value for status in _GONE])
            )
            .order_by(MediaAssetRow.id, ascending=False)
            .first()
        )
        return _asset(row) if row else None

    async def tracks(self, work_id: UUID) -> list[MediaAsset]:
        """The work's language versions still standing (uploading, made or being made), newest
        first."""
        rows = (
            await MediaAssetRow.select()
            .where(
                (MediaAssetRow.work_id == work_id)
                & MediaAssetRow.role.is_in([role.value for role in TRACK_ROLES])
                & MediaAssetRow.status.not_in(
                    [s.value for s in _GONE if s is not AssetStatus.UPLOADING]
                )
            )
            .order_by(MediaAssetRow.id, ascending=False)
        )
        return [_asset(row) for row in rows]

    async def tracks_of(self, work_ids: list[UUID]) -> dict[UUID, list[MediaAsset]]:
        """The playable language versions of many works in one query (a library lists
        hundreds), newest first; every id is a key."""
        found: dict[UUID, list[MediaAsset]] = {work_id: [] for work_id in work_ids}
        if not work_ids:
            return found
        rows = (
            await MediaAssetRow.select()
            .where(
                MediaAssetRow.work_id.is_in(work_ids)
                & MediaAssetRow.role.is_in([role.value for role in TRACK_ROLES])
                & MediaAssetRow.status.is_in([status.value for status in PLAYABLE])
            )
            .order_by(MediaAssetRow.id, ascending=False)
        )
        for row in rows:
            asset = _asset(row)
            found.setdefault(asset.work_id, []).append(asset)
        return found

    async def track_claims(self, work_id: UUID) -> list[TrackClaim]:
        return [
            TrackClaim(
                asset.kind,
                asset.language or "und",
                TrackKind(asset.track_kind) if asset.track_kind else default_kind(asset.kind),
            )
            for asset in await self.tracks(work_id)
        ]

    async def expired_uploads(self, now: datetime, limit: int = 100) -> list[MediaAsset]:
        rows = (
            await MediaAssetRow.select()
            .where(
                (MediaAssetRow.status == AssetStatus.UPLOADING.value)
                & (MediaAssetRow.expires_at < now)
            )
            .limit(limit)
        )
        return [_asset(row) for row in rows]


def _fields(asset: MediaAsset) -> dict[str, Any]:
    return {
        "id": asset.id,
        "work_id": asset.work_id,
        "owner_id": asset.owner_id,
        "kind": asset.kind.value,
        "role": asset.role.value,
        "language": asset.language,
        "original_name": asset.original_name,
        "original_key": asset.original_key,
        "declared_size": asset.declared_size,
        "part_size": asset.part_size,
        "status": asset.status.value,
        "multipart_id": asset.multipart_id,
        "size_bytes": asset.size_bytes,
        "sha256": asset.sha256,
        "content_type": asset.content_type,
        "progress": asset.progress,
        "facts": asset.facts,
        "renditions_prefix": asset.renditions_prefix,
        "manifest": asset.manifest,
        "error_code": asset.error_code,
        "error_message": asset.error_message,
        "error_params": asset.error_params,
        "preview_start_s": asset.preview.start_s,
        "preview_length_s": asset.preview.length_s,
        "attempts": asset.attempts,
        "renditions": asset.renditions,
        "track_kind": asset.track_kind,
        "created_at": asset.created_at,
        "updated_at": asset.updated_at,
        "expires_at": asset.expires_at,
    }


def _asset(row: dict[str, Any]) -> MediaAsset:
    return MediaAsset(
        id=as_uuid(row["id"]),
        work_id=as_uuid(row["work_id"]),
        owner_id=as_uuid(row["owner_id"]),
        kind=MediaKind(row["kind"]),
        role=AssetRole(row["role"]),
        language=row["language"],
        original_name=row["original_name"],
        original_key=row["original_key"],
        declared_size=int(row["declared_size"]),
        part_size=int(row["part_size"]),
        status=AssetStatus(row["status"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        expires_at=as_utc(row["expires_at"]),
        multipart_id=row["multipart_id"],
        size_bytes=row["size_bytes"],
        sha256=row["sha256"],
        content_type=row["content_type"],
        progress=int(row["progress"]),
        facts=as_json(row["facts"]) or {},
        renditions_prefix=row["renditions_prefix"],
        manifest=as_json(row["manifest"]) or [],
        error_code=row["error_code"],
        error_message=row["error_message"],
        error_params=as_json(row["error_params"]) or {},
        preview=PreviewChoice(float(row["preview_start_s"]), float(row["preview_length_s"])),
        attempts=int(row["attempts"]),
        renditions=as_json(row["renditions"]) or {},
        track_kind=row.get("track_kind"),
    )
