"""Credit notes over HTTP: staff record a transfer-paid licence's refund; both sides of the
deal list its credit notes and download each (API, and the deal page's links by the session
cookie). Anyone else: 404, as for the invoice."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from accounts.auth import PAGE_ROUTES, provide_page_user, provide_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_staff, requires_user
from infra.http.dependencies import provide_service
from marketplace.licensing.contracts.controllers import Cents, pdf_response
from marketplace.licensing.invoicing.credit_notes import CreditNoteIssuer

DEAL = "/{deal_id:uuid}"


class RefundIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    amount_cents: Cents
    reference: str


class CreditNoteOut(msgspec.Struct):
    id: UUID
    number: str
    invoice_id: UUID
    issued_at: datetime
    net_cents: int
    vat_cents: int
    gross_cents: int
    url: str


def note_out(found: dict[str, object]) -> CreditNoteOut:
    return CreditNoteOut(
        id=found["id"],  # type: ignore[arg-type]
        number=str(found["number"]),
        invoice_id=found["invoice_id"],  # type: ignore[arg-type]
        issued_at=found["issued_at"],  # type: ignore[arg-type]
        net_cents=int(found["net_cents"]),  # type: ignore[call-overload]
        vat_cents=int(found["vat_cents"]),  # type: ignore[call-overload]
        gross_cents=int(found["gross_cents"]),  # type: ignore[call-overload]
        url=f"/api/licensing/deals/{found['deal_id']}/credit-notes/{found['number']}.pdf",
    )


async def _note_pdf(
    notes: CreditNoteIssuer, me: Principal, deal_id: UUID, credit_note_number: str
) -> Response[bytes]:
    number = credit_note_number.removesuffix(".pdf")
    return pdf_response(await notes.pdf(me, deal_id, number), f"{number}.pdf")


class StaffRefundController(Controller):
    path = "/api/staff/licensing/deals"
    tags = ["licensing"]
    guards = [requires_staff]
    dependencies = {"notes": provide_service(CreditNoteIssuer), "me": Provide(provide_user)}

    @post(DEAL + "/refund", status_code=HTTP_201_CREATED)
    async def refund(
        self,
        deal_id: FromPath[UUID],
        data: JSONBody[RefundIn],
        me: NamedDependency[Principal],
        notes: NamedDependency[CreditNoteIssuer],
    ) -> CreditNoteOut:
        """Staff record money sent back for a licence paid by bank transfer (all or part of
        its invoice): a credit note; the whole invoice takes the licence back."""
        return note_out(await notes.record_refund(me, deal_id, data.amount_cents, data.reference))


class CreditNoteController(Controller):
    path = "/api/licensing/deals"
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {"notes": provide_service(CreditNoteIssuer), "me": Provide(provide_user)}

    @get(DEAL + "/credit-notes")
    async def credit_notes(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        notes: NamedDependency[CreditNoteIssuer],
    ) -> list[CreditNoteOut]:
        """The deal's credit notes (refunds), oldest first: both sides and staff."""
        return [note_out(found) for found in await notes.of_deal(me, deal_id)]

    @get(DEAL + "/credit-notes/{credit_note_number:str}", media_type="application/pdf")
    async def credit_note_pdf(
        self,
        deal_id: FromPath[UUID],
        credit_note_number: FromPath[str],
        me: NamedDependency[Principal],
        notes: NamedDependency[CreditNoteIssuer],
    ) -> Response[bytes]:
        """One credit note's Factur-X PDF (`<number>.pdf`): both sides and staff."""
        return await _note_pdf(notes, me, deal_id, credit_note_number)


class CreditNotePages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(
        not_found="licensing/not_found.html", forbidden="licensing/not_found.html"
    )
    dependencies = {"notes": provide_service(CreditNoteIssuer), "me": Provide(provide_page_user)}

    @get("/licences/{deal_id:uuid}/avoirs/{credit_note_number:str}", media_type="application/pdf")
    async def credit_note_pdf(
        self,
        deal_id: FromPath[UUID],
        credit_note_number: FromPath[str],
        me: NamedDependency[Principal],
        notes: NamedDependency[CreditNoteIssuer],
    ) -> Response[bytes]:
        """One credit note's Factur-X PDF (`<number>.pdf`), for either side of the deal."""
        return await _note_pdf(notes, me, deal_id, credit_note_number)
