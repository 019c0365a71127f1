"""`MarkedCopies`: the contract the screeners module calls (issue 14).

- `issue(asset_id, holder_ref)`: a random codeword for an opaque holder, once per pair;
- `prepare(asset_id)`: asks the worker for the A/B renditions (idempotent);
- `state(asset_id)`: "absent", "preparing", "ready" or "failed";
- `master_playlist(asset_id, holder_ref, expires_at)`: HLS text whose URLs are signed for the
  holder until `expires_at` and whose segments spell the holder's codeword;
- `stamped_document(asset_id, holder_ref, visible_line)`: the book (PDF or EPUB) stamped for
  the holder.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, InvalidInput, NotFound
from media.assets.domain import AssetStatus, MediaAsset
from media.assets.repository import AssetRepository
from media.kinds import MediaKind
from media.storage.port import ObjectStorage
from media.watermark import playlists
from media.watermark.codewords import new_codeword, variant_for
from media.watermark.documents import NotAPdf, stamp_pdf
from media.watermark.epubs import NotAnEpub, stamp_epub
from media.watermark.errors import WatermarkError
from media.watermark.repository import MarkedRenditions, MarkedRepository
from media.watermark.signing import MarkedUrlSigner
from media.watermark.versions import ScreenerVersions

MARKABLE = {MediaKind.VIDEO: "video", MediaKind.AUDIO: "audio", MediaKind.BOOK: "book"}


class MarkedCopies:
    def __init__(
        self,
        repository: MarkedRepository,
        assets: AssetRepository,
        unit_of_work: Callable[[], UnitOfWork],
        storage: ObjectStorage,
        signer: MarkedUrlSigner,
    ) -> None:
        self._repo = repository
        self._assets = assets
        self._uow = unit_of_work
        self._storage = storage
        self._signer = signer
        self.versions = ScreenerVersions(assets, signer)

    async def _asset(self, asset_id: UUID) -> MediaAsset:
        asset = await self._assets.get(asset_id)
        if asset is None:
            raise NotFound(WatermarkError.MEDIA_NOT_FOUND)
        if asset.kind not in MARKABLE:
            raise InvalidInput(WatermarkError.NOT_MARKABLE)
        return asset

    async def issue(self, asset_id: UUID, holder_ref: str) -> None:
        await self._asset(asset_id)
        async with self._uow():
            if await self._repo.codeword(asset_id, holder_ref) is None:
                await self._repo.add_copy(asset_id, holder_ref, new_codeword())

    async def prepare(self, asset_id: UUID) -> None:
        asset = await self._asset(asset_id)
        if asset.status is not AssetStatus.READY:
            raise Conflict(WatermarkError.MEDIA_NOT_READY)
        kind = MARKABLE[asset.kind]
        async with self._uow() as uow:
            item = await self._repo.renditions(asset_id)
            if item is not None and item.state in ("preparing", "ready"):
                return
            if kind == "book":  # stamped at download time: nothing to render ahead
                fresh = MarkedRenditions(asset_id, kind, "ready")
                await self._repo.save(fresh, new=item is None)
                return
            fresh = item or MarkedRenditions(asset_id, kind, "preparing")
            fresh.request()
            await self._repo.save(fresh, new=item is None)
            uow.track(fresh)

    async def state(self, asset_id: UUID) -> str:
        item = await self._repo.renditions(asset_id)
        return "absent" if item is None else item.state

    async def _ready(self, asset_id: UUID, holder_ref: str) -> tuple[MarkedRenditions, str]:
        item = await self._repo.renditions(asset_id)
        if item is None or item.state != "ready":
            state = "absent" if item is None else item.state
            raise Conflict(WatermarkError.NOT_PREPARED, state=state)
        codeword = await self._repo.codeword(asset_id, holder_ref)
        if codeword is None:
            raise NotFound(WatermarkError.COPY_NOT_ISSUED)
        return item, codeword

    async def master_playlist(self, asset_id: UUID, holder_ref: str, expires_at: datetime) -> str:
        """The holder's marked renditions, and the work's language versions (not marked: see
        `versions.py`) under the holder's signed links."""
        item, _ = await self._ready(asset_id, holder_ref)
        expires = int(expires_at.timestamp())
        master = playlists.master_playlist(
            item.layout,
            lambda name: self._signer.url(f"{asset_id.hex}/{name}/index.m3u8", holder_ref, expires),
        )
        film = await self._assets.get(asset_id)
        if film is None or film.kind is not MediaKind.VIDEO:
            return master
        return await self.versions.with_versions(film, master, holder_ref, expires)

    async def media_playlist(
        self, asset_id: UUID, rendition: str, holder_ref: str, expires: int
    ) -> str:
        """One rendition's playlist for the holder (the route checked the URL's signature)."""
        item, codeword = await self._ready(asset_id, holder_ref)
        found = [r for r in item.layout["renditions"] if r["name"] == rendition]
        if not found:
            raise NotFound(WatermarkError.SEGMENT_NOT_FOUND)
        entry = found[0]
        base = f"{asset_id.hex}/{rendition}"

        def segment(index: int) -> str:
            variant = variant_for(codeword, index) if entry["marked"] else "A"
            return self._signer.url(f"{base}/{index}{variant}.m4s", holder_ref, expires)

        init = self._signer.url(f"{base}/init.mp4", holder_ref, expires)
        return playlists.media_playlist(entry["durations"], init, segment)

    async def file_key(self, asset_id: UUID, rendition: str, name: str) -> str:
        """The storage key of `init.mp4` or `<n><A|B>.m4s` (its URL's signature was checked)."""
        item = await self._repo.renditions(asset_id)
        if item is None or item.state != "ready" or item.prefix is None:
            raise NotFound(WatermarkError.SEGMENT_NOT_FOUND)
        found = [r for r in item.layout["renditions"] if r["name"] == rendition]
        if not found:
            raise NotFound(WatermarkError.SEGMENT_NOT_FOUND)
        entry = found[0]
        if name == "init.mp4":
            return f"{item.prefix}/A/{rendition}/{entry['init']}"
        index, variant = int(name[:-5]), name[-5]
        if index >= len(entry["durations"]) or (variant == "B" and not entry["marked"]):
            raise NotFound(WatermarkError.SEGMENT_NOT_FOUND)
        return f"{item.prefix}/{variant}/{rendition}/seg_{index:05d}.m4s"

    async def stamped_document(self, asset_id: UUID, holder_ref: str, visible_line: str) -> bytes:
        asset = await self._asset(asset_id)
        if asset.kind is not MediaKind.BOOK:
            raise InvalidInput(WatermarkError.NOT_A_PDF)
        codeword = await self._repo.codeword(asset_id, holder_ref)
        if codeword is None:
            raise NotFound(WatermarkError.COPY_NOT_ISSUED)
        original = await asyncio.to_thread(
            lambda: b"".join(self._storage.read_range(asset.original_key))
        )
        if original.startswith(b"PK"):  # an EPUB (the safety gate let only those through)
            try:
                return await asyncio.to_thread(stamp_epub, original, visible_line, codeword)
            except NotAnEpub:
                raise InvalidInput(WatermarkError.NOT_AN_EPUB) from None
        try:
            return await asyncio.to_thread(stamp_pdf, original, visible_line, codeword)
        except NotAPdf:
            raise InvalidInput(WatermarkError.NOT_A_PDF) from None
