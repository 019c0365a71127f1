"""A person's data over the JSON API: ask for an archive, list and download it, leave."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.privacy.service import ExportFile, ExportInfo, PrivacyService
from infra.http.dependencies import provide_service


class ExportOut(msgspec.Struct):
    id: str
    status: str  # pending | ready | expired
    requested_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None
    size_bytes: int | None
    # A signed link for the person (7 days); only when the archive is ready.
    download_url: str | None


class DeleteIn(msgspec.Struct, forbid_unknown_fields=True):
    password: Annotated[str, msgspec.Meta(max_length=1024)]


def archive_response(privacy: PrivacyService, found: ExportFile) -> Stream:
    """The ZIP, streamed from the storage; never cached on the way."""
    return Stream(
        privacy.read(found.key),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{found.filename}"',
            "Content-Length": str(found.size),
            "Cache-Control": "private, no-store",
        },
    )


def export_out(info: ExportInfo) -> ExportOut:
    return ExportOut(
        id=str(info.id),
        status=info.status,
        requested_at=info.requested_at,
        ready_at=info.ready_at,
        expires_at=info.expires_at,
        size_bytes=info.size_bytes,
        download_url=info.download_path,
    )


class PrivacyController(Controller):
    path = "/api/privacy"
    tags = ["privacy"]
    guards = [requires_user]
    dependencies = {"privacy": provide_service(PrivacyService), "me": Provide(provide_user)}

    @post("/export", status_code=HTTP_202_ACCEPTED)
    async def request_export(
        self, me: NamedDependency[Principal], privacy: NamedDependency[PrivacyService]
    ) -> ExportOut:
        """Ask for an archive of your data (JSON and your files); a notification says when it
        is ready, and it can be downloaded for 7 days."""
        return export_out(await privacy.request_export(me.user_id))

    @get("/exports")
    async def exports(
        self, me: NamedDependency[Principal], privacy: NamedDependency[PrivacyService]
    ) -> list[ExportOut]:
        """Your archives, newest first, with their download links while they last."""
        return [export_out(info) for info in await privacy.exports(me.user_id)]

    @get("/exports/{export_id:uuid}/download")
    async def download(
        self,
        export_id: FromPath[UUID],
        me: NamedDependency[Principal],
        privacy: NamedDependency[PrivacyService],
        signature: Annotated[str, QueryParameter(max_length=128)] = "",
    ) -> Stream:
        """The archive (a ZIP): yours only, with the link's signature; expired: 410."""
        return archive_response(privacy, await privacy.download(me.user_id, export_id, signature))

    @delete("/account", status_code=HTTP_204_NO_CONTENT)
    async def delete_account(
        self,
        data: JSONBody[DeleteIn],
        me: NamedDependency[Principal],
        privacy: NamedDependency[PrivacyService],
    ) -> None:
        """Delete your account: your password (wrong: 403); refused (409 `orders_pending`)
        while an order waits for its payment or a payout to you is on its way."""
        await privacy.delete_account(me.user_id, data.password)
