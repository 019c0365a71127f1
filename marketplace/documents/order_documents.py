"""The orders back office's `OrderDocuments` port: an order's receipt and credit notes."""

from __future__ import annotations

from uuid import UUID

from accounts.domain import Principal
from infra.errors import NotFound
from marketplace.documents.service import ReceiptIssuer
from marketplace.orders.staff_orders import OrderDocument


class IssuedOrderDocuments:
    def __init__(self, issuer: ReceiptIssuer) -> None:
        self._issuer = issuer

    async def documents_of(self, who: Principal, order_id: UUID) -> list[OrderDocument]:
        try:
            issued = await self._issuer.documents_of(who, order_id)
        except NotFound:  # none issued yet (unpaid, or the worker has not run)
            return []
        return [
            OrderDocument(
                number=document.number,
                kind=document.kind.value,
                issued_at=document.issued_at,
                gross_cents=document.gross_cents,
            )
            for document in issued
        ]

    async def pdf(self, who: Principal, order_id: UUID, number: str) -> tuple[str, bytes]:
        document, body = await self._issuer.document_of(who, order_id, number)
        return document.filename, body
