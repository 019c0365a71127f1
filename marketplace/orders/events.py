"""The events an order records, and the exact shape of their payloads.

Other contexts consume these through the outbox (revenue allocates `order.paid` lines to rights
holders; indicators count buyers' countries), so the payloads carry every fact they need as it
was at the time of sale, in integer cents, and never need the order tables. The buyer is an id;
`buyer_country` is the one the buyer declared for VAT, `card_country` the paying card's.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from infra.events.types import EventPayload, EventType


class PaidLine(EventPayload, frozen=True, kw_only=True):
    line_id: UUID
    offer_id: UUID | None  # the item's id when it is an offer (a work or a bundle)
    kind: str  # what the line sold: work, bundle, or another module's label
    # Added in the same version (consumers of older messages get the defaults).
    item_kind: str = "offer"  # the Sellable that sold it
    item_id: UUID | None = None
    seller_id: UUID | None = None
    # The works whose split sheets share the line: one for a work, several for a bundle, none
    # for an item of another kind (its seller takes the holders' part).
    work_ids: list[UUID]
    # Same length as work_ids: how the line's net is shared between its works (list prices).
    work_weights: list[int]
    quantity: int
    gross_cents: int
    net_cents: int
    vat_cents: int
    vat_rate_bp: int
    discount_cents: int
    # Added in the same version (older messages decode to ""): a line whose VAT an invoice
    # fixed (a licence deal's) names its EN 16931 category and the invoice's number; no
    # receipt covers it.
    vat_category: str = ""
    invoice_number: str = ""


class OrderPaid(EventPayload, frozen=True, kw_only=True):
    order_id: UUID
    buyer_id: UUID
    buyer_country: str
    # Added in version 1 (backwards compatible: older messages decode to ""): the paying
    # card's country as the gateway reported it (Stripe: the charge's card), "" when no card
    # paid (a free order, cash, the test gateway) or the gateway did not say.
    card_country: str = ""
    currency: str
    gateway: str  # stripe, test, or none for a free order
    payment_id: str
    paid_at: datetime
    total_cents: int
    payment_fee_cents: int
    lines: list[PaidLine]


class OrderRefunded(EventPayload, frozen=True, kw_only=True):
    order_id: UUID
    refund_id: str
    amount_cents: int
    total_refunded_cents: int
    total_cents: int
    full: bool
    currency: str


class OrderFailed(EventPayload, frozen=True, kw_only=True):
    order_id: UUID
    reason: str  # a code such as payment_failed, never the gateway's text


class EntitlementChanged(EventPayload, frozen=True, kw_only=True):
    order_id: UUID
    buyer_id: UUID
    work_id: UUID


ORDER_PAID = EventType("order.paid", OrderPaid, "an order's payment was confirmed")
ORDER_REFUNDED = EventType("order.refunded", OrderRefunded, "money went back to the buyer")
ORDER_FAILED = EventType("order.failed", OrderFailed, "an order's payment failed")
ENTITLEMENT_GRANTED = EventType(
    "entitlement.granted", EntitlementChanged, "a buyer may now stream and download a work"
)
ENTITLEMENT_REVOKED = EventType(
    "entitlement.revoked", EntitlementChanged, "a full refund took a work back"
)

PUBLISHED = (ORDER_PAID, ORDER_REFUNDED, ORDER_FAILED, ENTITLEMENT_GRANTED, ENTITLEMENT_REVOKED)
