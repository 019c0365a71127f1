"""The receipt as a PDF, for its buyer (and staff)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from marketplace.documents.service import ReceiptIssuer


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
        document, pdf = await receipts.receipt_of(me, order_id)
        return Response(
            content=pdf,
            media_type="application/pdf",
            headers={
                "content-disposition": f'inline; filename="{document.filename}"',
                "cache-control": "private, no-store",
            },
        )
