"""The licensing events: a work's availability changed (search indexes it); licence deals
requested, signed, granted and revoked (notifications, and the indicators later)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from infra.events.types import EventPayload, EventType


class AvailabilityChanged(EventPayload, frozen=True, kw_only=True):
    work_id: UUID
    version: int  # the work's rights version, one more for every mandate or window change


AVAILABILITY_CHANGED = EventType(
    "licensing.availability_changed",
    AvailabilityChanged,
    "a work's mandates or licensed windows changed, and with them its availability",
)


class DealEvent(EventPayload, frozen=True, kw_only=True):
    deal_id: UUID
    work_id: UUID
    partner_org_id: UUID
    medium: str
    countries: list[str]
    exclusive: bool
    price_cents: int | None = None  # the accepted offer's, excluding VAT


DEAL_REQUESTED = EventType(
    "licensing.deal_requested",
    DealEvent,
    "a verified partner asked for a licence on a work (checked against its availability)",
)
DEAL_SIGNED = EventType(
    "licensing.deal_signed",
    DealEvent,
    "a partner accepted the rights side's offer: the deal holds its window until it is paid",
)
LICENCE_GRANTED = EventType(
    "licensing.licence_granted",
    DealEvent,
    "a deal was paid: its window is licensed (the indicators' new markets read it)",
)
LICENCE_REVOKED = EventType(
    "licensing.licence_revoked",
    DealEvent,
    "a licensed deal's order was fully refunded: its window is free again",
)


class ContractAccepted(EventPayload, frozen=True, kw_only=True):
    deal_id: UUID
    contract_id: UUID
    sha256: str  # of the PDF both sides accepted


CONTRACT_ACCEPTED = EventType(
    "licensing.contract_accepted",
    ContractAccepted,
    "both sides of a deal accepted its contract: the invoice is issued, payment is open",
)


class InvoicePaid(EventPayload, frozen=True, kw_only=True):
    """The contract of `licensing.invoice_paid` (docs/events.md), in its transaction.

    What revenue needs to share the fee as for a sale, without reading licensing's tables:
    the amounts as invoiced (net + VAT = gross, integer cents), who sold (the rights side,
    seller of record) and which works the fee is for. `paid_via` is `order` or
    `bank_transfer`; an order's fee is already in its own `order.paid`, so the ledger only
    allocates the others. No payment fee for a transfer (the bank's costs are not Lakou's to
    spread). `master_bp`: the master side's share of a fee shared between a music work's
    sides, None for the whole sheet.
    """

    invoice_id: UUID
    invoice_number: str
    deal_id: UUID
    seller_id: UUID
    buyer_id: UUID
    work_ids: list[UUID]
    gross_cents: int
    net_cents: int
    vat_cents: int
    vat_rate_bp: int
    vat_category: str  # EN 16931: S, AE, G, O
    paid_via: str
    paid_at: datetime
    payment_fee_cents: int = 0
    master_bp: int | None = None


INVOICE_PAID = EventType(
    "licensing.invoice_paid",
    InvoicePaid,
    "a licence invoice was paid (by its order or a bank transfer staff recorded): the fee is "
    "shared by the work's split sheet",
)


class CreditNoteIssued(EventPayload, frozen=True, kw_only=True):
    """A credit note against a licence invoice (a refund): its parties are told, and the
    ledger takes the holders' shares back when the invoice was paid outside an order
    (`paid_via`; an order's refund reaches the ledger as `order.refunded`)."""

    credit_note_id: UUID
    number: str
    invoice_id: UUID
    deal_id: UUID  # the licence credited: a deal's id, or a sync licence's (`subject`)
    gross_cents: int
    net_cents: int
    vat_cents: int
    paid_via: str
    full: bool  # the whole invoice is credited: the licence was taken back
    subject: str = "deal"  # "deal" or "sync" (a ready-made sync licence)


CREDIT_NOTE_ISSUED = EventType(
    "licensing.credit_note_issued",
    CreditNoteIssued,
    "a credit note was issued against a licence invoice (any refund): both parties are told; "
    "for a transfer-paid licence the ledger takes the holders' shares back",
)


class SyncLicencePaid(EventPayload, frozen=True, kw_only=True):
    licence_id: UUID
    order_id: UUID
    line_id: UUID


SYNC_LICENCE_PAID = EventType(
    "licensing.sync_licence_paid",
    SyncLicencePaid,
    "a ready-made sync licence billed to its buyer's organisation was paid: its Factur-X "
    "invoice is issued",
)

PUBLISHED = (
    AVAILABILITY_CHANGED,
    DEAL_REQUESTED,
    DEAL_SIGNED,
    LICENCE_GRANTED,
    LICENCE_REVOKED,
    CONTRACT_ACCEPTED,
    INVOICE_PAID,
    CREDIT_NOTE_ISSUED,
    SYNC_LICENCE_PAID,
)
