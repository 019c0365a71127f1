"""Screener pages: "Mes screeners" (the viewer's list), a screener's page with its player and
overlay, and for the rights holder the screeners they sent and each one's viewing report."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from infra.http.dependencies import provide_service
from infra.http.pages import render
from marketplace.screeners.reports import ScreenerReports
from marketplace.screeners.service import ScreenerService
from marketplace.screeners.viewing import ViewingService

NOT_FOUND_PAGE = "screeners/not_found.html"
REPORT_PAGE = "/screeners/envoyes/{screener_id}/rapport"


class ScreenerPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "screeners": provide_service(ScreenerService),
        "viewings": provide_service(ViewingService),
        "reports": provide_service(ScreenerReports),
    }

    @get("/screeners")
    async def mine(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        viewings: NamedDependency[ViewingService],
    ) -> Template:
        return render(request, "screeners/mine.html", me, invited=await viewings.invited(me))

    @get("/screeners/{invitation_id:uuid}")
    async def screener(
        self,
        request: Request[Any, Any, Any],
        invitation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        viewings: NamedDependency[ViewingService],
    ) -> Template:
        invitation, screener = await viewings.invitation_for(me, invitation_id)
        return render(
            request,
            "screeners/screener.html",
            me,
            invitation=invitation,
            screener=screener,
            views_used=await viewings.views_used(invitation.id),
        )

    @get("/screeners/envoyes")
    async def made(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
    ) -> Template:
        return render(request, "screeners/made.html", me, screeners=await screeners.made(me))

    @get("/screeners/envoyes/{screener_id:uuid}/rapport")
    async def report(
        self,
        request: Request[Any, Any, Any],
        screener_id: FromPath[UUID],
        me: NamedDependency[Principal],
        reports: NamedDependency[ScreenerReports],
    ) -> Template:
        screener, rows = await reports.report(me, screener_id)
        return render(request, "screeners/report.html", me, screener=screener, rows=rows)

    @post(
        "/screeners/envoyes/{screener_id:uuid}/suivi/{invitation_id:uuid}",
        opt={AFTER_LOGIN: REPORT_PAGE},
    )
    async def follow(
        self,
        request: Request[Any, Any, Any],
        screener_id: FromPath[UUID],
        invitation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
    ) -> Redirect:
        """Be told (or no longer) when this person opens the screener; back to the report."""
        form = await request.form()
        await screeners.set_alert(me, screener_id, invitation_id, form.get("alert") == "1")
        return Redirect(REPORT_PAGE.format(screener_id=screener_id), status_code=303)

    @post(
        "/screeners/envoyes/{screener_id:uuid}/retrait/{invitation_id:uuid}",
        opt={AFTER_LOGIN: REPORT_PAGE},
    )
    async def revoke(
        self,
        screener_id: FromPath[UUID],
        invitation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
    ) -> Redirect:
        """Withdraw this person's invitation (their links stop at once); back to the report."""
        await screeners.revoke(me, screener_id, invitation_id)
        return Redirect(REPORT_PAGE.format(screener_id=screener_id), status_code=303)
