"""Issuing receipts: the consumer of `order.paid`, and what the download route reads.

A receipt's number, its PDF and its row are made in one transaction (`handle_once`'s): a
failure anywhere rolls the counter back with the row, so the series keeps no gap, and a
redelivered event issues nothing twice. The PDF is rendered inside that transaction because it
prints the number; its object is stored under a key derived from the number, so a retry after a
rollback overwrites what the failed try left.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID
from zoneinfo import ZoneInfo

from accounts.domain import Principal
from infra.errors import NotFound
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.ids import new_id
from marketplace.documents import numbering, repository
from marketplace.documents.domain import (
    DocumentKind,
    IssuedDocument,
    Receipt,
    ReceiptLine,
    document_number,
    receipt_share,
    refunded_lines,
)
from marketplace.documents.errors import DocumentError
from marketplace.documents.parties import Buyer
from marketplace.documents.rendering import DOCUMENT_TIME_ZONE, ReceiptRenderer
from marketplace.documents.settings import DocumentSettings
from marketplace.orders.domain import Order, OrderLine
from marketplace.orders.events import ORDER_PAID, ORDER_REFUNDED
from media.storage.port import ObjectStorage

CONSUMER = "documents.receipt"
CREDIT_NOTE_CONSUMER = "documents.credit_note"
# The payment gateway name of the embedded default's test payments.
TEST_GATEWAY = "test"


class ReceiptNotIssuedYet(Exception):
    """A refund arrived before the receipt it corrects was issued: retried shortly."""


class Parties(Protocol):
    async def buyer(self, user_id: UUID) -> Buyer: ...

    async def creators(self, work_ids: Iterable[UUID]) -> dict[UUID, str]: ...

    async def sellers(self, user_ids: Iterable[UUID]) -> dict[UUID, str]: ...


class PaidOrders(Protocol):
    async def get(self, order_id: UUID, *, for_update: bool = False) -> Order | None: ...


class ReceiptIssuer:
    def __init__(
        self,
        settings: DocumentSettings,
        orders: PaidOrders,
        parties: Parties,
        storage: ObjectStorage,
        renderer: ReceiptRenderer,
        to_pdf: Callable[[str], bytes],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._settings = settings
        self._orders = orders
        self._parties = parties
        self._storage = storage
        self._renderer = renderer
        self._to_pdf = to_pdf
        self._clock = clock

    async def on_order_paid(self, event: EventEnvelope) -> bool:
        """Issue the order's receipt once; True when it was issued now."""
        order_id = ORDER_PAID.decode(event).order_id
        # Read before the write transaction (SQLite holds its one write lock meanwhile).
        draft = await self._draft(order_id)
        if draft is None:
            return False

        async def issue(_: EventEnvelope) -> None:
            await self.issue(*draft)

        return await handle_once(CONSUMER, event, issue)

    async def issue(self, order: Order, buyer: Buyer, creators: dict[UUID, str]) -> IssuedDocument:
        """Allocate the number, render and store the PDF, write the row: call it inside the
        write transaction, whose rollback takes the number back."""
        existing = await repository.of_order(order.id, DocumentKind.RECEIPT)
        if existing is not None:
            return existing

        def receipt(number: str, issued_at: datetime) -> Receipt:
            return _receipt(order, buyer, creators, number, issued_at)

        return await self._issue(DocumentKind.RECEIPT, order, receipt)

    async def on_order_refunded(self, event: EventEnvelope) -> bool:
        """Issue a credit note for each refund, once; it corrects the order's receipt."""
        refunded = ORDER_REFUNDED.decode(event)
        draft = await self._draft(refunded.order_id)
        if draft is None:
            return False
        receipt = await repository.of_order(refunded.order_id, DocumentKind.RECEIPT)
        if receipt is None:
            # Both consumers run at once: the receipt comes first, this try is retried.
            raise ReceiptNotIssuedYet(str(refunded.order_id))

        # A mixed cart: the licences' credit notes credit their lines first (licensing's
        # consumers); this note credits only what falls on the receipt's lines.
        order = await self._orders.get(refunded.order_id)
        assert order is not None
        invoiced = sum(line.gross_cents for line in order.lines if _invoiced(line))
        share = receipt_share(invoiced, refunded.total_refunded_cents, refunded.amount_cents)

        async def issue(_: EventEnvelope) -> None:
            if share > 0:
                await self.issue_credit_note(*draft, receipt.number, share)

        return await handle_once(CREDIT_NOTE_CONSUMER, event, issue)

    async def issue_credit_note(
        self,
        order: Order,
        buyer: Buyer,
        creators: dict[UUID, str],
        receipt_number: str,
        refund_cents: int,
    ) -> IssuedDocument:
        """The refund as a credit note: its own number in the same series (inside the write
        transaction, like a receipt)."""

        def credit_note(number: str, issued_at: datetime) -> Receipt:
            receipt = _receipt(order, buyer, creators, number, issued_at)
            lines = refunded_lines(receipt.lines, refund_cents)
            return replace(receipt, lines=lines, credits=receipt_number)

        return await self._issue(DocumentKind.CREDIT_NOTE, order, credit_note)

    async def _issue(
        self, kind: DocumentKind, order: Order, content: Callable[[str, datetime], Receipt]
    ) -> IssuedDocument:
        issued_at = self._clock()
        prefix = self._settings.number_prefix
        year = issued_at.astimezone(ZoneInfo(DOCUMENT_TIME_ZONE)).year
        number = document_number(prefix, year, await numbering.next_sequence(prefix, year))
        receipt = content(number, issued_at)
        html = self._renderer.html(receipt, self._settings.seller)
        pdf = await asyncio.to_thread(self._to_pdf, html)
        key = f"documents/{prefix.lower()}/{year}/{number}.pdf"
        stored = await asyncio.to_thread(self._storage.put, key, [pdf], "application/pdf")
        document = IssuedDocument(
            id=new_id(),
            number=number,
            issuer=prefix,
            kind=kind,
            order_id=order.id,
            buyer_id=order.buyer_id,
            issued_at=issued_at,
            language=receipt.language,
            net_cents=receipt.net_cents,
            vat_cents=receipt.vat_cents,
            gross_cents=receipt.gross_cents,
            storage_key=stored.key,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
        )
        await repository.add(document)
        return document

    async def _draft(self, order_id: UUID) -> tuple[Order, Buyer, dict[UUID, str]] | None:
        order = await self._orders.get(order_id)
        if order is None or order.paid_at is None:
            return None
        # Lines an invoice covers (licence deals, billed sync licences: they carry the invoice's
        # VAT category, the sync ones before their invoice has a number) get no second document.
        order = replace(order, lines=tuple(line for line in order.lines if not _invoiced(line)))
        if not order.lines:
            return None
        buyer = await self._parties.buyer(order.buyer_id)
        creators = await self._parties.creators(order.work_ids)
        sellers = await self._parties.sellers(line.seller_id for line in order.lines)
        # A line names its first work's creator profile, else the seller who sold it.
        by_line = {
            line.id: creators.get(line.work_ids[0], "") if line.work_ids else ""
            for line in order.lines
        }
        for line in order.lines:
            by_line[line.id] = by_line[line.id] or sellers.get(line.seller_id, "")
        return order, buyer, by_line

    async def receipt_of(self, who: Principal, order_id: UUID) -> tuple[IssuedDocument, bytes]:
        """The order's receipt for its buyer (or staff): 404 for anyone else, and until issued."""
        document = await repository.of_order(order_id, DocumentKind.RECEIPT)
        return await self._readable(who, document)

    async def documents_of(self, who: Principal, order_id: UUID) -> list[IssuedDocument]:
        """The order's receipt and credit notes, in number order: its buyer's and staff's."""
        documents = await repository.all_of_order(order_id)
        if not documents or not (who.is_staff or documents[0].buyer_id == who.user_id):
            raise NotFound(DocumentError.DOCUMENTS_NOT_FOUND)
        return documents

    async def document_of(
        self, who: Principal, order_id: UUID, number: str
    ) -> tuple[IssuedDocument, bytes]:
        document = await repository.by_number(number)
        if document is not None and document.order_id != order_id:
            document = None
        return await self._readable(who, document)

    async def _readable(
        self, who: Principal, document: IssuedDocument | None
    ) -> tuple[IssuedDocument, bytes]:
        if document is None or not (who.is_staff or document.buyer_id == who.user_id):
            raise NotFound(DocumentError.RECEIPT_NOT_FOUND)
        key = document.storage_key
        pdf = await asyncio.to_thread(lambda: b"".join(self._storage.read_range(key)))
        return document, pdf


def _receipt(
    order: Order, buyer: Buyer, creators: dict[UUID, str], number: str, issued_at: datetime
) -> Receipt:
    assert order.paid_at is not None
    return Receipt(
        number=number,
        order_id=order.id,
        issued_at=issued_at,
        paid_at=order.paid_at,
        buyer_name=buyer.name,
        buyer_country=order.buyer_country,
        language=buyer.language,
        test_payment=order.gateway == TEST_GATEWAY,
        lines=tuple(
            ReceiptLine(
                title=line.title,
                creator=creators.get(line.id, ""),
                quantity=line.quantity,
                net_cents=line.net_cents,
                vat_rate_bp=line.vat_rate_bp,
                vat_cents=line.vat_cents,
                gross_cents=line.gross_cents,
            )
            for line in order.lines
        ),
    )


def _invoiced(line: OrderLine) -> bool:
    """An invoice covers the line (a licence deal's, or a billed sync licence's before its
    invoice has a number): it carries the invoice's VAT category."""
    return bool(line.invoice_number or line.vat_category)
