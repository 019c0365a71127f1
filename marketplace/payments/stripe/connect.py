"""Stripe Connect transfers: the `PayoutGateway` that pays rights holders' connected accounts.

Each transfer goes through `StripeApi.call`, which retries transient failures (connection
errors, 429, 5xx) with backoff and the same idempotency key on every attempt, so Stripe makes
the transfer at most once; a definite refusal (closed account, insufficient balance) comes
back as an `AppError` and the payout run keeps the holder's balance for a later run.
"""

from __future__ import annotations

from typing import Any

import stripe

from infra.settings import PaymentSettings
from marketplace.payments.port import TransferInfo, TransferRequest
from marketplace.payments.stripe.client import RetryPolicy, StripeApi, Timeouts


class StripeConnectPayouts:
    name = "stripe"
    is_test = False

    def __init__(self, api: StripeApi) -> None:
        self._api = api

    @classmethod
    def from_settings(
        cls, payments: PaymentSettings, *, retry: RetryPolicy | None = None
    ) -> StripeConnectPayouts:
        # A longer read timeout than checkout: nobody waits on a payout, a retry costs more.
        return cls(StripeApi.from_settings(payments, timeouts=Timeouts(read_s=60.0), retry=retry))

    async def transfer(self, request: TransferRequest) -> TransferInfo:
        params: dict[str, Any] = {
            "amount": request.amount_cents,
            "currency": request.currency,
            "destination": request.destination_account,
            "transfer_group": request.transfer_group,
            "metadata": dict(request.metadata),
        }
        if request.description:
            params["description"] = request.description

        def create(options: stripe.RequestOptions) -> stripe.Transfer:
            return self._api.sdk.v1.transfers.create(params, options)  # type: ignore[arg-type]

        transfer = await self._api.call(
            f"transfer {request.amount_cents} cents to {request.destination_account}",
            create,
            idempotency_key=request.idempotency_key,
        )
        # Stripe sends the account id, or the expanded account object when asked to expand it.
        destination = transfer.destination
        account = destination if isinstance(destination, str) else getattr(destination, "id", None)
        return TransferInfo(
            id=transfer.id,
            destination_account=account or request.destination_account,
            amount_cents=transfer.amount,
            currency=transfer.currency,
        )
