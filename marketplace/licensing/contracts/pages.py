"""The deal page's paperwork for people in a browser: the contract and the invoice as PDFs (by
the session cookie), and the form by which each side accepts the contract. A refused form
comes back as the deal page with its status and the reason."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from infra.errors import Conflict, InvalidInput, fill
from infra.http.dependencies import provide_service
from infra.http.request_context import client_ip_var
from infra.i18n.context import gettext
from marketplace.licensing.contracts import signing
from marketplace.licensing.contracts.service import ContractService, Signing
from marketplace.licensing.deals.domain import Side
from marketplace.licensing.deals.pages import render_deal_page
from marketplace.licensing.deliverables.controllers import delivered
from marketplace.licensing.deliverables.service import DeliverableService
from marketplace.licensing.invoicing.service import InvoiceIssuer

DEAL_PAGE = "/licences/{deal_id:uuid}"


def _pdf(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content=content,
        media_type="application/pdf",
        headers={
            "content-disposition": f'inline; filename="{filename}"',
            "cache-control": "private, no-store",
        },
    )


class DeliveryPages(Controller):
    """The partner's deliverables from the deal page: a new counted, expiring link for an
    item, followed at once; the link itself serves the file (404 for anyone else, 410 once
    expired or used up)."""

    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(
        not_found="licensing/not_found.html", forbidden="licensing/not_found.html"
    )
    dependencies = {
        "me": Provide(provide_page_user),
        "deliverables": provide_service(DeliverableService),
    }

    @post(DEAL_PAGE + "/livrables/{deliverable_id:uuid}/lien", opt={AFTER_LOGIN: "/licences"})
    async def new_link(
        self, request: Request[Any, Any, Any], deal_id: FromPath[UUID],
        deliverable_id: FromPath[UUID], me: NamedDependency[Principal],
        deliverables: NamedDependency[DeliverableService],
    ) -> Template | Redirect:  # fmt: skip
        try:
            link = await deliverables.link(me, deal_id, deliverable_id)
        except Conflict as error:
            message = fill(gettext(error.error.message), error.params)
            return await render_deal_page(request, me, deal_id, error.status_code, message)
        return Redirect(f"/licences/livraisons/{link.id}", status_code=303)

    @get("/licences/livraisons/{link_id:uuid}", media_type="application/octet-stream")
    async def download(
        self, link_id: FromPath[UUID], me: NamedDependency[Principal],
        deliverables: NamedDependency[DeliverableService],
    ) -> Response[Any]:  # fmt: skip
        item, chunks = await deliverables.download(me, link_id)
        return delivered(item, chunks)


class PaperworkPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(
        not_found="licensing/not_found.html", forbidden="licensing/not_found.html"
    )
    dependencies = {
        "me": Provide(provide_page_user),
        "contracts": provide_service(ContractService),
        "invoices": provide_service(InvoiceIssuer),
    }

    @get(DEAL_PAGE + "/contrat.pdf", media_type="application/pdf")
    async def contract_pdf(
        self, deal_id: FromPath[UUID], me: NamedDependency[Principal],
        contracts: NamedDependency[ContractService],
    ) -> Response[bytes]:  # fmt: skip
        contract, pdf = await contracts.pdf(me, deal_id)
        return _pdf(pdf, f"contrat-{str(contract.deal_id)[-8:]}.pdf")

    @get(DEAL_PAGE + "/facture.pdf", media_type="application/pdf")
    async def invoice_pdf(
        self, deal_id: FromPath[UUID], me: NamedDependency[Principal],
        invoices: NamedDependency[InvoiceIssuer],
    ) -> Response[bytes]:  # fmt: skip
        row, pdf = await invoices.pdf(me, deal_id)
        return _pdf(pdf, f"{row['number']}.pdf")

    @post(DEAL_PAGE + "/contrat/acceptation", opt={AFTER_LOGIN: "/licences"})
    async def accept(
        self, request: Request[Any, Any, Any], deal_id: FromPath[UUID],
        me: NamedDependency[Principal], contracts: NamedDependency[ContractService],
    ) -> Template | Redirect:  # fmt: skip
        form = await request.form()
        _, side, _ = await contracts.of_deal(me, deal_id)
        try:
            if side is Side.PARTNER:
                billing = signing.BillingIn(
                    country=str(form.get("country", ""))[:2],
                    vat_number=str(form.get("vat_number", ""))[:30],
                    address=[str(form.get("address", ""))[:200]],
                )
                details = signing.billing(billing)
            else:
                details = signing.invoicer(signing.InvoicerIn())
            sha = str(form.get("sha256", "")).strip().lower()
            name = str(form.get("name", ""))[:201]
            await contracts.accept(
                me, deal_id, Signing(name, sha, client_ip_var.get() or "", details)
            )
        except (InvalidInput, Conflict) as error:
            message = fill(gettext(error.error.message), error.params)
            return await render_deal_page(request, me, deal_id, error.status_code, message)
        return Redirect(f"/licences/{deal_id}", status_code=303)
