"""Orders: what a buyer bought, at which terms, and where the payment stands. Pure Python.

The state only moves forward: pending → paid → fulfilled, then partially refunded → refunded;
pending → failed, and failed → paid when the buyer retries with another card. Late, repeated
or out-of-order notifications can never take an order back. Each line keeps its price, VAT
rate and amounts as they were at the time of sale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from infra.events.model import EventRecorder
from infra.events.types import EventType
from marketplace.orders.events import (
    ENTITLEMENT_GRANTED,
    ENTITLEMENT_REVOKED,
    ORDER_FAILED,
    ORDER_PAID,
    ORDER_REFUNDED,
    EntitlementChanged,
    OrderFailed,
    OrderPaid,
    OrderRefunded,
    PaidLine,
)

CURRENCY = "eur"
# Works and bundles are sold by the offers module's Sellable, under this kind.
OFFER_ITEMS = "offer"


class OrderStatus(StrEnum):
    PENDING = "pending"
    FAILED = "failed"
    PAID = "paid"
    FULFILLED = "fulfilled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


SETTLED = frozenset(
    {
        OrderStatus.PAID,
        OrderStatus.FULFILLED,
        OrderStatus.PARTIALLY_REFUNDED,
        OrderStatus.REFUNDED,
    }
)


@dataclass(frozen=True)
class OrderLine:
    id: UUID
    item_id: UUID  # the sold item's id within its Sellable (an offer's id for works, bundles)
    kind: str  # what the line shows it sold: "work", "bundle", or another module's label
    seller_id: UUID
    title: str
    work_ids: tuple[UUID, ...]
    work_weights: tuple[int, ...]
    pricing: str
    list_cents: int  # the offer's amount before discounts
    discount_cents: int
    gross_cents: int  # what the buyer pays for this line, VAT included
    vat_rate_bp: int
    vat_cents: int
    net_cents: int
    quantity: int = 1
    item_kind: str = OFFER_ITEMS  # the Sellable that sold it
    # Set when an invoice fixed the line's VAT: its EN 16931 category and the invoice's
    # number (the consumer table's lines leave both empty).
    vat_category: str = ""
    invoice_number: str = ""

    @property
    def offer_id(self) -> UUID | None:
        return self.item_id if self.item_kind == OFFER_ITEMS else None

    def as_payload(self) -> PaidLine:
        return PaidLine(
            line_id=self.id,
            offer_id=self.offer_id,
            kind=self.kind,
            item_kind=self.item_kind,
            item_id=self.item_id,
            seller_id=self.seller_id,
            work_ids=list(self.work_ids),
            work_weights=list(self.work_weights),
            quantity=self.quantity,
            gross_cents=self.gross_cents,
            net_cents=self.net_cents,
            vat_cents=self.vat_cents,
            vat_rate_bp=self.vat_rate_bp,
            discount_cents=self.discount_cents,
            vat_category=self.vat_category,
            invoice_number=self.invoice_number,
        )


@dataclass(frozen=True)
class ObservedPayment:
    """What the gateway says about the payment, re-read from it (never from a webhook body)."""

    payment_id: str
    amount_cents: int
    currency: str
    livemode: bool
    card_country: str = ""  # the paying card's, when the gateway says ("" otherwise)


@dataclass
class Order(EventRecorder):
    id: UUID
    buyer_id: UUID
    buyer_country: str
    status: OrderStatus
    lines: tuple[OrderLine, ...]
    checkout_key: str
    created_at: datetime
    updated_at: datetime
    currency: str = CURRENCY
    gateway: str | None = None
    payment_id: str | None = None
    payment_fee_cents: int = 0
    refunded_cents: int = 0
    discount_code_ids: tuple[UUID, ...] = ()
    review_reason: str | None = None
    failure_reason: str | None = None
    paid_at: datetime | None = None
    vat_table_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total_cents(self) -> int:
        return sum(line.gross_cents for line in self.lines)

    @property
    def work_ids(self) -> list[UUID]:
        seen: dict[UUID, None] = {}
        for line in self.lines:
            for work_id in line.work_ids:
                seen.setdefault(work_id)
        return list(seen)

    def attach_payment(self, gateway: str, payment_id: str, now: datetime) -> None:
        if self.payment_id is None:
            self.gateway = gateway
            self.payment_id = payment_id
            self.updated_at = now

    def settle_paid(
        self, payment: ObservedPayment, expected_livemode: bool, fee_cents: int, now: datetime
    ) -> bool:
        """Record the payment; False when it was already recorded or does not match the order."""
        if self.status in SETTLED:
            return False
        mismatch = self._mismatch(payment, expected_livemode)
        if mismatch is not None:
            # Money arrived that does not match what was sold: a person must look at it.
            self.review_reason = mismatch
            self.updated_at = now
            return False
        self.status = OrderStatus.PAID
        self.review_reason = None
        self.payment_fee_cents = max(0, min(fee_cents, self.total_cents))
        self.paid_at = now
        self.updated_at = now
        self.record(
            ORDER_PAID.event(
                self.id,
                OrderPaid(
                    order_id=self.id,
                    buyer_id=self.buyer_id,
                    buyer_country=self.buyer_country,
                    card_country=payment.card_country,
                    currency=self.currency,
                    gateway=self.gateway or "none",
                    payment_id=self.payment_id or "",
                    paid_at=now,
                    total_cents=self.total_cents,
                    payment_fee_cents=self.payment_fee_cents,
                    lines=[line.as_payload() for line in self.lines],
                ),
            )
        )
        return True

    def fulfil(self, now: datetime) -> list[UUID]:
        """Paid → fulfilled: the works whose entitlements the buyer now holds."""
        if self.status is not OrderStatus.PAID:
            return []
        self.status = OrderStatus.FULFILLED
        self.updated_at = now
        for work_id in self.work_ids:
            self._record_entitlement(ENTITLEMENT_GRANTED, work_id)
        return self.work_ids

    def fail(self, reason: str, now: datetime) -> bool:
        if self.status is not OrderStatus.PENDING:
            return False
        self.status = OrderStatus.FAILED
        self.failure_reason = reason[:200]
        self.updated_at = now
        self.record(
            ORDER_FAILED.event(self.id, OrderFailed(order_id=self.id, reason=self.failure_reason))
        )
        return True

    def settle_refunds(
        self, total_refunded_cents: int, refund_ref: str, now: datetime
    ) -> list[UUID]:
        """Bring the refunded total up to what the gateway reports; the works to revoke.

        Totals only grow, so the same refund seen by the API call, its webhook and a
        reconciliation is counted once. Only a full refund takes the works back.
        """
        if self.status not in SETTLED:
            return []
        total = min(total_refunded_cents, self.total_cents)
        if total <= self.refunded_cents:
            return []
        amount = total - self.refunded_cents
        self.refunded_cents = total
        full = total >= self.total_cents
        self.status = OrderStatus.REFUNDED if full else OrderStatus.PARTIALLY_REFUNDED
        self.updated_at = now
        self.record(
            ORDER_REFUNDED.event(
                self.id,
                OrderRefunded(
                    order_id=self.id,
                    # The gateway's reference names the payment, the same for every refund of
                    # the order; with the total so far (it only grows) each refund has its own
                    # id, so the ledger and the credit notes count a second refund too.
                    refund_id=f"{refund_ref}:{total}",
                    amount_cents=amount,
                    total_refunded_cents=total,
                    total_cents=self.total_cents,
                    full=full,
                    currency=self.currency,
                ),
            )
        )
        if not full:
            return []
        for work_id in self.work_ids:
            self._record_entitlement(ENTITLEMENT_REVOKED, work_id)
        return self.work_ids

    def _mismatch(self, payment: ObservedPayment, expected_livemode: bool) -> str | None:
        if self.payment_id is not None and payment.payment_id != self.payment_id:
            return "payment_id_mismatch"
        if payment.amount_cents != self.total_cents:
            return "amount_mismatch"
        if payment.currency.lower() != self.currency:
            return "currency_mismatch"
        if payment.livemode != expected_livemode:
            return "livemode_mismatch"
        return None

    def _record_entitlement(self, event_type: EventType[EntitlementChanged], work_id: UUID) -> None:
        self.record(
            event_type.event(
                self.id,
                EntitlementChanged(order_id=self.id, buyer_id=self.buyer_id, work_id=work_id),
            )
        )


def entitlement_source(order_id: UUID) -> str:
    """The entitlement's source for a purchase (at most 40 characters)."""
    return f"order:{order_id.hex}"
