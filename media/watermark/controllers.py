"""`/media/marked/<asset>/<rendition>/<file>?h=<holder>&e=<expiry>&s=<signature>`: one holder's
marked playlists and segments. Every URL's signature is checked before anything is read; the
playlist of a holder is only ever written by the server, with that holder's variants."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Stream

from infra.errors import Forbidden, NotFound
from infra.http.dependencies import provide_service
from media.storage.port import ObjectStorage
from media.watermark.errors import WatermarkError
from media.watermark.holders import HolderGate
from media.watermark.service import MarkedCopies
from media.watermark.signing import BadSignature, MarkedUrlSigner

_FILE = re.compile(r"^(index\.m3u8|init\.mp4|\d{1,6}[AB]\.m4s)$")
_RENDITION = re.compile(r"^[a-z0-9]{1,20}$")
HEADERS = {"cache-control": "private, max-age=300"}


class MarkedMediaController(Controller):
    path = "/media/marked"
    include_in_schema = False
    dependencies = {
        "copies": provide_service(MarkedCopies),
        "signer": provide_service(MarkedUrlSigner),
        "storage": provide_service(ObjectStorage),
        "gate": provide_service(HolderGate),
    }

    @get("/{asset_id:uuid}/{rendition:str}/{name:str}")
    async def serve(
        self,
        asset_id: FromPath[UUID],
        rendition: FromPath[str],
        name: FromPath[str],
        copies: NamedDependency[MarkedCopies],
        signer: NamedDependency[MarkedUrlSigner],
        storage: NamedDependency[ObjectStorage],
        gate: NamedDependency[HolderGate],
        holder: Annotated[str, QueryParameter(name="h", max_length=200)],
        expires: Annotated[int, QueryParameter(name="e", ge=0)],
        signature: Annotated[str, QueryParameter(name="s", max_length=64)],
    ) -> Response[Any]:
        if not _FILE.match(name) or not _RENDITION.match(rendition):
            raise NotFound(WatermarkError.SEGMENT_NOT_FOUND)
        try:
            signer.check(f"{asset_id.hex}/{rendition}/{name}", holder, expires, signature)
        except BadSignature as bad:
            raise Forbidden(
                WatermarkError.LINK_EXPIRED if bad.expired else WatermarkError.LINK_FORGED
            ) from None
        # Asked on every playlist and segment: a withdrawn holder's links stop at once.
        if not await gate.admits(holder):
            raise Forbidden(WatermarkError.HOLDER_WITHDRAWN)
        if name == "index.m3u8":
            text = await copies.media_playlist(asset_id, rendition, holder, expires)
            return Response(text, media_type="application/vnd.apple.mpegurl", headers=HEADERS)
        key = await copies.file_key(asset_id, rendition, name)
        presigned = storage.presigned_get_url(key, 300)
        if presigned is not None:
            return Redirect(presigned, status_code=302, headers=HEADERS)
        data = await asyncio.to_thread(lambda: b"".join(storage.read_range(key)))
        media_type = "video/mp4" if name.endswith(".mp4") else "video/iso.segment"
        return Stream(iter([data]), media_type=media_type, headers=HEADERS)

    @get("/{asset_id:uuid}/versions/{track_id:uuid}/{name:str}")
    async def version(
        self,
        asset_id: FromPath[UUID],
        track_id: FromPath[UUID],
        name: FromPath[str],
        copies: NamedDependency[MarkedCopies],
        signer: NamedDependency[MarkedUrlSigner],
        storage: NamedDependency[ObjectStorage],
        gate: NamedDependency[HolderGate],
        holder: Annotated[str, QueryParameter(name="h", max_length=200)],
        expires: Annotated[int, QueryParameter(name="e", ge=0)],
        signature: Annotated[str, QueryParameter(name="s", max_length=64)],
    ) -> Response[Any]:
        """A language version of the film (audio track or subtitles) under the holder's signed
        links: unmarked, but stopped with the holder's other links (`versions.py`)."""
        try:
            signer.check(
                f"{asset_id.hex}/versions/{track_id.hex}/{name}", holder, expires, signature
            )
        except BadSignature as bad:
            raise Forbidden(
                WatermarkError.LINK_EXPIRED if bad.expired else WatermarkError.LINK_FORGED
            ) from None
        if not await gate.admits(holder):
            raise Forbidden(WatermarkError.HOLDER_WITHDRAWN)
        found = await copies.versions.file(asset_id, track_id, name, holder, expires)
        if found is None:
            raise NotFound(WatermarkError.SEGMENT_NOT_FOUND)
        if found.text is not None:
            return Response(found.text, media_type=found.content_type, headers=HEADERS)
        key = str(found.key)
        if found.signed:
            stored = await asyncio.to_thread(lambda: b"".join(storage.read_range(key)))
            text = copies.versions.signed_media_playlist(
                stored.decode(), asset_id, track_id, holder, expires
            )
            return Response(text, media_type=found.content_type, headers=HEADERS)
        presigned = storage.presigned_get_url(key, 300)
        if presigned is not None:
            return Redirect(presigned, status_code=302, headers=HEADERS)
        data = await asyncio.to_thread(lambda: b"".join(storage.read_range(key)))
        return Stream(iter([data]), media_type=found.content_type, headers=HEADERS)
