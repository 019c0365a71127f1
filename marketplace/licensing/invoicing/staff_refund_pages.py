"""The back office's licence refunds: `/staff/licences/remboursements` lists the licence
invoices a bank transfer paid that still have something to credit, each with a form to record
money sent back (the same service as the API: an amount up to what is left, a reference). The
credit note is issued at once; the whole invoice refunded takes the licence back. A refused
form comes back with its status and the reason, what was typed kept."""

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
from marketplace.licensing.invoicing.credit_notes import CreditNoteIssuer

REFUNDS = "/staff/licences/remboursements"


class StaffRefundPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_staff]
    exception_handlers = page_errors(
        not_found="licensing/not_found.html", forbidden="licensing/staff_only.html"
    )
    dependencies = {"me": Provide(provide_page_user), "notes": provide_service(CreditNoteIssuer)}

    @get(REFUNDS)
    async def refundable(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal],
        notes: NamedDependency[CreditNoteIssuer],
    ) -> Template:  # fmt: skip
        issued = str(request.query_params.get("avoir", ""))[:30] or None
        return await self._page(request, me, notes, issued=issued)

    async def _page(
        self, request: Request[Any, Any, Any], me: Principal, notes: CreditNoteIssuer,
        status_code: int = 200, issued: str | None = None, **refused: Any,
    ) -> Template:  # fmt: skip
        response = render(
            request, "licensing/staff_refunds.html", me, status_code,
            invoices=await notes.refundable(me), issued=issued, **refused,
        )  # fmt: skip
        response.headers["cache-control"] = "no-store"
        return response

    @post(REFUNDS + "/{deal_id:uuid}")
    async def record(
        self, request: Request[Any, Any, Any], deal_id: FromPath[UUID],
        me: NamedDependency[Principal], notes: NamedDependency[CreditNoteIssuer],
    ) -> Template | Redirect:  # fmt: skip
        form = await request.form()
        typed = {"amount": str(form.get("amount", ""))[:20], "reference": ""}
        try:
            amount = euros_to_cents(form.get("amount"))
            typed["reference"] = reference = str(form.get("reference", ""))[:121]
            note = await notes.record_refund(me, deal_id, amount, reference)
        except (InvalidInput, Conflict, NotFound) as error:
            message = fill(gettext(error.error.message), error.params)
            return await self._page(
                request, me, notes, error.status_code,
                error=message, refused_deal=deal_id, typed=typed,
            )  # fmt: skip
        return Redirect(f"{REFUNDS}?avoir={note['number']}", status_code=303)
