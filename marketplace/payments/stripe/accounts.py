"""Stripe Connect Express accounts for rights holders: revenue's `ConnectedAccounts` port.

Every call goes through `StripeApi.call` (retries with the same idempotency key). An account is
created once per person: the key is derived from the person by the caller, and revenue keeps
the id it got, so a double click or a retried request finds the same account. Account links are
single-use bearer URLs that expire within minutes: a new one is made each time one is needed.
"""

from __future__ import annotations

import json
from typing import Any

import stripe

from infra.settings import PaymentSettings
from marketplace.payments.errors import PaymentError
from marketplace.payments.port import InvalidSignature, stripe_country
from marketplace.payments.stripe.client import StripeApi, new_idempotency_key
from marketplace.payments.stripe.webhooks import TOLERANCE_S, signature_refusal
from marketplace.revenue.connect.ports import AccountNotice, AccountState, OnboardingLink


class StripeConnectedAccounts:
    name = "stripe"
    is_test = False

    def __init__(self, api: StripeApi, *, tolerance_s: int = TOLERANCE_S) -> None:
        self._api = api
        self._tolerance_s = tolerance_s

    @classmethod
    def from_settings(cls, payments: PaymentSettings) -> StripeConnectedAccounts:
        return cls(StripeApi.from_settings(payments))

    async def create_account(
        self, *, country: str, email: str, idempotency_key: str
    ) -> AccountState:
        params: dict[str, Any] = {
            "type": "express",
            # Stripe onboards the overseas departments' people as France.
            "country": stripe_country(country),
            "email": email,
            "capabilities": {"transfers": {"requested": True}},
        }

        def create(options: stripe.RequestOptions) -> stripe.Account:
            return self._api.sdk.v1.accounts.create(params, options)  # type: ignore[arg-type]

        account = await self._api.call(
            "create a connected account", create, idempotency_key=idempotency_key
        )
        return _state(account)

    async def onboarding_link(
        self, account_id: str, *, refresh_url: str, return_url: str
    ) -> OnboardingLink:
        params: dict[str, Any] = {
            "account": account_id,
            "refresh_url": refresh_url,
            "return_url": return_url,
            "type": "account_onboarding",
        }

        def create(options: stripe.RequestOptions) -> stripe.AccountLink:
            return self._api.sdk.v1.account_links.create(params, options)  # type: ignore[arg-type]

        # Each link is new on purpose (single use); the key only guards this one request's retries.
        link = await self._api.call(
            f"make an onboarding link for {account_id}",
            create,
            idempotency_key=new_idempotency_key("lakou-account-link"),
        )
        return OnboardingLink(url=link.url, expires_at=int(link.expires_at))

    async def retrieve(self, account_id: str) -> AccountState:
        def read(options: stripe.RequestOptions) -> stripe.Account:
            return self._api.sdk.v1.accounts.retrieve(account_id, options=options)

        return _state(await self._api.call(f"read the connected account {account_id}", read))

    async def dashboard_link(self, account_id: str) -> str:
        def create(options: stripe.RequestOptions) -> stripe.LoginLink:
            return self._api.sdk.v1.accounts.login_links.create(account_id, options=options)

        # Single use, like onboarding links: a new one each time, the key for retries only.
        link = await self._api.call(
            f"make a dashboard link for {account_id}",
            create,
            idempotency_key=new_idempotency_key("lakou-login-link"),
        )
        return str(link.url)

    def verify_notice(
        self, raw_body: bytes, signature_header: str | None, secret: str
    ) -> AccountNotice:
        if not signature_header:
            raise InvalidSignature(PaymentError.SIGNATURE_MISSING)
        try:
            stripe.WebhookSignature.verify_header(
                raw_body, signature_header, secret, self._tolerance_s
            )
        except UnicodeDecodeError as error:
            raise InvalidSignature(PaymentError.SIGNATURE_NOT_UTF8) from error
        except stripe.SignatureVerificationError as error:
            raise InvalidSignature(signature_refusal(error), seconds=self._tolerance_s) from error
        try:
            event = json.loads(raw_body)
        except ValueError as error:
            raise InvalidSignature(PaymentError.BODY_NOT_JSON) from error
        if not isinstance(event, dict) or not isinstance(event.get("id"), str):
            raise InvalidSignature(PaymentError.NOT_AN_EVENT)
        return AccountNotice(
            event_id=event["id"],
            event_type=str(event.get("type") or ""),
            account_id=_account_of(event),
        )


def _account_of(event: dict[str, Any]) -> str | None:
    """The account the event is about: Connect events name it in `account`, and an
    `account.updated` event carries the account itself as its object."""
    obj = (event.get("data") or {}).get("object") or {}
    if isinstance(obj, dict) and obj.get("object") == "account" and isinstance(obj.get("id"), str):
        return str(obj["id"])
    account = event.get("account")
    return account if isinstance(account, str) else None


def _state(account: stripe.Account) -> AccountState:
    return AccountState(
        account_id=account.id,
        details_submitted=bool(getattr(account, "details_submitted", False)),
        payouts_enabled=bool(getattr(account, "payouts_enabled", False)),
    )
