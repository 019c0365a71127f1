"""One configured Stripe SDK client, and the retry loop every call goes through.

The SDK is used synchronously, each call in a worker thread (`asyncio.to_thread`), over one
sync httpx client: thread-safe, one connection pool, closable, and bound to no event loop, so
one gateway can serve the API's loop, the relay's loop and the worker threads alike.

The SDK's own retries are off so that this module alone decides: transient failures
(connection errors, timeouts, HTTP 5xx, 429) are retried with exponential backoff, every
attempt of a POST carrying the same idempotency key, so Stripe applies the request at most
once however many attempts reach it.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import httpx
import stripe

from infra.errors import Conflict, NotFound
from infra.settings import PaymentSettings, SettingsError
from marketplace.payments.errors import PaymentError
from marketplace.payments.port import GatewayUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

# One call to the SDK, given the request options (idempotency key) to pass on.
SdkCall = Callable[[stripe.RequestOptions], T]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    first_backoff_s: float = 0.25  # then doubled on each retry ...
    max_backoff_s: float = 2.0  # ... up to this

    def backoff_s(self, failed_attempts: int) -> float:
        ceiling = min(self.max_backoff_s, self.first_backoff_s * 2.0 ** (failed_attempts - 1))
        # Jitter spreads the retries of many clients hit by the same outage.
        return ceiling * random.uniform(0.5, 1.0)


@dataclass(frozen=True)
class Timeouts:
    connect_s: float = 5.0
    # Stripe answers in well under a second; a checkout page should not hang much longer.
    read_s: float = 20.0


def build_http_client(timeouts: Timeouts) -> stripe.HTTPXClient:
    return stripe.HTTPXClient(
        timeout=httpx.Timeout(timeouts.read_s, connect=timeouts.connect_s),
        allow_sync_methods=True,  # the SDK's async path would tie the client to one loop
    )


def build_sdk_client(
    secret_key: str, http_client: stripe.HTTPClient, *, api_base: str | None = None
) -> stripe.StripeClient:
    return stripe.StripeClient(
        secret_key,
        # localstripe in tests (and `make run` with it), Stripe itself otherwise.
        base_addresses={"api": api_base} if api_base else None,
        http_client=http_client,
        max_network_retries=0,  # StripeApi.call retries, with its own policy
    )


class StripeApi:
    """The SDK client plus the retry loop; the only way the gateway reaches Stripe."""

    def __init__(
        self,
        sdk: stripe.StripeClient,
        *,
        http_client: stripe.HTTPClient | None = None,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.sdk = sdk
        self._http_client = http_client
        self._retry = retry
        self._sleep = sleep

    @classmethod
    def from_settings(
        cls,
        settings: PaymentSettings,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> StripeApi:
        if not settings.stripe_secret_key:
            raise SettingsError("LAKOU_STRIPE_SECRET_KEY must be set to use Stripe")
        http_client = build_http_client(timeouts or Timeouts())
        sdk = build_sdk_client(
            settings.stripe_secret_key, http_client, api_base=settings.stripe_api_base
        )
        return cls(sdk, http_client=http_client, retry=retry or RetryPolicy())

    async def call(
        self, what: str, request: SdkCall[T], *, idempotency_key: str | None = None
    ) -> T:
        """Run `request` until it succeeds, fails for good, or the attempts run out.

        `what` names the operation in logs and errors ("create the payment of order 42").
        POST requests must pass an idempotency key: the SDK would otherwise draw a new one
        per attempt, and a retry after a lost answer could charge or refund twice.
        """
        options: stripe.RequestOptions = {}
        if idempotency_key is not None:
            options["idempotency_key"] = idempotency_key
        attempt = 0
        while True:
            attempt += 1
            try:
                return await asyncio.to_thread(request, options)
            except stripe.StripeError as error:
                if not is_transient(error):
                    raise translate_refusal(what, error) from error
                if attempt >= self._retry.max_attempts:
                    raise GatewayUnavailable(
                        PaymentError.GATEWAY_UNAVAILABLE,
                        operation=what,
                        reason=describe(error),
                        attempts=attempt,
                        details={"attempts": attempt},
                    ) from error
                delay = self._retry.backoff_s(attempt)
                log.warning(
                    "stripe: %s failed (%s), attempt %d of %d, retrying in %.2f s",
                    what,
                    describe(error),
                    attempt,
                    self._retry.max_attempts,
                    delay,
                )
                await self._sleep(delay)

    def close(self) -> None:
        """Close the connection pool (at shutdown; later calls would fail)."""
        if self._http_client is not None:
            self._http_client.close()  # type: ignore[no-untyped-call]  # untyped in the SDK


def new_idempotency_key(prefix: str) -> str:
    """A key for a POST the caller gave none for, drawn once and reused by every attempt."""
    return f"{prefix}-{uuid.uuid4()}"


def is_transient(error: stripe.StripeError) -> bool:
    """Worth another attempt with the same idempotency key: nothing was decided."""
    advice = _header(error.headers, "stripe-should-retry")
    if advice == "false":
        return False
    if advice == "true":
        return True
    if isinstance(error, stripe.APIConnectionError):
        # Connection refused, reset, timed out: yes; a bad TLS certificate: no.
        return error.should_retry
    status = error.http_status or 0
    return status == 429 or status >= 500


def translate_refusal(what: str, error: stripe.StripeError) -> Exception:
    """A definite answer from Stripe, as a framework-free error the HTTP layer renders."""
    if isinstance(error, stripe.IdempotencyError):
        # The same key came back with other parameters: a caller bug, never retried.
        return Conflict(PaymentError.IDEMPOTENCY_CONFLICT, operation=what)
    if isinstance(error, stripe.AuthenticationError | stripe.PermissionError):
        # Misconfigured keys: the buyer can do nothing about it, so it is our outage.
        return GatewayUnavailable(
            PaymentError.GATEWAY_MISCONFIGURED, operation=what, reason=describe(error)
        )
    if error.http_status == 404:
        return NotFound(
            PaymentError.PAYMENT_NOT_FOUND_AT_STRIPE, operation=what, reason=describe(error)
        )
    # A request Stripe understood and refused (cancel a succeeded payment, refund too much).
    return Conflict(
        PaymentError.GATEWAY_REFUSED,
        operation=what,
        reason=describe(error),
        details={"stripe_code": error.code},
    )


def describe(error: stripe.StripeError) -> str:
    message = " ".join((error.user_message or type(error).__name__).split())
    status = f"HTTP {error.http_status}: " if error.http_status else ""
    return f"{status}{message}"


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None
