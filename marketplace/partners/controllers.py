"""The partner API's catalogue and market routes: what an organisation's key reads with
`catalogue:read` and `markets:read`.

Partners see what anyone may see — published public works — through their own versioned
prefix, so the people's API can change without breaking a partner's integration.
"""

from __future__ import annotations

from datetime import UTC, datetime

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Stream

from accounts.apikeys.domain import Scope
from accounts.apikeys.partner_auth import requires_scope
from infra.http.dependencies import provide_service
from infra.http.openapi_errors import RATE_LIMITED_ROUTE
from marketplace.catalogue.controllers import Cursor, PageSize
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.repository import WorkQuery
from marketplace.catalogue.schemas import WorkOut, WorkPage, decode_cursor, encode_cursor
from marketplace.catalogue.service import CatalogueService
from marketplace.markets.schemas import MarketOut
from marketplace.markets.service import MarketService
from marketplace.partners.exports import csv_export, json_export


def _attachment(extension: str) -> dict[str, str]:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return {"content-disposition": f'attachment; filename="lakou-catalogue-{stamp}.{extension}"'}


class PartnerCatalogueController(Controller):
    path = "/api/partner/v1/works"
    tags = ["partner API"]
    guards = [requires_scope(Scope.CATALOGUE_READ)]
    dependencies = {"catalogue": provide_service(CatalogueService)}
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @get("/")
    async def list_works(
        self,
        catalogue: NamedDependency[CatalogueService],
        discipline: FromQuery[Discipline | None] = None,
        cursor: Cursor = None,
        limit: PageSize = 50,
    ) -> WorkPage:
        """Published public works, newest first, 50 a page (`next_cursor` for the next).
        Needs a key with the `catalogue:read` scope."""
        works = await catalogue.list_works(
            WorkQuery(
                viewer_id=None,
                viewer_is_staff=False,
                discipline=discipline,
                before_id=decode_cursor(cursor),
                limit=limit,
            )
        )
        next_cursor = encode_cursor(works[-1].id) if len(works) == limit else None
        return WorkPage(items=[WorkOut.of(w) for w in works], next_cursor=next_cursor)

    @get("/export.csv", media_type="text/csv")
    async def export_csv(self, catalogue: NamedDependency[CatalogueService]) -> Stream:
        """Every public work as CSV (streamed, newest first): ids, titles in the four
        languages, discipline, languages, year, duration, identifiers, publication date."""
        return Stream(csv_export(catalogue), media_type="text/csv", headers=_attachment("csv"))

    @get("/export.json", media_type="application/json")
    async def export_json(self, catalogue: NamedDependency[CatalogueService]) -> Stream:
        """Every public work as one JSON array of the works' shape (streamed, newest first)."""
        return Stream(
            json_export(catalogue), media_type="application/json", headers=_attachment("json")
        )


class PartnerMarketController(Controller):
    path = "/api/partner/v1/markets"
    tags = ["partner API"]
    guards = [requires_scope(Scope.MARKETS_READ)]
    dependencies = {"markets": provide_service(MarketService)}
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @get("/")
    async def listing(self, markets: NamedDependency[MarketService]) -> list[MarketOut]:
        """Published markets, the latest window first (as on the public markets page). Needs
        a key with the `markets:read` scope."""
        return [MarketOut.of(market) for market in await markets.public()]
