"""Numbering, rendering, storing and recording a licence invoice or one of its credit notes,
whatever the licence is (a deal, a ready-made sync licence): deals and sync licences share
this, so both get the same series, Factur-X and VAT rule table.

Always inside the caller's write transaction: a rollback takes the number back with the row,
so an issuer's series has no gap.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from infra.events.model import EventRecorder
from infra.i18n.context import DEFAULT_TIME_ZONE
from infra.ids import new_id
from marketplace.documents import numbering
from marketplace.documents.domain import document_number
from marketplace.documents.settings import DocumentSettings
from marketplace.licensing.events import CREDIT_NOTE_ISSUED, CreditNoteIssued
from marketplace.licensing.invoicing import facturx_xml
from marketplace.licensing.invoicing.domain import Invoice, IssuedBy, Party, credited
from marketplace.licensing.invoicing.rendering import InvoiceRenderer
from marketplace.licensing.invoicing.repository import CreditNoteRepository, InvoiceRepository
from marketplace.licensing.invoicing.vat_numbers import VatNumberCheck
from marketplace.licensing.invoicing.vat_rules import (
    RULES,
    Buyer,
    Seller,
    SellerStatus,
    VatRule,
    rule_for,
    split_price,
)
from media.storage.port import ObjectStorage

# Where Lakou is established (docs/decisions.md, "Seller of record").
LAKOU_COUNTRY = "MQ"


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(DEFAULT_TIME_ZONE)).date()


@dataclass(frozen=True)
class Issuing:
    """Who issues a licence invoice (or its credit notes), in which series, to whom."""

    series: str
    seller: Party
    status: SellerStatus
    buyer: Party
    by_holder: bool


def lakou_issuing(documents: DocumentSettings, buyer: Party) -> Issuing:
    """Lakou invoicing in its own name for the holder, in its own series."""
    identity = documents.seller
    seller = Party(
        identity.legal_name,
        identity.address,
        LAKOU_COUNTRY,
        identity.vat_number or "",
        identity.siret or "",
    )
    return Issuing(documents.number_prefix, seller, SellerStatus.REGISTERED, buyer, False)


@dataclass(frozen=True)
class Subject:
    """What is invoiced: the licence's id (a deal's or a sync licence's) and its line."""

    id: UUID
    kind: str  # "deal" or "sync"
    line: str


class _Issued(EventRecorder):
    pass


def credit_note_issued(
    note: Invoice, invoice: dict[str, Any], subject: Subject, full: bool
) -> EventRecorder:
    """`licensing.credit_note_issued` for a note just issued, to track in its transaction."""
    events = _Issued()
    payload = CreditNoteIssued(
        credit_note_id=note.id,
        number=note.number,
        invoice_id=invoice["id"],
        deal_id=subject.id,
        gross_cents=note.amounts.gross_cents,
        net_cents=note.amounts.net_cents,
        vat_cents=note.amounts.vat_cents,
        paid_via=str(invoice["paid_via"]),
        full=full,
        subject=subject.kind,
    )
    events.record(CREDIT_NOTE_ISSUED.event(note.id, payload))
    return events


class Paperwork:
    def __init__(
        self,
        storage: ObjectStorage,
        to_pdf: Callable[[str], bytes],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._storage = storage
        self._to_pdf = to_pdf
        self._now = clock
        self._invoices = InvoiceRepository()
        self._notes = CreditNoteRepository()
        self._renderer = InvoiceRenderer()

    async def invoice(
        self, subject: Subject, issuing: Issuing, check: VatNumberCheck, price_cents: int,
        language: str, on_behalf: str, due_days: int, rule: VatRule | None = None,
    ) -> Invoice:  # fmt: skip
        """The invoice, its VAT by the rule table from the seller's status and the buyer's
        country and VAT number, or by `rule` when it was fixed already (what a checkout
        charged); `on_behalf`: the holder Lakou invoices for, "" otherwise."""
        issued_at = self._now()
        rule = rule or rule_for(
            Seller(issuing.status, issuing.seller.country),
            Buyer(issuing.buyer.country, check.valid),
        )
        today = local_day(issued_at)
        sequence = await numbering.next_sequence(issuing.series, today.year)
        invoice = Invoice(
            id=new_id(),
            deal_id=subject.id,
            number=document_number(issuing.series, today.year, sequence),
            issuer=issuing.series,
            issued_by=IssuedBy.HOLDER if issuing.by_holder else IssuedBy.LAKOU,
            issued_at=issued_at,
            due_on=today + timedelta(days=due_days),
            language=language,
            seller=issuing.seller,
            buyer=issuing.buyer,
            line=subject.line,
            rule=rule,
            amounts=split_price(price_cents, rule),
            vies=check.vies.value,
            vies_name=check.vies_name,
        )
        invoice = await self._stored(invoice, on_behalf, "invoices")
        await self._invoices.add(invoice, subject.kind)
        return invoice

    async def credit_note(
        self, subject: Subject, invoice: dict[str, Any], issuing: Issuing, on_behalf: str,
        refund_key: str, gross_cents: int,
    ) -> Invoice:  # fmt: skip
        """A credit note for `gross_cents` of `invoice`, in its issuer's series, under its VAT
        rule and parties (the buyer's VAT number and VIES answer as the invoice recorded)."""
        issued_at = self._now()
        today = local_day(issued_at)
        series = str(invoice["issuer"])
        sequence = await numbering.next_sequence(series, today.year)
        note = Invoice(
            id=new_id(),
            deal_id=subject.id,
            number=document_number(series, today.year, sequence),
            issuer=series,
            issued_by=IssuedBy(invoice["issued_by"]),
            issued_at=issued_at,
            due_on=today,
            language=str(invoice["language"]),
            seller=issuing.seller,
            buyer=issuing.buyer,
            line=subject.line,
            rule=RULES[invoice["vat_rule"]],
            amounts=credited(gross_cents, invoice["gross_cents"], invoice["vat_cents"]),
            vies=str(invoice["vies"]),
            vies_name=str(invoice["vies_name"]),
        )
        note = await self._stored(note, on_behalf, "credit-notes", invoice["number"])
        await self._notes.add(
            note, invoice["id"], refund_key, note.storage_key, note.sha256, note.size
        )
        return note

    async def _stored(
        self, document: Invoice, on_behalf: str, folder: str, credit_of: str = ""
    ) -> Invoice:
        html = self._renderer.html(document, on_behalf, credit_of=credit_of)
        xml = facturx_xml.cii_xml(document, credit_of=credit_of)
        pdf = await asyncio.to_thread(
            lambda: facturx_xml.embed(self._to_pdf(html), xml, document.language[:2])
        )
        year = document.issued_at.astimezone(ZoneInfo(DEFAULT_TIME_ZONE)).year
        key = f"licensing/{folder}/{document.issuer.lower()}/{year}/{document.number}.pdf"
        stored = await asyncio.to_thread(self._storage.put, key, [pdf], "application/pdf")
        return replace(
            document, storage_key=stored.key, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf)
        )
