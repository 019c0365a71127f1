"""What Stripe.js does in the buyer's browser, against localstripe, for tests only.

In production the card never reaches Lakou: Stripe Elements turns it into a PaymentMethod and
confirms the PaymentIntent with its client secret. Here the same steps go straight to
localstripe over HTTP: create a PaymentMethod from the raw card number (localstripe accepts
them; the real API only does for Stripe.js), set it on the PaymentIntent, confirm. localstripe
refuses `payment_method` on confirm, hence the separate update.

Test cards, as localstripe treats them:
- 4242424242424242 succeeds;
- 4000000000000341 is declined when charged (`card_declined`). Stripe also declines
  4000000000000002 at confirmation, but localstripe only declines that one when it is attached
  to a customer, which a guest checkout never does, so it succeeds there;
- 4000002760003184 asks for 3-D Secure: the PaymentIntent waits in `requires_action` until
  `authenticate` passes or fails the challenge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

SUCCEEDING_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000341"
THREE_D_SECURE_CARD = "4000002760003184"


@dataclass(frozen=True)
class ConfirmResult:
    """What Stripe.js hands back to the page: the PaymentIntent, or the card error."""

    status: str  # the PaymentIntent's status after the attempt
    error_code: str | None = None


class StripeBuyer:
    def __init__(self, api_base: str, *, secret_key: str, publishable_key: str) -> None:
        self._api_base = api_base.rstrip("/")
        # localstripe wants the secret key to create PaymentMethods; Stripe.js uses the
        # publishable one, which localstripe accepts only for a few calls (authenticate).
        self._secret_key = secret_key
        self._publishable_key = publishable_key

    async def pay(
        self, payment_id: str, client_secret: str, card_number: str, *, country: str = "FR"
    ) -> ConfirmResult:
        async with self._client() as client:
            method = await self._post(
                client,
                "/v1/payment_methods",
                {
                    "type": "card",
                    "card[number]": card_number,
                    "card[exp_month]": "12",
                    "card[exp_year]": "2034",
                    "card[cvc]": "123",
                    "billing_details[address][country]": country,
                },
            )
            await self._post(
                client, f"/v1/payment_intents/{payment_id}", {"payment_method": method["id"]}
            )
            response = await client.post(f"/v1/payment_intents/{payment_id}/confirm")
            if response.status_code == 402:
                # Like Stripe.js: a card error, the PaymentIntent back to requires_payment_method.
                code = response.json().get("error", {}).get("code")
                intent = await self._get(client, f"/v1/payment_intents/{payment_id}")
                return ConfirmResult(status=intent["status"], error_code=code)
            response.raise_for_status()
            return ConfirmResult(status=response.json()["status"])

    async def authenticate(
        self, payment_id: str, client_secret: str, *, success: bool
    ) -> ConfirmResult:
        """Pass or fail the 3-D Secure challenge, as the bank's page would."""
        async with httpx.AsyncClient(base_url=self._api_base, timeout=10.0) as client:
            response = await client.post(
                f"/v1/payment_intents/{payment_id}/_authenticate",
                data={
                    "key": self._publishable_key,
                    "client_secret": client_secret,
                    "success": "true" if success else "false",
                },
            )
            if response.status_code == 402:
                return ConfirmResult(
                    status="requires_payment_method",
                    error_code=response.json().get("error", {}).get("code"),
                )
            response.raise_for_status()
            intent = response.json()
            error = intent.get("last_payment_error") or {}
            return ConfirmResult(status=intent["status"], error_code=error.get("code"))

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self._api_base, auth=(self._secret_key, ""), timeout=10.0)

    @staticmethod
    async def _post(client: httpx.AsyncClient, path: str, data: dict[str, str]) -> Any:
        response = await client.post(path, data=data)
        response.raise_for_status()
        return response.json()

    @staticmethod
    async def _get(client: httpx.AsyncClient, path: str) -> Any:
        response = await client.get(path)
        response.raise_for_status()
        return response.json()
