"""Licence invoices: issued by a worker once both sides accepted the contract
(`licensing.contract_accepted`), numbered in the issuer's gap-free series, as a Factur-X PDF;
paid through the order (Stripe or the test payment) or by a bank transfer staff record; unpaid
past their due day, their deal expires and frees its window.

Like a receipt (docs/decisions.md, "Document numbers"), the number, the PDF and the row are
made in one transaction (`handle_once`'s): a failure rolls the counter back with the row. VIES
is asked before that transaction (it may take seconds, or not answer at all).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
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
from marketplace.licensing.deals.domain import Deal, DealState
from marketplace.licensing.deals.errors import DealError
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.events import CONTRACT_ACCEPTED
from marketplace.licensing.invoicing.domain import Invoice, IssuedBy, Party, holder_series
from marketplace.licensing.invoicing.issuing import (
    LAKOU_COUNTRY,
    Issuing,
    Paperwork,
    Subject,
    lakou_issuing,
    local_day,
)
from marketplace.licensing.invoicing.paid import (
    BANK_TRANSFER,
    ORDER,
    Library,
    library_source,
    record_paid,
)
from marketplace.licensing.invoicing.repository import CreditNoteRepository, InvoiceRepository
from marketplace.licensing.invoicing.vat_numbers import (
    VatNumberCheck,
    Vies,
    check_vat_number,
)
from marketplace.licensing.invoicing.vat_rules import (
    RULES,
    SellerStatus,
)
from marketplace.licensing.media import MEDIUM_LABELS
from marketplace.licensing.settings import LicensingSettings
from marketplace.orders.sellable import InvoicedVat
from media.storage.port import ObjectStorage

CONSUMER = "licensing.invoice"
DEAL = "deal"


class InvoiceIssuer:
    def __init__(
        self,
        deals: DealService,
        documents: DocumentSettings,
        settings: LicensingSettings,
        vies: Vies,
        storage: ObjectStorage,
        unit_of_work: Callable[[], UnitOfWork],
        to_pdf: Callable[[str], bytes],
        audit: Callable[[], AuditTrail | None],
        library: Library,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._deals = deals
        self._documents = documents
        self._settings = settings
        self._vies = vies
        self._storage = storage
        self._uow = unit_of_work
        self._to_pdf = to_pdf
        self._audit = audit
        self._library = library
        self._now = clock
        self._repo = InvoiceRepository()
        self._deal_rows = DealRepository()
        self._contracts = ContractRepository()
        self._parties = ContractParties()
        self._paperwork = Paperwork(storage, to_pdf, clock)

    # The worker's side --------------------------------------------------------------------

    async def on_contract_accepted(self, event: EventEnvelope) -> bool:
        deal = await self._deal_rows.get(CONTRACT_ACCEPTED.decode(event).deal_id)
        if deal is None or deal.state is not DealState.ACCEPTED:
            return False
        if await self._repo.of_deal(deal.id) is not None:
            return False
        billing, invoicer = await self._contracts.details(deal.id)
        check = await check_vat_number(str(billing.get("vat_number", "")), self._vies, self._now())
        partner = await self._parties.person(deal.partner_user_id)
        holder = await self._parties.holder_name(deal.signatory_id)

        async def issue(_: EventEnvelope) -> None:
            await self.issue(deal, billing, invoicer, check, partner.language, holder)

        return await handle_once(CONSUMER, event, issue)

    async def issue(
        self,
        deal: Deal,
        billing: dict[str, Any],
        invoicer: dict[str, Any],
        check: VatNumberCheck,
        language: str,
        holder: str,
    ) -> Invoice:
        """Number, render, store and record the invoice: inside the write transaction."""
        assert deal.offer is not None
        issuing = issuing_parties(
            self._documents,
            deal,
            billing,
            invoicer,
            holder,
            check.number if check.well_formed else "",
        )
        return await self._paperwork.invoice(
            Subject(deal.id, DEAL, deal_line(deal)),
            issuing,
            check,
            deal.offer.price_cents,
            language,
            "" if issuing.by_holder else holder,
            self._settings.payment_days,
        )

    # Both sides ---------------------------------------------------------------------------

    async def of_deal(self, who: Principal, deal_id: UUID) -> dict[str, Any]:
        deal, _ = await self._deals.get(who, deal_id)
        invoice = await self._repo.of_deal(deal.id)
        if invoice is None:
            raise NotFound(PaperworkError.INVOICE_NOT_READY)
        # Its refunds' credit notes, for the deal page's links.
        invoice["credit_notes"] = await CreditNoteRepository().of_deal(deal.id)
        return invoice

    async def pdf(self, who: Principal, deal_id: UUID) -> tuple[dict[str, Any], bytes]:
        invoice = await self.of_deal(who, deal_id)
        key = invoice["storage_key"]
        data = await asyncio.to_thread(lambda: b"".join(self._storage.read_range(key)))
        return invoice, data

    async def payable(self, deal_id: UUID) -> bool:
        """Open to payment: invoiced (so both sides accepted the contract) and not overdue."""
        invoice = await self._repo.of_deal(deal_id)
        if invoice is None or invoice["paid_at"] is not None:
            return False
        due: date = invoice["due_on"]
        return local_day(self._now()) <= due

    async def invoiced_vat(self, deal_id: UUID) -> InvoicedVat | None:
        """What the order that pays the invoice charges: the invoice's VAT, to the cent."""
        invoice = await self._repo.of_deal(deal_id)
        if invoice is None:
            return None
        return InvoicedVat(
            invoice_number=invoice["number"],
            rate_bp=int(invoice["vat_rate_bp"]),
            vat_cents=int(invoice["vat_cents"]),
            category=RULES[invoice["vat_rule"]].category.value,
        )

    # Payment ------------------------------------------------------------------------------

    async def paid_by_order(self, deal_id: UUID, order_id: UUID) -> None:
        """In the settlement's transaction: the invoice is marked paid by that order (the
        order's own settlement puts the work in the library and its `order.paid` carries the
        fee to the ledger)."""
        deal = await self._deal_rows.get(deal_id)
        async with self._uow() as uow:
            paid_at = self._now()
            if not await self._repo.paid(deal_id, paid_at, ORDER, str(order_id), None):
                return
            invoice = await self._repo.of_deal(deal_id)
            if invoice is not None and deal is not None:
                record_paid(uow, invoice, deal, ORDER, paid_at)

    async def record_bank_transfer(
        self, staff: Principal, deal_id: UUID, amount_cents: int, reference: str
    ) -> dict[str, Any]:
        """Staff record a transfer received for the invoice: the deal is licensed and the work
        joins the partner's library as if the order were paid, `licensing.invoice_paid` takes
        the fee to the ledger, and the audit trail keeps who recorded what."""
        reference = reference.strip()
        if not 1 <= len(reference) <= 140:
            raise InvalidInput(PaperworkError.INVALID_REFERENCE)
        invoice = await self._repo.of_deal(deal_id)
        deal = await self._deal_rows.get(deal_id)
        if invoice is None or deal is None:
            raise NotFound(PaperworkError.INVOICE_NOT_READY)
        if invoice["paid_at"] is not None:
            raise Conflict(PaperworkError.ALREADY_PAID)
        if amount_cents != invoice["gross_cents"]:
            raise InvalidInput(
                PaperworkError.AMOUNT_MISMATCH, received=amount_cents, due=invoice["gross_cents"]
            )
        async with self._uow() as uow:
            paid_at = self._now()
            if not await self._repo.paid(deal_id, paid_at, BANK_TRANSFER, reference, staff.user_id):
                raise Conflict(PaperworkError.ALREADY_PAID)
            if not await self._deals.paid(deal_id, None, deal.buyer_id):
                raise Conflict(DealError.WRONG_STATE)  # cancelled or expired meanwhile
            await self._library.grant(deal.work_id, deal.buyer_id, library_source(deal.id))
            record_paid(uow, invoice, deal, BANK_TRANSFER, paid_at)
            audit = self._audit()
            if audit is not None:
                await audit.record(
                    actor_id=staff.user_id,
                    action="licensing.bank_transfer_recorded",
                    object_type="licensing.invoice",
                    object_id=str(invoice["id"]),
                    before={"paid_at": None},
                    after={"amount_cents": amount_cents, "reference": reference},
                )
        found = await self._repo.of_deal(deal_id)
        assert found is not None
        return found

    async def awaiting_payment(self, staff: Principal) -> list[tuple[dict[str, Any], str]]:
        """Staff's view: each unpaid invoice with its licensee (a deal gone is left out)."""
        if not staff.is_staff:
            raise NotFound(PaperworkError.INVOICE_NOT_READY)
        invoices = await self._repo.unpaid()
        deals = {d.id: d for d in await self._deal_rows.many([i["deal_id"] for i in invoices])}
        return [(i, deals[i["deal_id"]].licensee) for i in invoices if i["deal_id"] in deals]

    async def expire_overdue(self) -> int:
        """The scheduled chore: unpaid deals past their invoice's due day expire, and so do
        deals whose contract one side has left unaccepted for as long (no window is held
        forever by a deal nobody pays)."""
        now = self._now()
        overdue = await self._repo.overdue(local_day(now))
        unsigned = await self._contracts.unsigned_since(
            now - timedelta(days=self._settings.payment_days)
        )
        expired = 0
        for deal_id in dict.fromkeys([*overdue, *unsigned]):
            expired += int(await self._deals.expire(deal_id))
        return expired


