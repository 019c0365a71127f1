"""What follows an invoice's payment, whichever way it came: the `licensing.invoice_paid`
event (recorded in the payment's transaction) and, for a bank transfer, the work in the
partner's library as an order would have put it there.

The ledger's side (`share_fee`) is declared here because licensing depends on revenue, not
the other way: revenue's `LedgerService` allocates a `DirectSale` it owns, and this module
translates the event into one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from infra.events.envelope import EventEnvelope
from infra.events.model import EventRecorder
from marketplace.licensing.deals.domain import Deal, DealState
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.events import INVOICE_PAID, InvoicePaid
from marketplace.licensing.invoicing.repository import InvoiceRepository
from marketplace.licensing.invoicing.vat_rules import RULES
from marketplace.orders.ports import Acquisition
from marketplace.revenue.ledger_service import DirectSale, LedgerService

BANK_TRANSFER = "bank_transfer"
ORDER = "order"


class Library(Protocol):
    """The media module's entitlements: what a buyer may stream and download."""

    async def grant(self, work_id: UUID, user_id: UUID | None, source: str) -> bool: ...

    async def revoke(self, work_id: UUID, source: str) -> None: ...


def library_source(deal_id: UUID) -> str:
    """What a transfer-paid licence's library entry is recorded under (40 characters), so
    a refund takes back exactly it."""
    return f"licence:{deal_id.hex}"


class TransferredLicences:
    """The library's other way in (orders' `Acquisitions` port): a licensed deal whose invoice
    a bank transfer paid. Its download allowance counts under the deal's id, as an order's
    would under the order's; a refund (the deal no longer licensed) takes it out."""

    async def of_owner(self, user_id: UUID) -> list[Acquisition]:
        deals = [
            d for d in await DealRepository().of_buyer(user_id) if d.state is DealState.LICENSED
        ]
        invoices = await InvoiceRepository().of_deals([deal.id for deal in deals])
        return [
            Acquisition(
                deal.id, deal.work_id, "Licence", invoice["paid_at"], f"/licences/{deal.id}"
            )
            for deal in deals
            if (invoice := invoices.get(deal.id)) and invoice["paid_via"] == BANK_TRANSFER
        ]


class _Paid(EventRecorder):
    pass


def record_paid(
    uow: UnitOfWork, invoice: dict[str, Any], deal: Deal, via: str, at: datetime
) -> None:
    payload = InvoicePaid(
        invoice_id=invoice["id"],
        invoice_number=invoice["number"],
        deal_id=deal.id,
        seller_id=deal.rights_user_id,
        buyer_id=deal.partner_user_id,
        work_ids=[deal.work_id],
        gross_cents=int(invoice["gross_cents"]),
        net_cents=int(invoice["net_cents"]),
        vat_cents=int(invoice["vat_cents"]),
        vat_rate_bp=int(invoice["vat_rate_bp"]),
        vat_category=RULES[invoice["vat_rule"]].category.value,
        paid_via=via,
        paid_at=at,
    )
    events = _Paid()
    events.record(INVOICE_PAID.event(invoice["id"], payload))
    uow.track(events)


def ledger_key(invoice_id: UUID) -> str:
    """Where an order's id goes in the ledger: one key per invoice."""
    return f"invoice:{invoice_id}"


async def share_fee(ledger: LedgerService, event: EventEnvelope) -> bool:
    """The consumer: a transfer-paid invoice's fee shared by the work's split sheet, as a
    sale. An order-paid one is left to its `order.paid` (allocating it twice would double
    every holder's share)."""
    paid = INVOICE_PAID.decode(event)
    if paid.paid_via == ORDER:
        return False
    sale = DirectSale(
        key=ledger_key(paid.invoice_id),
        line_id=paid.deal_id,
        paid_at=paid.paid_at,
        seller_id=paid.seller_id,
        work_ids=tuple(paid.work_ids),
        gross_cents=paid.gross_cents,
        net_cents=paid.net_cents,
        vat_cents=paid.vat_cents,
        vat_rate_bp=paid.vat_rate_bp,
        payment_fee_cents=paid.payment_fee_cents,
        master_bp=paid.master_bp,
    )
    return await ledger.handle_direct_sale(event, sale)
