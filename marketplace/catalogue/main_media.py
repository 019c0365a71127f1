"""The catalogue's `MainMediaStatus` port, answered from the media context's assets."""

from __future__ import annotations

from uuid import UUID

from marketplace.catalogue.media_port import SettledMedia
from media.assets.domain import AssetRole, AssetStatus
from media.assets.repository import AssetRepository

# Ready enough to publish: every rendition settled (docs/decisions.md, "Playable sooner").
_SETTLED = frozenset(
    {AssetStatus.READY, AssetStatus.INCOMPLETE, AssetStatus.FAILED, AssetStatus.REJECTED}
)
_PLAYS = frozenset({AssetStatus.READY, AssetStatus.INCOMPLETE})


class AssetMainMedia:
    def __init__(self, repository: AssetRepository) -> None:
        self._repo = repository

    async def settled(self, work_id: UUID) -> SettledMedia | None:
        asset = await self._repo.newest_submitted(work_id, AssetRole.MAIN)
        if asset is None or asset.status not in _SETTLED:
            return None
        duration = asset.facts.get("duration_s") if asset.status in _PLAYS else None
        return SettledMedia(duration_s=round(duration) if duration else None)
