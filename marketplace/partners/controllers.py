"""The partner API's catalogue routes: what an organisation's key with `catalogue:read` reads.

Partners see what anyone may see — published public works — through their own versioned
prefix, so the people's API can change without breaking a partner's integration.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery

from accounts.apikeys.domain import Scope
from accounts.apikeys.partner_auth import requires_scope
from infra.http.dependencies import provide_service
from infra.http.openapi_errors import RATE_LIMITED_ROUTE
from marketplace.catalogue.controllers import Cursor, PageSize
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.repository import WorkQuery
from marketplace.catalogue.schemas import WorkOut, WorkPage, decode_cursor, encode_cursor
from marketplace.catalogue.service import CatalogueService


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
