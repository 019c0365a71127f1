"""The back office's payouts: `/staff/versements` lists the runs and starts one (through the same
service as the API: a worker sends the transfers), a run's page lists its payouts, and each
holder's statement downloads as CSV with the page's session."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_staff
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.revenue.payout_service import PayoutService
from marketplace.revenue.run_views import PayoutRunViews
from marketplace.revenue.statement_service import StatementService

STAFF_ONLY_PAGE = "revenue/staff_only.html"
RUNS = "/staff/versements"
RUN_STATES = {
    "requested": N_("Demandé"),
    "running": N_("En cours"),
    "completed": N_("Terminé"),
}
PAYOUT_STATES = {
    "pending": N_("En attente"),
    "sent": N_("Envoyé"),
    "failed": N_("Refusé"),
}


def _label(labels: dict[str, str]) -> Any:
    return lambda value: gettext(labels[value]) if value in labels else value


class StaffPayoutPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_staff]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=STAFF_ONLY_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "views": provide_service(PayoutRunViews),
        "payouts": provide_service(PayoutService),
        "statements": provide_service(StatementService),
    }

    @get(RUNS)
    async def runs(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        views: NamedDependency[PayoutRunViews],
    ) -> Template:
        response = render(
            request,
            "revenue/staff_runs.html",
            me,
            runs=await views.runs(me),
            run_state=_label(RUN_STATES),
        )
        response.headers["cache-control"] = "no-store"
        return response

    @post(RUNS)
    async def start(
        self, me: NamedDependency[Principal], payouts: NamedDependency[PayoutService]
    ) -> Redirect:
        """Ask for a run with the usual minimum; its page shows it filling as the worker runs."""
        run = await payouts.request_run(me)
        return Redirect(f"{RUNS}/{run.id}", status_code=303)

    @get(RUNS + "/{run_id:uuid}")
    async def run(
        self,
        request: Request[Any, Any, Any],
        run_id: FromPath[UUID],
        me: NamedDependency[Principal],
        views: NamedDependency[PayoutRunViews],
    ) -> Template:
        totals, payouts = await views.run(me, run_id)
        response = render(
            request,
            "revenue/staff_run.html",
            me,
            totals=totals,
            run=totals.run,
            payouts=payouts,
            run_state=_label(RUN_STATES),
            payout_state=_label(PAYOUT_STATES),
        )
        response.headers["cache-control"] = "no-store"
        return response

    @get(RUNS + "/ayants-droit/{holder_id:uuid}/releve.csv", media_type="text/csv")
    async def statement(
        self,
        holder_id: FromPath[UUID],
        me: NamedDependency[Principal],
        statements: NamedDependency[StatementService],
    ) -> Response[str]:
        """The holder's statement, as the API gives it, for a browser."""
        return Response(
            await statements.statement_csv(me, holder_id),
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="lakou-statement-{holder_id}.csv"',
                "cache-control": "private, no-store",
            },
        )