def issuing_parties(
    documents: DocumentSettings,
    deal: Deal,
    billing: dict[str, Any],
    invoicer: dict[str, Any],
    holder: str,
    buyer_vat_number: str,
) -> Issuing:
    """From the contract's accepted details: the holder invoicing itself (its own series: the
    organisation's when one holds the mandate), or Lakou in its own name for the holder
    (Lakou's series)."""
    buyer = Party(
        name=deal.licensee,
        address=tuple(billing.get("address", ())),
        country=str(billing.get("country", "")),
        vat_number=buyer_vat_number,
    )
    if invoicer.get("by") != IssuedBy.HOLDER.value:
        return lakou_issuing(documents, buyer)
    seller = Party(
        name=str(invoicer.get("legal_name", holder)),
        address=tuple(invoicer.get("address", ())),
        country=str(invoicer.get("country", LAKOU_COUNTRY)),
        vat_number=str(invoicer.get("vat_number", "")),
        siret=str(invoicer.get("siret", "")),
    )
    status = SellerStatus(invoicer.get("vat_status", SellerStatus.REGISTERED.value))
    # An organisation holding the mandate issues in its own series, whichever member signed.
    issuer = deal.rights_org_id or deal.signatory_id
    return Issuing(holder_series(issuer), seller, status, buyer, True)


def deal_line(deal: Deal) -> str:
    label = next((str(v) for m, v in MEDIUM_LABELS.items() if m.value == deal.grant.medium), "")
    period = deal.grant.period
    ends = period.ends_on.isoformat() if period.ends_on else "…"
    return (
        f"Licence {label or deal.grant.medium} · {deal.territory} · "
        f"{period.start.isoformat()} / {ends}" + (" · exclusive" if deal.grant.exclusive else "")
    )
