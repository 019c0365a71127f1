"""Media's part of a person's data: their uploads (the originals go in the archive as files)
and what they may play in full.

Erasing detaches the uploads (the owner id becomes the deletion's tombstone): they belong to
works that stay, withdrawn, for the people who bought them. The person's own entitlements go
(no one signs in as them any more). Their plays stay, counted, but lose the account's id
(their listener pseudonym cannot be traced back without it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from infra.filenames import clean_display_filename
from infra.personal_data import PersonalData, PersonalFile, section
from infra.services import Services
from media.assets.domain import MAKING, PLAYABLE, AssetStatus
from media.assets.tables import EntitlementRow, MediaAssetRow
from media.plays.tables import PlayRow

# The original is in the storage once the upload completed (until an abandoned one expires).
STORED = tuple(sorted(status.value for status in {AssetStatus.UPLOADED, *MAKING, *PLAYABLE}))


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    uploads = await MediaAssetRow.select(
        MediaAssetRow.id,
        MediaAssetRow.work_id,
        MediaAssetRow.kind,
        MediaAssetRow.role,
        MediaAssetRow.original_name,
        MediaAssetRow.size_bytes,
        MediaAssetRow.sha256,
        MediaAssetRow.content_type,
        MediaAssetRow.status,
        MediaAssetRow.created_at,
    ).where(MediaAssetRow.owner_id == user_id)
    entitlements = await EntitlementRow.select(
        EntitlementRow.work_id,
        EntitlementRow.source,
        EntitlementRow.granted_at,
        EntitlementRow.revoked_at,
    ).where(EntitlementRow.user_id == user_id)
    plays = await PlayRow.select(
        PlayRow.work_id,
        PlayRow.scope,
        PlayRow.source,
        PlayRow.country,
        PlayRow.opened_at,
        PlayRow.heard_s,
        PlayRow.outcome,
        PlayRow.standing,
    ).where(PlayRow.viewer_id == user_id)
    return section({"uploads": uploads, "entitlements": entitlements, "plays": plays})


async def files(_: Services, user_id: UUID) -> Sequence[PersonalFile]:
    rows = await MediaAssetRow.select(
        MediaAssetRow.id, MediaAssetRow.original_key, MediaAssetRow.original_name
    ).where((MediaAssetRow.owner_id == user_id) & MediaAssetRow.status.is_in(list(STORED)))
    return [
        PersonalFile(
            key=row["original_key"],
            name=f"{row['id']}-{clean_display_filename(row['original_name'] or '')}",
        )
        for row in rows
    ]


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    await MediaAssetRow.update({MediaAssetRow.owner_id: tombstone}).where(
        MediaAssetRow.owner_id == user_id
    )
    await EntitlementRow.delete().where(EntitlementRow.user_id == user_id)
    await PlayRow.update({PlayRow.viewer_id: None}).where(PlayRow.viewer_id == user_id)


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
    files=files,
)
