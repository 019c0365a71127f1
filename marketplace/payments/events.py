"""The payments' event: a gateway said something about a payment (settled by orders)."""

from __future__ import annotations

from infra.events.types import EventPayload, EventType


class PaymentNotice(EventPayload, frozen=True, kw_only=True):
    gateway: str  # stripe or test
    event_id: str  # the gateway's own event id
    kind: str
    payment_id: str | None  # None when the gateway's event names no payment


PAYMENT_NOTIFIED = EventType(
    "payment.notified", PaymentNotice, "a webhook, test payment or reconciliation saw a payment"
)

PUBLISHED = (PAYMENT_NOTIFIED,)
