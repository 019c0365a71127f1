"""A billed sync licence's invoice and credit notes over HTTP: its buyer, the work's owner and
staff read them (API, and the licence page's links by the session cookie); anyone else gets
404, as for the licence."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from accounts.auth import PAGE_ROUTES, provide_page_user, provide_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_user
from infra.http.dependencies import provide_service
from marketplace.licensing.contracts.controllers import pdf_response
from marketplace.licensing.invoicing.credit_note_controllers import CreditNoteOut, note_out
from marketplace.licensing.invoicing.vat_rules import RULES
from marketplace.licensing.sync.invoicing import SyncInvoicing

API = "/api/licensing/sync/licences/{licence_id:uuid}"
PAGE = "/licences/synchro/{licence_id:uuid}"


class SyncInvoiceOut(msgspec.Struct):
    number: str
    net_cents: int
    vat_cents: int
    gross_cents: int
    vat_rate_bp: int
    vat_rule: str
    vat_category: str  # EN 16931: S, AE, G, O
    buyer_vat_number: str
    vies: str
    paid_via: str
    url: str
    credit_notes: list[CreditNoteOut]


def invoice_out(invoice: dict[str, Any]) -> SyncInvoiceOut:
    base = f"/api/licensing/sync/licences/{invoice['deal_id']}"
    return SyncInvoiceOut(
        number=invoice["number"],
        net_cents=int(invoice["net_cents"]),
        vat_cents=int(invoice["vat_cents"]),
        gross_cents=int(invoice["gross_cents"]),
        vat_rate_bp=int(invoice["vat_rate_bp"]),
        vat_rule=invoice["vat_rule"],
        vat_category=RULES[invoice["vat_rule"]].category.value,
        buyer_vat_number=invoice["buyer_vat_number"],
        vies=invoice["vies"],
        paid_via=invoice["paid_via"],
        url=f"{base}/invoice.pdf",
        credit_notes=[
            # The deals' shape, its link to this licence's copy.
            msgspec.structs.replace(note_out(note), url=f"{base}/credit-notes/{note['number']}.pdf")
            for note in invoice["credit_notes"]
        ],
    )


async def _invoice_pdf(billing: SyncInvoicing, me: Principal, licence_id: UUID) -> Response[bytes]:
    number, pdf = await billing.invoice_pdf(me, licence_id)
    return pdf_response(pdf, f"{number}.pdf")


async def _note_pdf(
    billing: SyncInvoicing, me: Principal, licence_id: UUID, sync_credit_note_number: str
) -> Response[bytes]:
    number = sync_credit_note_number.removesuffix(".pdf")
    return pdf_response(await billing.credit_note_pdf(me, licence_id, number), f"{number}.pdf")


class SyncInvoiceController(Controller):
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {"billing": provide_service(SyncInvoicing), "me": Provide(provide_user)}

    @get(API + "/invoice")
    async def invoice(
        self, licence_id: FromPath[UUID], me: NamedDependency[Principal],
        billing: NamedDependency[SyncInvoicing],
    ) -> SyncInvoiceOut:  # fmt: skip
        """A paid sync licence's invoice (VAT by the licence invoices' rule table) and its
        credit notes; 404 `invoice_not_ready` before payment or for a licence bought before
        invoices."""
        return invoice_out(await billing.invoice(me, licence_id))

    @get(API + "/invoice.pdf", media_type="application/pdf")
    async def invoice_pdf(
        self, licence_id: FromPath[UUID], me: NamedDependency[Principal],
        billing: NamedDependency[SyncInvoicing],
    ) -> Response[bytes]:  # fmt: skip
        """The invoice as a Factur-X PDF."""
        return await _invoice_pdf(billing, me, licence_id)

    @get(API + "/credit-notes/{sync_credit_note_number:str}", media_type="application/pdf")
    async def credit_note_pdf(
        self, licence_id: FromPath[UUID], sync_credit_note_number: FromPath[str],
        me: NamedDependency[Principal], billing: NamedDependency[SyncInvoicing],
    ) -> Response[bytes]:  # fmt: skip
        """One credit note's Factur-X PDF (`<number>.pdf`)."""
        return await _note_pdf(billing, me, licence_id, sync_credit_note_number)


class SyncInvoicePages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(
        not_found="licensing/not_found.html", forbidden="licensing/not_found.html"
    )
    dependencies = {"billing": provide_service(SyncInvoicing), "me": Provide(provide_page_user)}

    @get(PAGE + "/facture.pdf", media_type="application/pdf")
    async def invoice_pdf(
        self, licence_id: FromPath[UUID], me: NamedDependency[Principal],
        billing: NamedDependency[SyncInvoicing],
    ) -> Response[bytes]:  # fmt: skip
        return await _invoice_pdf(billing, me, licence_id)

    @get(PAGE + "/avoirs/{sync_credit_note_number:str}", media_type="application/pdf")
    async def credit_note_pdf(
        self, licence_id: FromPath[UUID], sync_credit_note_number: FromPath[str],
        me: NamedDependency[Principal], billing: NamedDependency[SyncInvoicing],
    ) -> Response[bytes]:  # fmt: skip
        return await _note_pdf(billing, me, licence_id, sync_credit_note_number)
