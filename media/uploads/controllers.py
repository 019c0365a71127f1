"""Upload endpoints: start, send (whole or by parts), resume, complete, abort."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from media.assets.domain import DEFAULT_PREVIEW_S, AssetRole, PreviewChoice
from media.kinds import MediaKind
from media.streaming.controllers import AssetOut, asset_out
from media.uploads.service import UploadRequest, UploadService, UploadState


class UploadIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: MediaKind
    filename: Annotated[str, msgspec.Meta(max_length=1000)]
    size: Annotated[int, msgspec.Meta(ge=0, le=2**50)]
    role: AssetRole = AssetRole.MAIN
    # A language version's BCP 47 tag (fr, gcf-MQ, en-GB...) and kind (media/tracks/).
    language: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    track_kind: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    preview_start_s: Annotated[float, msgspec.Meta(ge=0, le=86_400)] = 0.0
    preview_length_s: Annotated[float, msgspec.Meta(ge=0, le=86_400)] = DEFAULT_PREVIEW_S


class UploadOut(msgspec.Struct):
    id: UUID
    work_id: UUID
    status: str
    mode: str
    part_size: int
    parts: int
    received_parts: list[int]
    next_part: int | None
    expires_at: datetime
    content_url: str
    part_url_template: str


def upload_out(state: UploadState) -> UploadOut:
    asset = state.asset
    missing = [n for n in range(1, asset.parts_expected + 1) if n not in state.received_parts]
    base = f"/api/uploads/{asset.id}"
    return UploadOut(
        id=asset.id,
        work_id=asset.work_id,
        status=asset.status.value,
        mode=state.mode,
        part_size=asset.part_size,
        parts=asset.parts_expected,
        received_parts=sorted(state.received_parts),
        next_part=missing[0] if missing else None,
        expires_at=asset.expires_at,
        content_url=f"{base}/content",
        # local: PUT the part here; s3: GET it for a presigned URL, then PUT the part there.
        part_url_template=f"{base}/parts/{{n}}"
        if state.mode == "local"
        else f"{base}/parts/{{n}}/url",
    )


class UploadController(Controller):
    tags = ["media"]
    guards = [requires_user]
    dependencies = {
        "uploads": provide_service(UploadService),
        "me": Provide(provide_user),
    }

    @post("/api/works/{work_id:uuid}/uploads")
    async def begin(
        self,
        work_id: FromPath[UUID],
        data: JSONBody[UploadIn],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> UploadOut:
        """Start an upload: the main media of a work, its cover, or a language version (an
        audio track of a film, subtitles) with its language and kind."""
        request = UploadRequest(
            kind=data.kind,
            role=data.role,
            filename=data.filename,
            size=data.size,
            language=data.language,
            track_kind=data.track_kind,
            preview=PreviewChoice(data.preview_start_s, data.preview_length_s),
        )
        return upload_out(await uploads.begin(me, work_id, request))

    @get("/api/uploads/{upload_id:uuid}")
    async def state(
        self,
        upload_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> UploadOut:
        """Which parts arrived: resume from `next_part` after a dropped connection."""
        return upload_out(await uploads.state(me, upload_id))

    @put(
        "/api/uploads/{upload_id:uuid}/content", request_max_body_size=None, status_code=HTTP_200_OK
    )
    async def put_content(
        self,
        request: Request[Any, Any, Any],
        upload_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> AssetOut:
        """The whole file as the request body, streamed to storage."""
        return asset_out(await uploads.put_content(me, upload_id, request.stream()))

    @put(
        "/api/uploads/{upload_id:uuid}/parts/{number:int}",
        request_max_body_size=None,
        status_code=HTTP_200_OK,
    )
    async def put_part(
        self,
        request: Request[Any, Any, Any],
        upload_id: FromPath[UUID],
        number: FromPath[int],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> UploadOut:
        """One part (local mode), in order; sending a part again replaces it."""
        return upload_out(await uploads.put_part(me, upload_id, number, request.stream()))

    @get("/api/uploads/{upload_id:uuid}/parts/{number:int}/url")
    async def part_url(
        self,
        upload_id: FromPath[UUID],
        number: FromPath[int],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> dict[str, str]:
        """A presigned URL to PUT one part straight to storage (S3 mode)."""
        return {"url": await uploads.part_url(me, upload_id, number), "method": "PUT"}

    @post("/api/uploads/{upload_id:uuid}/complete", status_code=HTTP_200_OK)
    async def complete(
        self,
        upload_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> AssetOut:
        """Assemble the parts; processing starts in a worker (follow `/api/media/{id}/events`)."""
        return asset_out(await uploads.complete(me, upload_id))

    @delete("/api/uploads/{upload_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def abort(
        self,
        upload_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[UploadService],
    ) -> None:
        await uploads.abort(me, upload_id)
