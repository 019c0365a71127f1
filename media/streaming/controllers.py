"""Serving media: playback descriptions, signed media URLs with Range, progress."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, delete, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, Parameter
from litestar.response import Redirect, ServerSentEvent, Stream
from litestar.status_codes import HTTP_200_OK

from accounts.auth import provide_page_principal, provide_principal, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.changes import ChangeNotices
from infra.errors import AppError, Forbidden
from infra.http.dependencies import provide_service
from media.access.playback import PlaybackService
from media.access.tokens import InvalidToken, Scope
from media.assets.domain import asset_error
from media.assets.renditions import rendition_view
from media.errors import MediaError
from media.storage.port import ObjectStorage
from media.streaming.playlists import rewrite_media_playlist
from media.streaming.ranges import RangeNotSatisfiable, parse_range
from media.streaming.watching import watched_asset
from media.uploads.service import UploadService

# An event stream ends after an hour; the page opens another if it still watches.
STREAM_FOR_S = 3600.0


class RangeError(AppError):
    status_code = 416


class PlaybackOut(msgspec.Struct):
    work_id: UUID
    kind: str | None
    entitled: bool
    preview: dict[str, str]
    full: dict[str, Any] | None
    subtitles: list[dict[str, str]]
    # Each rendition's state (name, label, state, state_label, code): what plays already.
    renditions: list[dict[str, str | None]]
    # The language versions anyone who can see the work may know of: type (audio or
    # subtitles), language (BCP 47), kind, name.
    versions: list[dict[str, str]]


class PlaybackController(Controller):
    tags = ["media"]
    dependencies = {
        "playback": provide_service(PlaybackService),
        "viewer": Provide(provide_principal),
    }

    @get("/api/works/{work_id:uuid}/playback")
    async def describe(
        self,
        work_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        playback: NamedDependency[PlaybackService],
    ) -> PlaybackOut:
        """Preview URLs for anyone who can see the work; full stream and downloads when entitled."""
        result = await playback.playback(viewer, work_id)
        return PlaybackOut(**vars(result))


class MediaController(Controller):
    """`/media/<token>/<path>`: what a signed token opens, with HTTP Range in local mode."""

    include_in_schema = False
    dependencies = {
        "playback": provide_service(PlaybackService),
        "storage": provide_service(ObjectStorage),
        "page_viewer": Provide(provide_page_principal),
    }

    @get("/media/{token:str}/{path:path}")
    async def serve(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        path: FromPath[str],
        playback: NamedDependency[PlaybackService],
        storage: NamedDependency[ObjectStorage],
        page_viewer: NamedDependency[Principal | None],
    ) -> Response[Any]:
        try:
            grant = playback.verify(token)
        except InvalidToken as error:
            raise Forbidden(error.reason) from None
        # A token is bound to its viewer: someone else signed in on this browser cannot use it.
        if (
            grant.viewer_id is not None
            and page_viewer is not None
            and page_viewer.user_id != grant.viewer_id
        ):
            raise Forbidden(MediaError.NOT_YOUR_LINK)
        headers = {"cache-control": "private, max-age=300"}
        playlist = await playback.subtitle_playlist(grant, path.lstrip("/"))
        if playlist is not None:
            return Response(playlist, media_type="application/vnd.apple.mpegurl", headers=headers)
        asset, entry = await playback.asset_for(grant, path.lstrip("/"))
        key: str = entry["key"]
        content_type: str = entry["content_type"]
        # A download (a format, or a language version's file through the library) is saved.
        if entry["role"] in ("download", "download_mp3", "download_flac") or (
            grant.scope is Scope.DOWNLOAD
        ):
            filename = re.sub(r"[^A-Za-z0-9._ -]", "_", asset.original_name)[:100] or "lakou"
            suffix = entry.get("path", "").rsplit(".", 1)[-1] if entry.get("path") else ""
            headers["content-disposition"] = (
                f'attachment; filename="{filename}{"." + suffix if suffix and not filename.endswith(suffix) else ""}"'
            )
        if key.endswith(".m3u8"):
            text = b"".join(await asyncio.to_thread(lambda: list(storage.read_range(key)))).decode()
            presigned = storage.presigned_get_url(key, 60)
            if presigned is not None:
                # S3 mode: segments come straight from storage through presigned URLs.
                prefix = key.rsplit("/", 1)[0]
                text = rewrite_media_playlist(
                    text,
                    lambda uri: storage.presigned_get_url(
                        f"{prefix}/{uri}", playback.seconds_left(grant)
                    ),
                )
            if entry["role"] == "hls_master":
                text = await playback.master_with_versions(asset, grant, text)
            return Response(text, media_type="application/vnd.apple.mpegurl", headers=headers)
        presigned = storage.presigned_get_url(key, playback.seconds_left(grant))
        if presigned is not None:
            return Redirect(presigned, status_code=302, headers=headers)
        stored = await asyncio.to_thread(storage.stat, key)
        try:
            byte_range = parse_range(request.headers.get("range"), stored.size)
        except RangeNotSatisfiable:
            raise RangeError(MediaError.RANGE_NOT_SATISFIABLE) from None
        headers["accept-ranges"] = "bytes"
        if byte_range is None:
            headers["content-length"] = str(stored.size)
            return Stream(storage.read_range(key), media_type=content_type, headers=headers)
        start, end = byte_range
        headers["content-range"] = f"bytes {start}-{end}/{stored.size}"
        headers["content-length"] = str(end - start + 1)
        return Stream(
            storage.read_range(key, start, end),
            media_type=content_type,
            headers=headers,
            status_code=206,
        )


class AssetOut(msgspec.Struct):
    id: UUID
    work_id: UUID
    kind: str
    role: str
    language: str | None
    status: str
    progress: int
    original_name: str
    size_bytes: int | None
    error_code: str | None
    error_message: str | None
    facts: dict[str, Any]
    # Published one by one: [{name, label, state (making|ready|failed), state_label, code}].
    renditions: list[dict[str, str | None]]


def asset_out(asset: Any) -> AssetOut:
    return AssetOut(
        id=asset.id,
        work_id=asset.work_id,
        kind=asset.kind.value,
        role=asset.role.value,
        language=asset.language,
        status=asset.status.value,
        progress=asset.progress,
        original_name=asset.original_name,
        size_bytes=asset.size_bytes,
        error_code=asset.error_code,
        error_message=asset_error(asset),
        facts=asset.facts,
        renditions=rendition_view(asset.renditions),
    )


class AssetController(Controller):
    path = "/api/media"
    tags = ["media"]
    guards = [requires_user]
    dependencies = {"me": Provide(provide_user), "uploads": provide_service(UploadService)}

    @get("/{asset_id:uuid}")
    async def read(
        self,
        asset_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> AssetOut:
        """An upload's state and processing progress (its owner and staff only)."""
        return asset_out(await uploads.owned_asset(me, asset_id))

    @delete("/{asset_id:uuid}", status_code=HTTP_200_OK)
    async def withdraw(
        self,
        asset_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> AssetOut:
        """Withdraw a language version (an audio track or subtitles) of one's own work: it stops
        playing and its files are deleted; 409 `not_a_track` for a work's main media or cover."""
        return asset_out(await uploads.withdraw_track(me, asset_id))

    @get("/{asset_id:uuid}/events", dependencies={"notices": provide_service(ChangeNotices)})
    async def events(
        self,
        asset_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
        notices: NamedDependency[ChangeNotices],
        interval_ms: Annotated[int, Parameter(ge=100, le=10_000)] = 2_000,
    ) -> ServerSentEvent:
        """Server-sent events with the progress (0-100) and the state, until it is final: sent
        as the worker commits them (`media.streaming.watching`), the asset read again at least
        every `interval_ms`."""
        await uploads.owned_asset(me, asset_id)

        async def updates() -> AsyncIterator[str]:
            last = None
            async for asset in watched_asset(
                lambda: uploads.owned_asset(me, asset_id),
                asset_id,
                notices,
                interval_s=interval_ms / 1000,
                lasts_s=STREAM_FOR_S,
            ):
                current = msgspec.json.encode(asset_out(asset)).decode()
                if current != last:
                    last = current
                    yield current

        return ServerSentEvent(updates(), event_type="progress")

    @get("/works/{work_id:uuid}")
    async def for_work(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> list[AssetOut]:
        """Every upload of a work, newest first (its owner and staff only)."""
        return [asset_out(a) for a in await uploads.work_assets(me, work_id)]
