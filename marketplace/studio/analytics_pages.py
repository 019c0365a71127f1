"""The studio's analytics pages: every work of the creator together, or one work with its
retention curve (`/studio/statistiques`, `/studio/oeuvres/{id}/statistiques`)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_role, requires_user
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext
from infra.i18n.formatting import local_date
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.catalogue.service import CatalogueService
from marketplace.indicators.reaches import FirstReaches
from marketplace.revenue.statement_service import StatementService
from marketplace.studio.analytics import analytics, scope_of
from marketplace.studio.markets_map import listeners_map
from marketplace.studio.pages import NOT_CREATOR_PAGE, STUDIO_ROLES


def _grain(request: Request[Any, Any, Any]) -> str:
    return "month" if request.query_params.get("grain") == "month" else "day"


class StudioAnalyticsPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=NOT_CREATOR_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "catalogue": provide_service(CatalogueService),
        "statements": provide_service(StatementService),
        "reaches": provide_service(FirstReaches),
    }

    async def _page(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        catalogue: CatalogueService,
        statements: StatementService,
        reaches: FirstReaches,
        work_id: UUID | None,
    ) -> Template:
        scope = await scope_of(catalogue, me, work_id)
        grain = _grain(request)
        figures = await analytics(statements, reaches, scope.works, grain, work_id)
        world_map = listeners_map(
            {country.key: country.count for country in figures.countries},
            [market.key for market in figures.new_markets if market.new],
            gettext("Carte des écoutes par pays"),
            {country.key: country.label for country in figures.countries}
            | {market.key: market.label for market in figures.new_markets},
        )
        return render(
            request,
            "studio/analytics.html",
            me,
            work=scope.work,
            works_count=len(scope.works),
            figures=figures,
            grain=grain,
            world_map=world_map,
            market_day=lambda day: local_date(date.fromisoformat(day)),
        )

    @get("/studio/statistiques", guards=[requires_role(*STUDIO_ROLES)])
    async def all_works(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        statements: NamedDependency[StatementService],
        reaches: NamedDependency[FirstReaches],
    ) -> Template:
        return await self._page(request, me, catalogue, statements, reaches, None)

    @get("/studio/oeuvres/{work_id:uuid}/statistiques")
    async def one_work(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        statements: NamedDependency[StatementService],
        reaches: NamedDependency[FirstReaches],
    ) -> Template:
        return await self._page(request, me, catalogue, statements, reaches, work_id)
