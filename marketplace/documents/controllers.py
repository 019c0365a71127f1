"""The receipt as a PDF, for its buyer (and staff): the API route for API clients (bearer
token), and the same document at a page address for people in a browser (session cookie), which
the order page and the receipt mail link to."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec
from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from accounts.auth import PAGE_ROUTES, provide_page_user, provide_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_user
from infra.http.dependencies import provide_service
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.documents.domain import IssuedDocument
from marketplace.documents.service import ReceiptIssuer


class DocumentOut(msgspec.Struct, frozen=True):
    number: str
    kind: str  # receipt | credit_note
    issued_at: datetime
    net_cents: int
    vat_cents: int
    gross_cents: int
    url: str

    @classmethod
    def of(cls, document: IssuedDocument) -> DocumentOut:
        return cls(
            number=document.number,
            kind=document.kind.value,
            issued_at=document.issued_at,
            net_cents=document.net_cents,
            vat_cents=document.vat_cents,
            gross_cents=document.gross_cents,
            url=f"/api/orders/{document.order_id}/documents/{document.number}",
        )


async def _pdf(receipts: ReceiptIssuer, me: Principal, order_id: UUID) -> Response[bytes]:
    return _response(*await receipts.receipt_of(me, order_id))


def _response(document: IssuedDocument, pdf: bytes) -> Response[bytes]:
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={
            "content-disposition": f'inline; filename="{document.filename}"',
            "cache-control": "private, no-store",
        },
    )


class ReceiptController(Controller):
    path = "/api/orders"
    tags = ["marketplace"]
    guards = [requires_user]
    dependencies = {"me": Provide(provide_user), "receipts": provide_service(ReceiptIssuer)}

    @get("/{order_id:uuid}/receipt.pdf", media_type="application/pdf")
    async def receipt(
        self,
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        receipts: NamedDependency[ReceiptIssuer],
    ) -> Response[bytes]:
        """The order's receipt (PDF): the buyer's and staff's only; 404 until it is issued,
        a few moments after the payment."""
        return await _pdf(receipts, me, order_id)

    @get("/{order_id:uuid}/documents")
    async def documents(
        self,
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        receipts: NamedDependency[ReceiptIssuer],
    ) -> list[DocumentOut]:
        """The order's documents (its receipt, then a credit note per refund): the buyer's and
        staff's only."""
        return [DocumentOut.of(document) for document in await receipts.documents_of(me, order_id)]

    @get("/{order_id:uuid}/documents/{document_number:str}", media_type="application/pdf")
    async def document(
        self,
        order_id: FromPath[UUID],
        document_number: FromPath[str],
        me: NamedDependency[Principal],
        receipts: NamedDependency[ReceiptIssuer],
    ) -> Response[bytes]:
        """One of the order's documents (PDF), by its number."""
        return _response(*await receipts.document_of(me, order_id, document_number))


class ReceiptPages(Controller):
    """The same PDF for a signed-in browser: the login page for visitors, 404 for others."""

    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "receipts": provide_service(ReceiptIssuer),
    }

    @get("/commande/{order_id:uuid}/recu.pdf", media_type="application/pdf")
    async def receipt(
        self,
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        receipts: NamedDependency[ReceiptIssuer],
    ) -> Response[bytes]:
        return await _pdf(receipts, me, order_id)
