"""Stripe objects (as plain dicts) translated into the port's gateway-neutral types.

Plain dicts rather than SDK classes: webhook bodies, listed events and API answers all arrive
as the same JSON, and localstripe leaves out or inlines fields that Stripe expands, so every
read here tolerates a missing field.
"""

from __future__ import annotations

from typing import Any

from marketplace.payments.port import (
    GatewayEvent,
    GatewayEventKind,
    PaymentInfo,
    PaymentStatus,
    RefundInfo,
)

Json = dict[str, Any]

PAYMENT_STATUSES = {
    "requires_payment_method": PaymentStatus.REQUIRES_PAYMENT,
    "requires_confirmation": PaymentStatus.REQUIRES_PAYMENT,
    "requires_action": PaymentStatus.REQUIRES_ACTION,
    "processing": PaymentStatus.PROCESSING,
    # Lakou captures automatically; a held authorisation is still money on its way.
    "requires_capture": PaymentStatus.PROCESSING,
    "succeeded": PaymentStatus.SUCCEEDED,
    "canceled": PaymentStatus.CANCELED,
}

# Stripe refund statuses reduced to the three the port knows.
REFUND_STATUSES = {
    "succeeded": "succeeded",
    "pending": "pending",
    "requires_action": "pending",
    "failed": "failed",
    "canceled": "failed",
}

EVENT_KINDS = {
    "payment_intent.succeeded": GatewayEventKind.PAYMENT_SUCCEEDED,
    "payment_intent.payment_failed": GatewayEventKind.PAYMENT_FAILED,
    "payment_intent.canceled": GatewayEventKind.PAYMENT_CANCELED,
    "charge.refunded": GatewayEventKind.REFUNDED,
    "refund.created": GatewayEventKind.REFUNDED,
    "refund.updated": GatewayEventKind.REFUNDED,
    "charge.refund.updated": GatewayEventKind.REFUNDED,
}


def payment_info(intent: Json) -> PaymentInfo:
    status = PAYMENT_STATUSES.get(str(intent.get("status")))
    if status is None:
        raise ValueError(f"unknown PaymentIntent status {intent.get('status')!r}")
    error = intent.get("last_payment_error") or {}
    metadata = intent.get("metadata") or {}
    return PaymentInfo(
        id=str(intent["id"]),
        status=status,
        amount_cents=int(intent["amount"]),
        currency=str(intent["currency"]).lower(),
        livemode=bool(intent.get("livemode", False)),
        order_id=metadata.get("order_id"),
        client_secret=intent.get("client_secret"),
        failure_code=error.get("code"),
        amount_refunded_cents=amount_refunded(intent),
        card_country=card_country(intent),
    )


def amount_refunded(intent: Json) -> int:
    """From the latest charge, when it came expanded (or inlined, as localstripe does)."""
    charge = intent.get("latest_charge")
    if not isinstance(charge, dict):
        return 0
    return int(charge.get("amount_refunded") or 0)


def card_country(intent: Json) -> str | None:
    """The paying card's country: the charge's `payment_method_details.card.country` (Stripe),
    else the expanded payment method's `card.country` (localstripe's charges carry no
    details); None when no card paid or nothing was expanded."""
    charge = intent.get("latest_charge")
    if isinstance(charge, dict):
        details = (charge.get("payment_method_details") or {}).get("card") or {}
        if details.get("country"):
            return str(details["country"]).upper()
    method = intent.get("payment_method")
    if isinstance(method, dict):
        card = method.get("card") or {}
        if card.get("country"):
            return str(card["country"]).upper()
    return None


def refund_info(refund: Json, payment_id: str) -> RefundInfo:
    return RefundInfo(
        id=str(refund["id"]),
        payment_id=str(refund.get("payment_intent") or payment_id),
        amount_cents=int(refund["amount"]),
        status=REFUND_STATUSES.get(str(refund.get("status")), "pending"),
    )


def gateway_event(event: Json) -> GatewayEvent:
    provider_type = str(event.get("type", ""))
    kind = EVENT_KINDS.get(provider_type, GatewayEventKind.OTHER)
    subject = (event.get("data") or {}).get("object") or {}
    payment_id, refund_id = _payment_and_refund(kind, subject)
    return GatewayEvent(
        id=str(event["id"]),
        kind=kind,
        provider_type=provider_type,
        created=int(event.get("created", 0)),
        payment_id=payment_id,
        livemode=bool(event.get("livemode", False)),
        refund_id=refund_id,
    )


def _payment_and_refund(kind: GatewayEventKind, subject: Json) -> tuple[str | None, str | None]:
    object_type = subject.get("object")
    if object_type == "payment_intent":
        return subject.get("id"), None
    if object_type == "refund":
        return subject.get("payment_intent"), subject.get("id")
    if object_type == "charge":
        return subject.get("payment_intent"), _latest_refund_id(subject)
    if kind is GatewayEventKind.OTHER:
        return None, None
    return subject.get("payment_intent"), None


def _latest_refund_id(charge: Json) -> str | None:
    # Recent API versions leave `refunds` out of charges; older ones list them newest first.
    refunds = (charge.get("refunds") or {}).get("data") or []
    return refunds[0].get("id") if refunds else None
