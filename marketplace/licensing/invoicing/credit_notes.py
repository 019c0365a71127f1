"""Credit notes against licence invoices: one per refund, Factur-X type 381 referencing the
invoice, numbered in the invoice issuer's gap-free series, under the invoice's own VAT rule.

Two ways in. An order that paid a deal is refunded through the orders' refund path: its
`order.refunded` gets a credit note here (the orders module already reverses the ledger, and a
full refund takes the licence back through the `Sellable`). A deal paid by bank transfer is
refunded by staff recording the transfer back (`record_refund`): the credit note, and for the
whole amount the licence and the library entry taken back, in one transaction whose
`licensing.credit_note_issued` takes the holders' shares back in the ledger.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, InvalidInput, NotFound
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.documents.settings import DocumentSettings
from marketplace.licensing.contracts.errors import PaperworkError
from marketplace.licensing.contracts.parties import ContractParties
from marketplace.licensing.contracts.repository import ContractRepository
from marketplace.licensing.deals.domain import Deal
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.events import CREDIT_NOTE_ISSUED
from marketplace.licensing.invoicing.domain import Invoice
from marketplace.licensing.invoicing.errors import CreditNoteError
from marketplace.licensing.invoicing.issuing import (
    Issuing,
    Paperwork,
    Subject,
    credit_note_issued,
)
from marketplace.licensing.invoicing.paid import (
    BANK_TRANSFER,
    ORDER,
    Library,
    ledger_key,
    library_source,
)
from marketplace.licensing.invoicing.repository import CreditNoteRepository, InvoiceRepository
from marketplace.licensing.invoicing.service import DEAL, deal_line, issuing_parties
from marketplace.orders.events import ORDER_REFUNDED
from marketplace.revenue.ledger_service import LedgerService
from media.storage.port import ObjectStorage

CONSUMER = "licensing.credit_note"


def _subject(deal: Deal) -> Subject:
    return Subject(deal.id, DEAL, deal_line(deal))


class CreditNoteIssuer:
    def __init__(
        self,
        deals: DealService,
        documents: DocumentSettings,
        storage: ObjectStorage,
        unit_of_work: Callable[[], UnitOfWork],
        to_pdf: Callable[[str], bytes],
        library: Library,
        audit: Callable[[], AuditTrail | None],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._deals = deals
        self._documents = documents
        self._storage = storage
        self._uow = unit_of_work
        self._to_pdf = to_pdf
        self._library = library
        self._audit = audit
        self._now = clock
        self._invoices = InvoiceRepository()
        self._notes = CreditNoteRepository()
        self._deal_rows = DealRepository()
        self._contracts = ContractRepository()
        self._parties = ContractParties()
        self._paperwork = Paperwork(storage, to_pdf, clock)

    async def on_order_refunded(self, event: EventEnvelope) -> bool:
        """A refund of an order that paid a licence deal: its credit note, once."""
        refunded = ORDER_REFUNDED.decode(event)
        deal = await self._deal_rows.of_order(refunded.order_id)
        invoice = await self._invoices.of_deal(deal.id) if deal else None
        if deal is None or invoice is None or invoice["paid_via"] != ORDER:
            return False
        issuing, holder = await self._issuing(deal, invoice)

        async def issue(_: EventEnvelope) -> None:
            if await self._notes.exists(refunded.refund_id):
                return
            # An order may hold other lines: the note credits at most what the invoice has left.
            left = invoice["gross_cents"] - await self._notes.credited(invoice["id"])
            amount = min(refunded.amount_cents, left)
            if amount > 0:
                async with self._uow() as uow:
                    note = await self._issue(
                        deal, invoice, issuing, holder, refunded.refund_id, amount
                    )
                    uow.track(credit_note_issued(note, invoice, _subject(deal), amount == left))

        return await handle_once(CONSUMER, event, issue)

    async def record_refund(
        self, staff: Principal, deal_id: UUID, amount_cents: int, reference: str
    ) -> dict[str, Any]:
        """Staff record money sent back for a transfer-paid licence: its credit note; the
        whole invoice refunded takes the licence and the library entry back."""
        reference = reference.strip()
        if not 1 <= len(reference) <= 120:
            raise InvalidInput(PaperworkError.INVALID_REFERENCE)
        deal = await self._deal_rows.get(deal_id)
        invoice = await self._invoices.of_deal(deal_id) if deal else None
        if deal is None or invoice is None:
            raise NotFound(PaperworkError.INVOICE_NOT_READY)
        if invoice["paid_via"] != BANK_TRANSFER:
            raise Conflict(CreditNoteError.NOT_REFUNDABLE)
        issuing, holder = await self._issuing(deal, invoice)
        key = f"transfer:{invoice['id']}:{reference}"
        async with self._uow() as uow:
            if await self._notes.exists(key):
                raise Conflict(CreditNoteError.ALREADY_REFUNDED)
            left = invoice["gross_cents"] - await self._notes.credited(invoice["id"])
            if not 1 <= amount_cents <= left:
                raise InvalidInput(CreditNoteError.REFUND_TOO_LARGE, left=left)
            note = await self._issue(deal, invoice, issuing, holder, key, amount_cents)
            full = amount_cents == left
            if full:
                await self._deals.refunded(deal.id)
                await self._library.revoke(deal.work_id, library_source(deal.id))
            uow.track(credit_note_issued(note, invoice, _subject(deal), full))
            audit = self._audit()
            if audit is not None:
                await audit.record(
                    actor_id=staff.user_id,
                    action="licensing.refund_recorded",
                    object_type="licensing.invoice",
                    object_id=str(invoice["id"]),
                    before={"credited_cents": invoice["gross_cents"] - left},
                    after={"amount_cents": amount_cents, "reference": reference},
                )
        found = await self._notes.get(note.id)
        assert found is not None
        return found

    async def refundable(self, staff: Principal) -> list[tuple[dict[str, Any], str, int]]:
        """Staff's view: each transfer-paid invoice with something left to credit, its
        licensee and what is left (gross cents)."""
        if not staff.is_staff:
            raise NotFound(PaperworkError.INVOICE_NOT_READY)
        invoices = await self._invoices.paid_by_transfer()
        credited = await self._notes.credited_many([i["id"] for i in invoices])
        deals = {d.id: d for d in await self._deal_rows.many([i["deal_id"] for i in invoices])}
        found = []
        for invoice in invoices:
            left = int(invoice["gross_cents"]) - credited.get(invoice["id"], 0)
            if left > 0 and invoice["deal_id"] in deals:
                found.append((invoice, deals[invoice["deal_id"]].licensee, left))
        return found

    async def of_deal(self, who: Principal, deal_id: UUID) -> list[dict[str, Any]]:
        """Both sides (and staff) read a deal's credit notes; anyone else gets 404."""
        deal, _ = await self._deals.get(who, deal_id)
        return await self._notes.of_deal(deal.id)

    async def pdf(self, who: Principal, deal_id: UUID, number: str) -> bytes:
        note = next((n for n in await self.of_deal(who, deal_id) if n["number"] == number), None)
        if note is None:
            raise NotFound(CreditNoteError.CREDIT_NOTE_NOT_FOUND)
        key = note["storage_key"]
        return await asyncio.to_thread(lambda: b"".join(self._storage.read_range(key)))

    # ----------------------------------------------------------------------------------------

    async def _issuing(self, deal: Deal, invoice: dict[str, Any]) -> tuple[Issuing, str]:
        """The invoice's parties again, from the contract's details (read before the write
        transaction); the buyer's VAT number as the invoice recorded it."""
        billing, invoicer = await self._contracts.details(deal.id)
        holder = await self._parties.holder_name(deal.signatory_id)
        issuing = issuing_parties(
            self._documents, deal, billing, invoicer, holder, invoice["buyer_vat_number"]
        )
        return issuing, holder

    async def _issue(
        self,
        deal: Deal,
        invoice: dict[str, Any],
        issuing: Issuing,
        holder: str,
        refund_key: str,
        gross_cents: int,
    ) -> Invoice:
        """Number, render, store and record: inside the write transaction (a rollback takes
        the number back with the row, so the series has no gap)."""
        on_behalf = "" if issuing.by_holder else holder
        return await self._paperwork.credit_note(
            _subject(deal), invoice, issuing, on_behalf, refund_key, gross_cents
        )


async def reverse_fee(ledger: LedgerService, event: EventEnvelope) -> bool:
    """The ledger's side of a transfer-paid licence's refund: the holders' shares taken back
    as for an order's refund (an order's own refunds reach the ledger as `order.refunded`)."""
    issued = CREDIT_NOTE_ISSUED.decode(event)
    if issued.paid_via == ORDER:
        return False
    return await ledger.handle_direct_refund(
        event, ledger_key(issued.invoice_id), issued.number, issued.gross_cents
    )
