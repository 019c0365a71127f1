"""The partner API's availability routes (`avails:read`), read through licensing's service: a
work's availability, and an availability search over the public catalogue, page by page."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK

from accounts.apikeys.domain import Scope
from accounts.apikeys.partner_auth import PartnerCaller, provide_partner, requires_scope
from infra.errors import InvalidInput, NotFound
from infra.http.dependencies import provide_service
from infra.http.openapi_errors import RATE_LIMITED_ROUTE
from marketplace.catalogue.repository import WorkQuery
from marketplace.catalogue.schemas import decode_cursor, encode_cursor
from marketplace.catalogue.service import CatalogueService
from marketplace.licensing import rules
from marketplace.licensing.controllers import overall
from marketplace.licensing.repository import LicensingRepository
from marketplace.licensing.schemas import (
    AvailabilityOut,
    CountryStatusOut,
    WorkAvailabilityOut,
    span_out,
)
from marketplace.licensing.service import LicensingService
from marketplace.partners.avails_sheet import LICENSE_TYPES
from marketplace.partners.avails_sources import avails_export
from marketplace.partners.errors import PartnerError
from marketplace.partners.key_holder import PUBLIC_VIEWER
from marketplace.partners.saved_searches.service import SavedSearchService

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_PAGE = 200


class AvailsSearchIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Which works can be licensed for `medium` in `territory` (a territory expression: "CA",
    "north_america -MX") every day of the period. Without `work_ids`, the public catalogue is
    read newest first, `limit` works a page; `next_cursor` continues. `only_available` (the
    default) leaves out the works of the page that cannot be licensed there at all."""

    territory: Annotated[str, msgspec.Meta(max_length=2000, examples=["CA"])]
    medium: Annotated[str, msgspec.Meta(max_length=40, examples=["svod"])]
    starts_on: Annotated[date, msgspec.Meta(examples=["2027-01-01"])]
    ends_on: Annotated[date, msgspec.Meta(examples=["2027-12-31"])] | None = None
    only_available: bool = True
    work_ids: Annotated[list[UUID], msgspec.Meta(max_length=MAX_PAGE)] | None = None
    cursor: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=MAX_PAGE)] = 100


def avails_media(medium: str | None) -> tuple[str, ...]:
    """The license types an Avails export covers: all the EMA ones, or the one asked for."""
    if medium is None:
        return tuple(LICENSE_TYPES)
    if rules.medium(medium) not in LICENSE_TYPES:
        raise InvalidInput(PartnerError.NOT_AN_AVAILS_MEDIUM, allowed=", ".join(LICENSE_TYPES))
    return (medium,)


class AvailsPage(msgspec.Struct):
    items: list[WorkAvailabilityOut]
    # Null when the catalogue (or the given list) is read to its end.
    next_cursor: str | None


class PartnerAvailsController(Controller):
    path = "/api/partner/v1/avails"
    tags = ["partner API"]
    guards = [requires_scope(Scope.AVAILS_READ)]
    dependencies = {
        "licensing": provide_service(LicensingService),
        "catalogue": provide_service(CatalogueService),
        "searches": provide_service(SavedSearchService),
        "partner": Provide(provide_partner),
    }
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @get("/export.xlsx", media_type=XLSX)
    async def export(
        self,
        catalogue: NamedDependency[CatalogueService],
        searches: NamedDependency[SavedSearchService],
        partner: NamedDependency[PartnerCaller],
        territory: FromQuery[str],
        medium: FromQuery[str | None] = None,
        saved_search: FromQuery[UUID | None] = None,
    ) -> Stream:
        """The EMA Avails spreadsheet (Excel, "Movies" sheet) of what can be licensed in
        `territory` (an expression: "CA US", "north_america -MX") for SVOD, AVOD and TVOD
        (`medium` to keep one): one row per audiovisual work, medium, language version, period
        and country. The whole public catalogue, or the works one of the organisation's saved
        searches has matched (`saved_search`). Built on disk as it is read, then streamed."""
        countries = rules.countries(territory)
        media = avails_media(medium)
        matched: list[UUID] | None = None
        if saved_search is not None:
            found = await searches.matches(partner.organisation_id, saved_search, limit=None)
            matched = [work_id for work_id, _ in found]
        body = avails_export(catalogue, LicensingRepository(), countries, media, matched)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        disposition = f'attachment; filename="lakou-avails-{stamp}.xlsx"'
        return Stream(body, media_type=XLSX, headers={"content-disposition": disposition})

    @get("/works/{work_id:uuid}")
    async def work(
        self,
        work_id: FromPath[UUID],
        licensing: NamedDependency[LicensingService],
        catalogue: NamedDependency[CatalogueService],
    ) -> AvailabilityOut:
        """A public work's availability: by medium and language version, each period's country
        set and status (`exclusive`: free; `non_exclusive`: only non-exclusive licences;
        `licensed`). A work that is not public: 404."""
        if not await catalogue.public_works([work_id]):
            raise NotFound(PartnerError.WORK_NOT_FOUND)
        spans = await licensing.availability_for(PUBLIC_VIEWER, work_id)
        return AvailabilityOut(work_id, [span_out(span) for span in spans])

    @post("/search", status_code=HTTP_200_OK)
    async def search(
        self,
        data: JSONBody[AvailsSearchIn],
        licensing: NamedDependency[LicensingService],
        catalogue: NamedDependency[CatalogueService],
    ) -> AvailsPage:
        """Each country's status over the whole period for a page of works (`null`: not
        offered there all that time); `overall` sums it up."""
        medium = rules.medium(data.medium)
        countries = rules.countries(data.territory)
        period = rules.period(data.starts_on, data.ends_on)
        next_cursor: str | None = None
        if data.work_ids is not None:
            candidates = list(dict.fromkeys(data.work_ids))
        else:
            page = await catalogue.list_works(
                WorkQuery(
                    viewer_id=None,
                    viewer_is_staff=False,
                    before_id=decode_cursor(data.cursor),
                    limit=data.limit,
                )
            )
            candidates = [work.id for work in page]
            if len(page) == data.limit:
                next_cursor = encode_cursor(page[-1].id)
        public = await catalogue.public_works(candidates)
        found = await licensing.check(
            PUBLIC_VIEWER,
            [work_id for work_id in candidates if work_id in public],
            countries,
            medium,
            period,
            offered_only=data.only_available,
        )
        items = [
            WorkAvailabilityOut(
                work_id,
                overall(statuses),
                [CountryStatusOut(c, s.value if s else None) for c, s in statuses.items()],
            )
            for work_id, statuses in found.items()
        ]
        return AvailsPage(items, next_cursor)
