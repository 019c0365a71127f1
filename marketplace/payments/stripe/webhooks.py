"""Webhook signature checks: the `Stripe-Signature` header over the exact bytes received.

The SDK's `WebhookSignature.verify_header` does the HMAC-SHA256 comparison (constant time)
and the timestamp tolerance; this module turns each of its refusals into `InvalidSignature`
with a message saying which check failed, so a misconfigured endpoint is quick to diagnose.
"""

from __future__ import annotations

import json

import stripe

from marketplace.payments.errors import PaymentError
from marketplace.payments.port import GatewayEvent, InvalidSignature
from marketplace.payments.stripe.mapping import gateway_event

# Stripe's own default: older signed bodies are refused, so a captured one cannot be replayed.
TOLERANCE_S = 300


def verify_event(
    raw_body: bytes, signature_header: str | None, secret: str, *, tolerance_s: int = TOLERANCE_S
) -> GatewayEvent:
    if not signature_header:
        raise InvalidSignature(PaymentError.SIGNATURE_MISSING)
    try:
        # The SDK decodes the body as UTF-8 before hashing; a mangled byte fails there.
        stripe.WebhookSignature.verify_header(raw_body, signature_header, secret, tolerance_s)
    except UnicodeDecodeError as error:
        raise InvalidSignature(PaymentError.SIGNATURE_NOT_UTF8) from error
    except stripe.SignatureVerificationError as error:
        raise InvalidSignature(signature_refusal(error), seconds=TOLERANCE_S) from error
    try:
        event = json.loads(raw_body)
    except ValueError as error:
        raise InvalidSignature(PaymentError.BODY_NOT_JSON) from error
    if not isinstance(event, dict) or "id" not in event:
        raise InvalidSignature(PaymentError.NOT_AN_EVENT)
    return gateway_event(event)


def signature_refusal(error: stripe.SignatureVerificationError) -> PaymentError:
    """Which check failed, so a misconfigured endpoint is quick to diagnose."""
    message = str(error.user_message or error)
    if "tolerance" in message:
        return PaymentError.SIGNATURE_EXPIRED
    if "Unable to extract" in message or "expected scheme" in message:
        return PaymentError.SIGNATURE_MALFORMED
    return PaymentError.SIGNATURE_MISMATCH
