"""The back office's bank transfers: `/staff/licences/virements` lists the licence invoices
waiting for their payment, each with a form to record a transfer received (the same service
as the API: the exact amount due, a reference; the deal is licensed and the audit trail keeps
it). A refused form comes back with its status and the reason."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_staff
from infra.errors import Conflict, InvalidInput, NotFound, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext
from marketplace.licensing.deals.pages import euros_to_cents
from marketplace.licensing.invoicing.service import InvoiceIssuer

TRANSFERS = "/staff/licences/virements"


class StaffTransferPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_staff]
    exception_handlers = page_errors(
        not_found="licensing/not_found.html", forbidden="licensing/staff_only.html"
    )
    dependencies = {"me": Provide(provide_page_user), "invoices": provide_service(InvoiceIssuer)}

    @get(TRANSFERS)
    async def awaiting(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal],
        invoices: NamedDependency[InvoiceIssuer],
    ) -> Template:  # fmt: skip
        recorded = str(request.query_params.get("enregistre", ""))[:30] or None
        return await self._page(request, me, invoices, recorded=recorded)

    async def _page(
        self, request: Request[Any, Any, Any], me: Principal, invoices: InvoiceIssuer,
        status_code: int = 200, error: str | None = None, recorded: str | None = None,
    ) -> Template:  # fmt: skip
        response = render(
            request, "licensing/staff_transfers.html", me, status_code,
            invoices=await invoices.awaiting_payment(me), error=error, recorded=recorded,
        )  # fmt: skip
        response.headers["cache-control"] = "no-store"
        return response

    @post(TRANSFERS + "/{deal_id:uuid}")
    async def record(
        self, request: Request[Any, Any, Any], deal_id: FromPath[UUID],
        me: NamedDependency[Principal], invoices: NamedDependency[InvoiceIssuer],
    ) -> Template | Redirect:  # fmt: skip
        form = await request.form()
        try:
            amount = euros_to_cents(form.get("amount"))
            reference = str(form.get("reference", ""))[:141]
            found = await invoices.record_bank_transfer(me, deal_id, amount, reference)
        except (InvalidInput, Conflict, NotFound) as error:
            message = fill(gettext(error.error.message), error.params)
            return await self._page(request, me, invoices, error.status_code, message)
        return Redirect(f"{TRANSFERS}?enregistre={found['number']}", status_code=303)
