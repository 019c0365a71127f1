"""`UnmarkedStreams`: the fallback `MarkedStreams` until media's forensic watermark lands.

It gives every holder the work's normal renditions, signed for the invited viewer (media's
playback tokens carry the viewer, and `/media/...` refuses another signed-in person), and the
book's original file without a stamp. Nothing in it tells one holder's copy from another's: a
leak is not traceable while it is registered. `media/watermark/`'s `MarkedCopies` replaces it
in the composition root, with the same methods (`ports.MarkedStreams`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from uuid import UUID

from infra.errors import NotFound
from marketplace.screeners.errors import ScreenerError
from marketplace.screeners.ports import ABSENT, FAILED, PREPARING, READY
from media.access.playback import media_url
from media.access.tokens import PlaybackGrant, Scope, TokenSigner
from media.assets.domain import AssetStatus
from media.assets.repository import AssetRepository
from media.storage.port import ObjectStorage

# Who an opaque holder is: the invited viewer's account (None before they claim it).
HolderViewer = Callable[[str], Awaitable[UUID | None]]


class UnmarkedStreams:
    def __init__(
        self,
        assets: AssetRepository,
        storage: ObjectStorage,
        signer: TokenSigner,
        viewer_of: HolderViewer,
    ) -> None:
        self._assets = assets
        self._storage = storage
        self._signer = signer
        self._viewer_of = viewer_of

    async def issue(self, asset_id: UUID, holder_ref: str) -> None:
        """Nothing to give: every holder gets the same renditions."""

    async def prepare(self, asset_id: UUID) -> None:
        """Nothing to make: the work's own renditions are served."""

    async def state(self, asset_id: UUID) -> str:
        asset = await self._assets.get(asset_id)
        if asset is None:
            return ABSENT
        if asset.status is AssetStatus.READY:
            return READY
        if asset.status in (AssetStatus.UPLOADED, AssetStatus.PROCESSING):
            return PREPARING
        return FAILED

    async def master_playlist(self, asset_id: UUID, holder_ref: str, expires_at: datetime) -> str:
        asset = await self._assets.get(asset_id)
        entry = (
            next((e for e in asset.manifest if e["role"] == "hls_master"), None) if asset else None
        )
        if asset is None or entry is None:
            raise NotFound(ScreenerError.NOT_A_STREAM)
        grant = PlaybackGrant(
            asset_id, Scope.FULL, await self._viewer_of(holder_ref), int(expires_at.timestamp())
        )
        token = self._signer.sign(grant)
        folder = entry["path"].rsplit("/", 1)[0]
        key = entry["key"]
        text = b"".join(await asyncio.to_thread(lambda: list(self._storage.read_range(key))))
        lines = []
        for line in text.decode().splitlines():
            if line and not line.startswith("#"):
                line = media_url(token, f"{folder}/{line}")
            lines.append(line)
        return "\n".join(lines) + "\n"

    async def stamped_document(self, asset_id: UUID, holder_ref: str, visible_line: str) -> bytes:
        asset = await self._assets.get(asset_id)
        entry = (
            next((e for e in asset.manifest if e["role"] == "download"), None) if asset else None
        )
        if asset is None or entry is None:
            raise NotFound(ScreenerError.NOT_A_DOCUMENT)
        key = entry["key"]
        return b"".join(await asyncio.to_thread(lambda: list(self._storage.read_range(key))))
