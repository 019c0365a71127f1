"""The market team's visuals page (`/marches/<id>/gestion/visuels`, linked from the market's
administration): the current poster and banner, and a form to upload each."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import provide_page_user
from accounts.domain import Principal
from infra.errors import AppError, InvalidInput
from infra.http.dependencies import provide_service
from infra.http.pages import render
from marketplace.markets.errors import MarketError
from marketplace.markets.page_helpers import helpers, translated
from marketplace.markets.service import MANAGERS, MarketService
from marketplace.markets.team_pages import MarketTeamPages
from marketplace.markets.visuals.domain import MAX_VISUAL_BYTES, VisualRole, visual_role
from marketplace.markets.visuals.service import MarketVisuals

VISUALS_PAGE = "/marches/{market_id:uuid}/gestion/visuels"


class MarketVisualPages(MarketTeamPages):
    dependencies = {
        "me": Provide(provide_page_user),
        "markets": provide_service(MarketService),
        "visuals": provide_service(MarketVisuals),
    }

    @get(VISUALS_PAGE)
    async def page(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        visuals: NamedDependency[MarketVisuals],
    ) -> Template:
        return await self._page(request, market_id, me, markets, visuals)

    @post(VISUALS_PAGE, request_max_body_size=2 * MAX_VISUAL_BYTES + 64 * 1024)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        visuals: NamedDependency[MarketVisuals],
    ) -> Template | Redirect:
        await markets.managed(me, market_id, MANAGERS)
        form = await request.form()
        try:
            role = visual_role(str(form.get("role", ""))[:20])
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise InvalidInput(MarketError.VISUAL_NOT_AN_IMAGE)
            await visuals.upload(me, market_id, role, await upload.read())
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._page(request, market_id, me, markets, visuals, error)
        return Redirect(f"/marches/{market_id}/gestion/visuels", status_code=303)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        market_id: UUID,
        me: Principal,
        markets: MarketService,
        visuals: MarketVisuals,
        error: AppError | None = None,
    ) -> Template:
        market = await markets.managed(me, market_id, MANAGERS)
        return render(
            request,
            "markets/visuals.html",
            me,
            error.status_code if error else 200,
            market=market,
            visuals=await visuals.of_market(me, market.id),
            visual_roles=list(VisualRole),
            max_mb=MAX_VISUAL_BYTES // (1024 * 1024),
            error=translated(error) if error else "",
            **helpers(),
        )
