"""The catalogue exports over the partner API: ask (202 with the status URL), follow, download.

Asking needs the scope of what is exported (`catalogue:read` for CSV and JSON, `avails:read`
for the EMA Avails spreadsheet); following needs any key of the organisation (another
organisation's export is a 404); the download link is signed and short-lived, so it needs no
key (`links.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from litestar.response import Stream
from litestar.status_codes import HTTP_202_ACCEPTED

from accounts.apikeys.domain import Scope
from accounts.apikeys.partner_auth import PartnerCaller, provide_partner, requires_scope
from infra.http.dependencies import provide_service
from infra.http.openapi_errors import RATE_LIMITED_ROUTE
from infra.i18n.context import gettext
from marketplace.licensing import rules
from marketplace.partners.avails import avails_media
from marketplace.partners.catalogue_exports.service import (
    ExportFormat,
    ExportJobService,
    ExportStatus,
    Requester,
)
from marketplace.partners.saved_searches.service import SavedSearchService

STATUS_PATH = "/api/partner/v1/exports"


class WorkExportIn(msgspec.Struct, forbid_unknown_fields=True):
    format: Literal["csv", "json"]


class AvailsExportIn(msgspec.Struct, forbid_unknown_fields=True):
    """The EMA Avails spreadsheet of what can be licensed in `territory` (an expression:
    "CA US", "north_america -MX"), for SVOD, AVOD and TVOD or one `medium`; the whole public
    catalogue or the works a saved search has matched."""

    territory: Annotated[str, msgspec.Meta(max_length=2000, examples=["CA US"])]
    medium: Annotated[str, msgspec.Meta(max_length=40, examples=["svod"])] | None = None
    saved_search: UUID | None = None


class ExportOut(msgspec.Struct):
    id: UUID
    format: str
    status: str  # pending | building | ready | failed (see `error`) | expired
    works_done: int  # works written so far (the progress while building)
    requested_at: datetime
    started_at: datetime | None
    ready_at: datetime | None
    expires_at: datetime | None  # the file is kept 7 days
    size_bytes: int | None
    status_url: str
    # Signed, valid one hour (a new one with each status); only once ready.
    download_url: str | None
    # Only when failed: the error code (`export_build_failed`) and what to do, in the
    # caller's language.
    error: str | None = None
    error_message: str | None = None

    @classmethod
    def of(cls, found: ExportStatus) -> ExportOut:
        return cls(
            id=found.id,
            format=found.format.value,
            status=found.status,
            works_done=found.works_done,
            requested_at=found.requested_at,
            started_at=found.started_at,
            ready_at=found.ready_at,
            expires_at=found.expires_at,
            size_bytes=found.size_bytes,
            status_url=f"{STATUS_PATH}/{found.id}",
            download_url=found.download_path,
            error=found.error.code if found.error else None,
            error_message=gettext(found.error.message) if found.error else None,
        )


def _accepted(found: ExportStatus) -> Response[ExportOut]:
    out = ExportOut.of(found)
    return Response(out, status_code=HTTP_202_ACCEPTED, headers={"location": out.status_url})


def _requester(partner: PartnerCaller) -> Requester:
    key = partner.key
    return Requester(key.organisation_id, key.id, key.created_by)


class PartnerWorkExportController(Controller):
    path = "/api/partner/v1/works/exports"
    tags = ["partner API"]
    guards = [requires_scope(Scope.CATALOGUE_READ)]
    dependencies = {
        "exports": provide_service(ExportJobService),
        "partner": Provide(provide_partner),
    }
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @post("/", status_code=HTTP_202_ACCEPTED)
    async def ask(
        self,
        exports: NamedDependency[ExportJobService],
        partner: NamedDependency[PartnerCaller],
        data: JSONBody[WorkExportIn],
    ) -> Response[ExportOut]:
        """Every public work as CSV or JSON, built by a worker into a file kept 7 days: 202
        with the export's `status_url`; its `download_url` appears once it is ready, and the
        key's maker is told. For a small catalogue, `GET /works/export.csv` streams at once."""
        found = await exports.request(_requester(partner), ExportFormat(data.format), {})
        return _accepted(found)


class PartnerAvailsExportController(Controller):
    path = "/api/partner/v1/avails/exports"
    tags = ["partner API"]
    guards = [requires_scope(Scope.AVAILS_READ)]
    dependencies = {
        "exports": provide_service(ExportJobService),
        "searches": provide_service(SavedSearchService),
        "partner": Provide(provide_partner),
    }
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @post("/", status_code=HTTP_202_ACCEPTED)
    async def ask(
        self,
        exports: NamedDependency[ExportJobService],
        searches: NamedDependency[SavedSearchService],
        partner: NamedDependency[PartnerCaller],
        data: JSONBody[AvailsExportIn],
    ) -> Response[ExportOut]:
        """The EMA Avails spreadsheet built by a worker (the same sheet as
        `GET /avails/export.xlsx`, for catalogues too large to wait for): 202 with the
        export's `status_url`."""
        countries = rules.countries(data.territory)
        media = avails_media(data.medium)
        if data.saved_search is not None:  # the organisation's own, or 404 now
            await searches.get(partner.organisation_id, data.saved_search)
        params = {
            "countries": sorted(countries),
            "media": list(media),
            "saved_search": str(data.saved_search) if data.saved_search else None,
        }
        found = await exports.request(_requester(partner), ExportFormat.AVAILS, params)
        return _accepted(found)


class PartnerExportController(Controller):
    path = STATUS_PATH
    tags = ["partner API"]
    guards = [requires_scope(None)]
    dependencies = {
        "exports": provide_service(ExportJobService),
        "partner": Provide(provide_partner),
    }
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @get("/")
    async def listing(
        self, exports: NamedDependency[ExportJobService], partner: NamedDependency[PartnerCaller]
    ) -> list[ExportOut]:
        """The organisation's last 50 exports, newest first."""
        return [ExportOut.of(found) for found in await exports.listing(partner.organisation_id)]

    @get("/{export_id:uuid}")
    async def status(
        self,
        exports: NamedDependency[ExportJobService],
        partner: NamedDependency[PartnerCaller],
        export_id: FromPath[UUID],
    ) -> ExportOut:
        """An export's state and progress (`works_done`); once ready, a signed `download_url`
        valid one hour. Any key of the organisation; another organisation's export: 404."""
        return ExportOut.of(await exports.status(partner.organisation_id, export_id))


class ExportDownloadController(Controller):
    path = f"{STATUS_PATH}/{{export_id:uuid}}/download"
    tags = ["partner API"]
    dependencies = {"exports": provide_service(ExportJobService)}

    @get("/")
    async def download(
        self,
        exports: NamedDependency[ExportJobService],
        export_id: FromPath[UUID],
        expires: FromQuery[int] = 0,
        signature: Annotated[str, Parameter(max_length=128)] = "",
    ) -> Stream:
        """The built file, by the signed link of the export's status (no key needed while the
        link is valid: an hour). A wrong or outdated link: 404; an expired export: 410."""
        found = await exports.file(export_id, expires, signature)
        return Stream(
            exports.read(found.key),
            media_type=found.content_type,
            headers={
                "content-disposition": f'attachment; filename="{found.filename}"',
                "content-length": str(found.size),
                "cache-control": "private, no-store",
            },
        )
