"""Webhook signature checks: the `Stripe-Signature` header over the exact bytes received.

The SDK's `WebhookSignature.verify_header` does the HMAC-SHA256 comparison (constant time)
and the timestamp tolerance; this module turns each of its refusals into `InvalidSignature`
with a message saying which check failed, so a misconfigured endpoint is quick to diagnose.
"""

from __future__ import annotations

import json

import stripe

from marketplace.payments.port import GatewayEvent, InvalidSignature
from marketplace.payments.stripe.mapping import gateway_event

# Stripe's own default: older signed bodies are refused, so a captured one cannot be replayed.
TOLERANCE_S = 300


def verify_event(
    raw_body: bytes, signature_header: str | None, secret: str, *, tolerance_s: int = TOLERANCE_S
) -> GatewayEvent:
    if not signature_header:
        raise InvalidSignature(
            "Signature absente / the Stripe-Signature header is missing",
            code="signature_missing",
        )
    try:
        # The SDK decodes the body as UTF-8 before hashing; a mangled byte fails there.
        stripe.WebhookSignature.verify_header(raw_body, signature_header, secret, tolerance_s)
    except UnicodeDecodeError as error:
        raise InvalidSignature(
            "Signature invalide / the webhook body is not the UTF-8 text Stripe signed"
        ) from error
    except stripe.SignatureVerificationError as error:
        raise InvalidSignature(
            f"Signature invalide / Stripe webhook signature refused: {_reason(error)}",
            code=_code(error),
        ) from error
    try:
        event = json.loads(raw_body)
    except ValueError as error:
        raise InvalidSignature(
            "Notification illisible / the signed webhook body is not JSON"
        ) from error
    if not isinstance(event, dict) or "id" not in event:
        raise InvalidSignature("Notification illisible / the signed body is not a Stripe event")
    return gateway_event(event)


def _reason(error: stripe.SignatureVerificationError) -> str:
    message = str(error.user_message or error)
    if "tolerance" in message:
        return f"the signature is older than {TOLERANCE_S} s (replayed or delayed delivery)"
    if "Unable to extract" in message or "expected scheme" in message:
        return "the header is not of the form t=<unix time>,v1=<hex signature>"
    return "it does not match this body and the configured webhook secret"


def _code(error: stripe.SignatureVerificationError) -> str:
    message = str(error.user_message or error)
    if "tolerance" in message:
        return "signature_expired"
    return "invalid_signature"
