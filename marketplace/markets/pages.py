"""The markets' public pages: the list, a market with its stands (filtered), a stand, the
accreditation request and the badge with its QR code."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import segno
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, Parameter
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_principal, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, error_page, page_errors, requires_user
from accounts.organisations.acting import acting_organisation
from infra.errors import AppError, Forbidden
from infra.http.dependencies import provide_service
from infra.http.pages import render
from marketplace.markets.accreditation import category_of
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.entries.calls import MarketCalls
from marketplace.markets.market_prices import MarketPrices
from marketplace.markets.page_helpers import helpers, translated
from marketplace.markets.service import MarketService, is_team
from marketplace.markets.stand_repository import StandFilter
from marketplace.markets.stands import StandService
from marketplace.markets.visitors import VisitorKeys
from marketplace.markets.visuals.service import MarketVisuals

NOT_FOUND_PAGE = "markets/not_found.html"
FORBIDDEN_PAGE = "markets/forbidden.html"
MARKET_PAGE = "/marches/{slug:str}"
Filter = Annotated[str | None, Parameter(max_length=100)]


class MarketPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = {
        **page_errors(not_found=NOT_FOUND_PAGE),
        Forbidden: error_page(FORBIDDEN_PAGE, 403),
    }
    dependencies = {
        "who": Provide(provide_page_principal),
        "me": Provide(provide_page_user),
        "markets": provide_service(MarketService),
        "stands": provide_service(StandService),
        "accreditations": provide_service(AccreditationService),
        "prices": provide_service(MarketPrices),
        "visitors": provide_service(VisitorKeys),
        "entries": provide_service(MarketCalls),
        "visuals": provide_service(MarketVisuals),
    }

    @get("/marches")
    async def listing(
        self,
        request: Request[Any, Any, Any],
        who: NamedDependency[Principal | None],
        markets: NamedDependency[MarketService],
        visuals: NamedDependency[MarketVisuals],
    ) -> Template:
        public = await markets.public()
        return render(
            request,
            "markets/list.html",
            who,
            markets=public,
            visuals=await visuals.of_markets(market.id for market in public),
            **helpers(),
        )

    @get(MARKET_PAGE)
    async def market(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        who: NamedDependency[Principal | None],
        markets: NamedDependency[MarketService],
        stands: NamedDependency[StandService],
        entries: NamedDependency[MarketCalls],
        visuals: NamedDependency[MarketVisuals],
        discipline: Filter = None,
        q: Filter = None,
        commune: Filter = None,
    ) -> Template:
        market = await markets.by_slug(who, slug)
        where = StandFilter(discipline=discipline or None, name=q or None, commune_code=commune)
        return render(
            request,
            "markets/market.html",
            who,
            market=market,
            stands=await stands.search(who, market.id, where),
            where=where,
            team=is_team(market, who),
            calls=await entries.open_calls(market.id),
            visuals=await visuals.of_market(who, market.id),
            **helpers(),
        )

    @get(MARKET_PAGE + "/stands/{stand_id:uuid}")
    async def stand(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        stand_id: FromPath[UUID],
        who: NamedDependency[Principal | None],
        markets: NamedDependency[MarketService],
        stands: NamedDependency[StandService],
        prices: NamedDependency[MarketPrices],
        visitors: NamedDependency[VisitorKeys],
    ) -> Template:
        market = await markets.by_slug(who, slug)
        view = await stands.view(who, market.id, stand_id)
        await stands.visited(market, view.stand, visitors.key(who), who is not None)
        return render(
            request,
            "markets/stand.html",
            who,
            market=market,
            view=view,
            prices=await prices.of_works(market.id, [work.id for work in view.works]),
            selling=market.state.value == "open",
            **helpers(),
        )

    @get(MARKET_PAGE + "/accreditation", guards=[requires_user])
    async def accreditation(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        accreditations: NamedDependency[AccreditationService],
    ) -> Template:
        return await self._accreditation(request, slug, me, markets, accreditations)

    @post(
        MARKET_PAGE + "/accreditation",
        guards=[requires_user],
        opt={AFTER_LOGIN: "/marches/{slug}/accreditation"},
    )
    async def ask(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        accreditations: NamedDependency[AccreditationService],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        form = await request.form()
        acting = await acting_organisation(request)
        try:
            category = category_of(str(form.get("category", ""))[:30])
            await accreditations.request(me, market.id, acting.id if acting else None, category)
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._accreditation(
                request, slug, me, markets, accreditations, error.status_code, translated(error)
            )
        return Redirect(f"/marches/{market.details.slug}/accreditation", status_code=303)

    @get(MARKET_PAGE + "/badge", guards=[requires_user])
    async def badge(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        accreditations: NamedDependency[AccreditationService],
    ) -> Template:
        market = await markets.by_slug(me, slug)
        accreditation, token = await accreditations.badge(me, market.id)
        qr = segno.make(token, error="m").svg_inline(scale=5, dark="#10302a")
        return render(
            request,
            "markets/badge.html",
            me,
            market=market,
            accreditation=accreditation,
            token=token,
            qr=qr,
            **helpers(),
        )

    async def _accreditation(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        me: Principal,
        markets: MarketService,
        accreditations: AccreditationService,
        status_code: int = 200,
        error: str = "",
    ) -> Template:
        market = await markets.by_slug(me, slug)
        acting = await acting_organisation(request)
        return render(
            request,
            "markets/accreditation.html",
            me,
            status_code,
            market=market,
            mine=await accreditations.mine(me, market.id),
            acting=acting,
            error=error,
            **helpers(),
        )
