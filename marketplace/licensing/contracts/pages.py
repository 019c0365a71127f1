"""The deal page's paperwork for people in a browser: the contract and the invoice as PDFs (by
the session cookie), the form by which each side accepts the contract (the rights side
choosing who invoices), and the deliverables' files uploaded and downloaded. A refused form
comes back as the deal page with its status and the reason."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from infra.errors import Conflict, Forbidden, InvalidInput, fill
from infra.http.dependencies import provide_service
from infra.http.request_context import client_ip_var
from infra.i18n.context import gettext
from marketplace.licensing.contracts import signing
from marketplace.licensing.contracts.service import ContractService, Signing
from marketplace.licensing.deals.domain import Side
from marketplace.licensing.deals.pages import render_deal_page
from marketplace.licensing.deliverables.controllers import delivered
from marketplace.licensing.deliverables.domain import MAX_FILE_BYTES
from marketplace.licensing.deliverables.service import DeliverableService
from marketplace.licensing.invoicing.domain import IssuedBy
from marketplace.licensing.invoicing.service import InvoiceIssuer
from marketplace.licensing.invoicing.vat_rules import SellerStatus

DEAL_PAGE = "/licences/{deal_id:uuid}"
SELLER_STATUSES = {status.value for status in SellerStatus}


def invoicer_from_form(form: Any) -> signing.InvoicerIn:
    """The rights side's choice of who invoices, as the deal page's form sends it (the same
    checks as the API's `invoicer` follow: `signing.invoicer`)."""
    by = IssuedBy.HOLDER if form.get("invoicer") == IssuedBy.HOLDER.value else IssuedBy.LAKOU
    status = form.get("vat_status")
    address = str(form.get("seller_address", ""))[:700].splitlines()
    return signing.InvoicerIn(
        by=by,
        legal_name=str(form.get("legal_name", ""))[:200],
        address=address[:3],
        country=str(form.get("seller_country", ""))[:2],
        vat_status=SellerStatus(status) if status in SELLER_STATUSES else SellerStatus.REGISTERED,
        vat_number=str(form.get("seller_vat_number", ""))[:30],
        siret=str(form.get("siret", ""))[:20],
    )


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

    @post(
        DEAL_PAGE + "/livrables/{deliverable_id:uuid}/fichier",
        opt={AFTER_LOGIN: "/licences"},
        request_max_body_size=MAX_FILE_BYTES + 64 * 1024,  # the form's own fields besides
    )
    async def upload(
        self, request: Request[Any, Any, Any], deal_id: FromPath[UUID],
        deliverable_id: FromPath[UUID], me: NamedDependency[Principal],
        deliverables: NamedDependency[DeliverableService],
    ) -> Template | Redirect:  # fmt: skip
        """The rights side uploads an item's file from the deal page (one form per item)."""
        form = await request.form()
        sent = form.get("file")
        data = await sent.read() if isinstance(sent, UploadFile) else b""
        content_type = (
            sent.content_type if isinstance(sent, UploadFile) else ""
        ) or "application/octet-stream"
        try:
            await deliverables.upload(me, deal_id, deliverable_id, data, content_type[:100])
        except (InvalidInput, Conflict) as error:
            message = fill(gettext(error.error.message), error.params)
            return await render_deal_page(request, me, deal_id, error.status_code, message)
        return Redirect(f"/licences/{deal_id}#deal-deliverables", status_code=303)

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
        deal, side, _ = await contracts.of_deal(me, deal_id)
        holder = await contracts.holding_organisation(deal)
        try:
            if side is Side.PARTNER:
                billing = signing.BillingIn(
                    country=str(form.get("country", ""))[:2],
                    vat_number=str(form.get("vat_number", ""))[:30],
                    address=[str(form.get("address", ""))[:200]],
                )
                details = signing.billing(billing)
            else:
                details = signing.invoicer(invoicer_from_form(form), holder)
            sha = str(form.get("sha256", "")).strip().lower()
            name = str(form.get("name", ""))[:201]
            await contracts.accept(
                me, deal_id, Signing(name, sha, client_ip_var.get() or "", details)
            )
        except (InvalidInput, Conflict, Forbidden) as error:
            message = fill(gettext(error.error.message), error.params)
            filled = {key: str(form.get(key, ""))[:700] for key in form}
            return await render_deal_page(
                request, me, deal_id, error.status_code, message, filled=filled
            )
        return Redirect(f"/licences/{deal_id}", status_code=303)
