"""Loading and saving media assets."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from media.assets.domain import AssetRole, AssetStatus, MediaAsset, PreviewChoice
from media.assets.tables import MediaAssetRow
from media.kinds import MediaKind


class AssetRepository:
    async def get(self, asset_id: UUID) -> MediaAsset | None:
        row = await MediaAssetRow.select().where(MediaAssetRow.id == asset_id).first()
        return _asset(row) if row else None

    async def add(self, asset: MediaAsset) -> None:
        await MediaAssetRow.insert(MediaAssetRow(**_fields(asset)))

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
            (MediaAssetRow.id == asset.id) & (MediaAssetRow.status == AssetStatus.PROCESSING.value)
        )

    async def for_work(self, work_id: UUID) -> list[MediaAsset]:
        rows = (
            await MediaAssetRow.select()
            .where(MediaAssetRow.work_id == work_id)
            .order_by(MediaAssetRow.id, ascending=False)
        )
        return [_asset(row) for row in rows]

    async def latest_ready(self, work_id: UUID, role: AssetRole) -> MediaAsset | None:
        row = (
            await MediaAssetRow.select()
            .where(
                (MediaAssetRow.work_id == work_id)
                & (MediaAssetRow.role == role.value)
                & (MediaAssetRow.status == AssetStatus.READY.value)
            )
            .order_by(MediaAssetRow.id, ascending=False)
            .first()
        )
        return _asset(row) if row else None

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
        "preview_start_s": asset.preview.start_s,
        "preview_length_s": asset.preview.length_s,
        "attempts": asset.attempts,
        "created_at": asset.created_at,
        "updated_at": asset.updated_at,
        "expires_at": asset.expires_at,
    }


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _time(value: Any) -> datetime:
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _asset(row: dict[str, Any]) -> MediaAsset:
    return MediaAsset(
        id=_uuid(row["id"]),
        work_id=_uuid(row["work_id"]),
        owner_id=_uuid(row["owner_id"]),
        kind=MediaKind(row["kind"]),
        role=AssetRole(row["role"]),
        language=row["language"],
        original_name=row["original_name"],
        original_key=row["original_key"],
        declared_size=int(row["declared_size"]),
        part_size=int(row["part_size"]),
        status=AssetStatus(row["status"]),
        created_at=_time(row["created_at"]),
        updated_at=_time(row["updated_at"]),
        expires_at=_time(row["expires_at"]),
        multipart_id=row["multipart_id"],
        size_bytes=row["size_bytes"],
        sha256=row["sha256"],
        content_type=row["content_type"],
        progress=int(row["progress"]),
        facts=_json(row["facts"]) or {},
        renditions_prefix=row["renditions_prefix"],
        manifest=_json(row["manifest"]) or [],
        error_code=row["error_code"],
        error_message=row["error_message"],
        preview=PreviewChoice(float(row["preview_start_s"]), float(row["preview_length_s"])),
        attempts=int(row["attempts"]),
    )
