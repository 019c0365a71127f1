"""`StripeGateway`: the `PaymentGateway` port on Stripe PaymentIntents and Refunds.

One PaymentIntent per order, created with the order's idempotency key: a double click or a
retried job gets the same PaymentIntent back instead of a second one. The buyer's card never
reaches Lakou; Stripe Elements confirms the PaymentIntent with its client secret, and Lakou
learns the outcome from signed webhooks (`verify_event`) or by re-reading (`get_payment`,
`events_since` for reconciliation).
"""

from __future__ import annotations

from typing import Any

import stripe

from infra.errors import Conflict
from infra.settings import PaymentSettings, SettingsError
from marketplace.payments.port import (
    GatewayEvent,
    PaymentInfo,
    PaymentRequest,
    PaymentStatus,
    RefundInfo,
    stripe_country,
)
from marketplace.payments.stripe.client import (
    RetryPolicy,
    StripeApi,
    Timeouts,
    new_idempotency_key,
)
from marketplace.payments.stripe.mapping import gateway_event, payment_info, refund_info
from marketplace.payments.stripe.webhooks import TOLERANCE_S, verify_event

# Stripe caps metadata values at 500 characters.
_METADATA_VALUE_MAX = 500
# Asked on every read so `amount_refunded` and the card's country come with the payment in
# one call (localstripe's charges lack `payment_method_details`: the method has the card).
_EXPAND_CHARGE = ["latest_charge", "payment_method"]
# Stripe pages hold at most 100 objects.
_PAGE_SIZE = 100


class StripeGateway:
    name = "stripe"
    is_test = False

    def __init__(
        self,
        api: StripeApi,
        *,
        webhook_secret: str,
        publishable_key: str | None,
        send_description: bool = True,
        tolerance_s: int = TOLERANCE_S,
    ) -> None:
        self._api = api
        self._webhook_secret = webhook_secret
        self.publishable_key = publishable_key
        # localstripe refuses `description` on PaymentIntents; metadata carries it anyway.
        self._send_description = send_description
        self._tolerance_s = tolerance_s

    @classmethod
    def from_settings(
        cls,
        settings: PaymentSettings,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> StripeGateway:
        if not settings.stripe_webhook_secret:
            raise SettingsError("LAKOU_STRIPE_WEBHOOK_SECRET must be set to use Stripe")
        return cls(
            StripeApi.from_settings(settings, timeouts=timeouts, retry=retry),
            webhook_secret=settings.stripe_webhook_secret,
            publishable_key=settings.stripe_publishable_key,
            # A custom API base is localstripe (see PaymentSettings.stripe_api_base).
            send_description=settings.stripe_api_base is None,
        )

    def close(self) -> None:
        self._api.close()

    async def create_payment(self, request: PaymentRequest) -> PaymentInfo:
        params = self._payment_params(request)
        intent = await self._api.call(
            f"create the payment of order {request.order_id}",
            lambda options: self._api.sdk.v1.payment_intents.create(params, options),  # type: ignore[arg-type]
            idempotency_key=request.idempotency_key,
        )
        return payment_info(intent.to_dict())

    def _payment_params(self, request: PaymentRequest) -> dict[str, Any]:
        metadata = {
            **request.metadata,
            "order_id": request.order_id,
            # As the buyer gave it (VAT follows it) and as Stripe knows it (MQ is FR there).
            "buyer_country": request.buyer_country.upper(),
            "billing_country": stripe_country(request.buyer_country),
        }
        if request.description:
            metadata["description"] = request.description
        params: dict[str, Any] = {
            "amount": request.amount_cents,
            "currency": request.currency.lower(),
            "metadata": {key: value[:_METADATA_VALUE_MAX] for key, value in metadata.items()},
            "expand": _EXPAND_CHARGE,
        }
        if request.description and self._send_description:
            params["description"] = request.description
        return params

    async def get_payment(self, payment_id: str) -> PaymentInfo:
        intent = await self._api.call(
            f"read payment {payment_id}",
            lambda options: self._api.sdk.v1.payment_intents.retrieve(
                payment_id, {"expand": _EXPAND_CHARGE}, options
            ),
        )
        return payment_info(intent.to_dict())

    async def cancel_payment(self, payment_id: str) -> PaymentInfo:
        try:
            await self._api.call(
                f"cancel payment {payment_id}",
                lambda options: self._api.sdk.v1.payment_intents.cancel(payment_id, None, options),
                # Fresh per cancellation (Stripe would replay an old refusal for a reused
                # key for 24 h), shared by this cancellation's retries.
                idempotency_key=new_idempotency_key("lakou-cancel"),
            )
        except Conflict:
            # Already canceled (by an earlier attempt whose answer was lost, or by Stripe
            # itself) is what the caller wanted; any other state is a real refusal.
            current = await self.get_payment(payment_id)
            if current.status is PaymentStatus.CANCELED:
                return current
            raise
        # Re-read so the answer carries the expanded charge like every other read.
        return await self.get_payment(payment_id)

    async def refund(self, payment_id: str, amount_cents: int, idempotency_key: str) -> RefundInfo:
        params: Any = {"payment_intent": payment_id, "amount": amount_cents}
        refund = await self._api.call(
            f"refund {amount_cents} cents of payment {payment_id}",
            lambda options: self._api.sdk.v1.refunds.create(params, options),
            idempotency_key=idempotency_key,
        )
        return refund_info(refund.to_dict(), payment_id)

    def verify_event(self, raw_body: bytes, signature_header: str | None) -> GatewayEvent:
        return verify_event(
            raw_body, signature_header, self._webhook_secret, tolerance_s=self._tolerance_s
        )

    async def events_since(self, created_after: int) -> list[GatewayEvent]:
        def list_all(options: stripe.RequestOptions) -> list[dict[str, Any]]:
            page = self._api.sdk.v1.events.list(
                {"created": {"gt": created_after}, "limit": _PAGE_SIZE}, options
            )
            return [event.to_dict() for event in page.auto_paging_iter()]

        # A failure midway restarts the listing: reading twice is harmless.
        listed = await self._api.call(f"list the events after {created_after}", list_all)
        # Stripe lists newest first; reversed, same-second events keep their true order,
        # and the stable sort fixes backends that list oldest first (localstripe).
        events = [gateway_event(event) for event in reversed(listed)]
        return sorted(events, key=lambda event: event.created)
