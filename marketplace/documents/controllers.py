"""The receipt as a PDF, for its buyer (and staff): the API route for API clients (bearer
token), and the same document at a page address for people in a browser (session cookie), which
the order page and the receipt mail link to."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from accounts.auth import PAGE_ROUTES, provide_page_user, provide_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_user
from infra.http.dependencies import provide_service
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.documents.service import ReceiptIssuer


async def _pdf(receipts: ReceiptIssuer, me: Principal, order_id: UUID) -> Response[bytes]:
    document, pdf = await receipts.receipt_of(me, order_id)
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
