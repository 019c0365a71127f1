"""Ready-made sync licences' invoices and credit notes, by the deals' paperwork
(`invoicing/issuing.py`): Lakou invoices in its own name for the work's owner, in its own
gap-free series, a Factur-X PDF under the VAT rule chosen when the licence was bought.

The invoice is issued once the licence is paid (`licensing.sync_licence_paid`, a worker): a
sync licence is bought and paid in one go, and an abandoned cart leaves no invoice to cancel.
Its refunds (the orders' refund path) get their credit notes on `order.refunded`, as deals'.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import NotFound
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.documents.settings import DocumentSettings
from marketplace.licensing.contracts.parties import ContractParties
from marketplace.licensing.events import SYNC_LICENCE_PAID
from marketplace.licensing.invoicing.domain import Party
from marketplace.licensing.invoicing.errors import CreditNoteError
from marketplace.licensing.invoicing.issuing import (
    Issuing,
    Paperwork,
    Subject,
    credit_note_issued,
    lakou_issuing,
)
from marketplace.licensing.invoicing.paid import ORDER
from marketplace.licensing.invoicing.repository import CreditNoteRepository, InvoiceRepository
from marketplace.licensing.invoicing.vat_numbers import VatNumberCheck, ViesAnswer
from marketplace.licensing.invoicing.vat_rules import RULES
from marketplace.licensing.sync.domain import Billing, SyncLicence
from marketplace.licensing.sync.errors import SyncError
from marketplace.licensing.sync.repository import SyncRepository
from marketplace.licensing.sync.service import SyncService
from marketplace.orders.events import ORDER_REFUNDED
from media.storage.port import ObjectStorage

INVOICE_CONSUMER = "licensing.sync_invoice"
CREDIT_CONSUMER = "licensing.sync_credit_note"
SYNC = "sync"


class NotInvoicedYet(RuntimeError):
    """A refund told before the paid licence's invoice was issued: retried (the worker issues
    the invoice first; a credit note needs the invoice it credits)."""


def subject(licence: SyncLicence) -> Subject:
    ends = licence.ends_on.isoformat() if licence.ends_on else "…"
    starts = licence.starts_on.isoformat() if licence.starts_on else ""
    return Subject(
        licence.id,
        SYNC,
        f"Licence de synchronisation {licence.terms.tier.value} · {licence.work_title} · "
        f"{licence.scope.territory} · {starts} / {ends} · {licence.use}",
    )


def issuing(documents: DocumentSettings, licence: SyncLicence, billing: Billing) -> Issuing:
    buyer = Party(licence.licensee, billing.address, billing.country, billing.vat_number)
    return lakou_issuing(documents, buyer)


class SyncInvoicing:
    def __init__(
        self,
        sync: SyncService,
        documents: DocumentSettings,
        storage: ObjectStorage,
        to_pdf: Callable[[str], bytes],
        unit_of_work: Callable[[], UnitOfWork],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sync = sync
        self._uow = unit_of_work
        self._documents = documents
        self._storage = storage
        self._now = clock
        self._paperwork = Paperwork(storage, to_pdf, clock)
        self._licences = SyncRepository()
        self._invoices = InvoiceRepository()
        self._notes = CreditNoteRepository()
        self._parties = ContractParties()

    async def on_paid(self, event: EventEnvelope) -> bool:
        paid = SYNC_LICENCE_PAID.decode(event)
        licence = await self._licences.get(paid.licence_id)
        if licence is None or licence.billing is None:
            return False
        if await self._invoices.of_deal(licence.id) is not None:
            return False
        billing = licence.billing
        language = (await self._parties.person(licence.buyer_id)).language
        holder = (await self._parties.person(licence.seller_id)).name
        check = VatNumberCheck(
            billing.vat_number,
            bool(billing.vat_number),
            ViesAnswer(billing.vies or ViesAnswer.NOT_ASKED.value),
            billing.vies_name,
            licence.created_at,
        )

        async def issue(_: EventEnvelope) -> None:
            invoice = await self._paperwork.invoice(
                subject(licence),
                issuing(self._documents, licence, billing),
                check,
                licence.terms.price_cents,
                language,
                holder,
                0,  # paid already: due the day it is issued
                RULES[billing.vat_rule],
            )
            await self._invoices.paid(
                licence.id, invoice.issued_at, ORDER, str(paid.order_id), None
            )

        return await handle_once(INVOICE_CONSUMER, event, issue)

    async def on_order_refunded(self, event: EventEnvelope) -> bool:
        """A refund of an order that paid billed sync licences: a credit note per licence it
        reaches, oldest bought first, each at most what its invoice has left."""
        refunded = ORDER_REFUNDED.decode(event)
        licences = [x for x in await self._licences.of_order(refunded.order_id) if x.billing]
        if not licences:
            return False
        invoices = await self._invoices.of_deals([licence.id for licence in licences])
        if len(invoices) < len(licences):
            raise NotInvoicedYet(str(refunded.order_id))
        holders = {x.seller_id: (await self._parties.person(x.seller_id)).name for x in licences}

        async def issue(_: EventEnvelope) -> None:
            amount = refunded.amount_cents
            for licence in licences:
                invoice = invoices[licence.id]
                key = f"{refunded.refund_id}/{licence.id}"
                left = invoice["gross_cents"] - await self._notes.credited(invoice["id"])
                credit = min(amount, left)
                if credit <= 0 or await self._notes.exists(key):
                    continue
                assert licence.billing is not None
                async with self._uow() as uow:
                    note = await self._paperwork.credit_note(
                        subject(licence),
                        invoice,
                        issuing(self._documents, licence, licence.billing),
                        holders[licence.seller_id],
                        key,
                        credit,
                    )
                    full = credit == left
                    uow.track(credit_note_issued(note, invoice, subject(licence), full))
                amount -= credit

        return await handle_once(CREDIT_CONSUMER, event, issue)

    # Both sides: the buyer, the work's owner and staff --------------------------------------

    async def invoice(self, who: Principal, licence_id: UUID) -> dict[str, Any]:
        licence = await self._sync.get(who, licence_id)
        invoice = await self._invoices.of_deal(licence.id)
        if invoice is None:
            raise NotFound(SyncError.INVOICE_NOT_READY)
        invoice["credit_notes"] = await self._notes.of_deal(licence.id)
        return invoice

    async def invoice_pdf(self, who: Principal, licence_id: UUID) -> tuple[str, bytes]:
        invoice = await self.invoice(who, licence_id)
        return invoice["number"], await self._read(invoice["storage_key"])

    async def credit_note_pdf(self, who: Principal, licence_id: UUID, number: str) -> bytes:
        notes = (await self.invoice(who, licence_id))["credit_notes"]
        note = next((n for n in notes if n["number"] == number), None)
        if note is None:
            raise NotFound(CreditNoteError.CREDIT_NOTE_NOT_FOUND)
        return await self._read(note["storage_key"])

    async def _read(self, key: str) -> bytes:
        return await asyncio.to_thread(lambda: b"".join(self._storage.read_range(key)))
