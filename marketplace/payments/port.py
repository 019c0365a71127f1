"""The payment gateway ports and their gateway-neutral data types.

Orders talk to a `PaymentGateway` (Stripe, or the labelled test gateway of the embedded
default); payout runs talk to a `PayoutGateway` (Stripe Connect transfers). Adapters translate
their provider's objects into these types, so nothing outside an adapter's folder imports an SDK.
Amounts are integer cents; currencies are lower-case ISO codes ("eur").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from infra.errors import AppError


class PaymentStatus(StrEnum):
    REQUIRES_PAYMENT = "requires_payment"  # waiting for the buyer's card
    REQUIRES_ACTION = "requires_action"  # 3-D Secure or another step by the buyer
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"


@dataclass(frozen=True)
class PaymentInfo:
    """A payment (Stripe: a PaymentIntent) as the gateway knows it right now."""

    id: str
    status: PaymentStatus
    amount_cents: int
    currency: str
    livemode: bool
    order_id: str | None  # from the payment's metadata, set at creation
    client_secret: str | None = None
    failure_code: str | None = None
    amount_refunded_cents: int = 0
    # The paying card's country (ISO alpha-2, as the card network reports the issuer), when
    # a card paid; the indicators prefer it over the buyer's declaration.
    card_country: str | None = None


@dataclass(frozen=True)
class RefundInfo:
    id: str
    payment_id: str
    amount_cents: int
    status: str  # "succeeded", "pending", "failed"


class GatewayEventKind(StrEnum):
    PAYMENT_SUCCEEDED = "payment_succeeded"
    PAYMENT_FAILED = "payment_failed"
    PAYMENT_CANCELED = "payment_canceled"
    REFUNDED = "refunded"  # a refund made at the provider (dashboard, dispute)
    OTHER = "other"  # acknowledged and ignored


@dataclass(frozen=True)
class GatewayEvent:
    """A provider notification, verified; `payment_id` is the only fact acted upon."""

    id: str
    kind: GatewayEventKind
    provider_type: str  # e.g. "payment_intent.succeeded"
    created: int  # unix seconds, from the provider
    payment_id: str | None
    livemode: bool
    refund_id: str | None = None


@dataclass(frozen=True)
class PaymentRequest:
    order_id: str
    amount_cents: int
    currency: str
    buyer_country: str  # ISO 3166-1 alpha-2 as the buyer gave it (MQ, GP, FR, ...)
    buyer_email: str | None
    idempotency_key: str
    description: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


class InvalidSignature(AppError):
    """A provider notification whose signature does not hold (codes: invalid_signature,
    signature_missing, signature_expired)."""

    status_code = 400


class GatewayUnavailable(AppError):
    """The provider failed or timed out after retries; nothing was decided, try again
    (code: payment_gateway_unavailable)."""

    status_code = 503


# Runtime-checkable: the web layer injects the gateway, and litestar checks injected types.
@runtime_checkable
class PaymentGateway(Protocol):
    name: str  # "stripe" or "test"
    is_test: bool  # True when no real money moves: pages label it as a test payment
    publishable_key: str | None  # for Stripe Elements on the checkout page

    async def create_payment(self, request: PaymentRequest) -> PaymentInfo: ...

    async def get_payment(self, payment_id: str) -> PaymentInfo: ...

    async def cancel_payment(self, payment_id: str) -> PaymentInfo: ...

    async def refund(self, payment_id: str, amount_cents: int, idempotency_key: str) -> RefundInfo:
        """Refund part or all of a succeeded payment; the same key never refunds twice."""
        ...

    def verify_event(self, raw_body: bytes, signature_header: str | None) -> GatewayEvent:
        """Check the signature over the exact bytes received; raise InvalidSignature."""
        ...

    async def events_since(self, created_after: int) -> list[GatewayEvent]:
        """Events created after a unix time, oldest first (for reconciliation)."""
        ...


@dataclass(frozen=True)
class TransferRequest:
    destination_account: str  # Stripe Connect account id, "acct_..."
    amount_cents: int
    currency: str
    idempotency_key: str
    transfer_group: str  # the payout run
    description: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TransferInfo:
    id: str
    destination_account: str
    amount_cents: int
    currency: str


class PayoutGateway(Protocol):
    name: str
    is_test: bool

    async def transfer(self, request: TransferRequest) -> TransferInfo:
        """Send money to a connected account; the same idempotency key never pays twice."""
        ...


# Stripe onboards businesses and buyers of the French overseas departments as France.
STRIPE_COUNTRY = {"MQ": "FR", "GP": "FR", "GF": "FR", "RE": "FR", "YT": "FR"}


def stripe_country(country: str) -> str:
    upper = country.upper()
    return STRIPE_COUNTRY.get(upper, upper)
