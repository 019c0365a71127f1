"""The port revenue owns for connected accounts; Stripe (and the test default) implement it.

Only what Lakou acts upon crosses it: an account's id and whether Stripe says it can receive
payouts. The onboarding link is a short-lived bearer URL: it is never stored or logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class AccountState:
    account_id: str
    details_submitted: bool  # the holder finished Stripe's onboarding form
    payouts_enabled: bool  # Stripe will pay out what Lakou transfers to the account


@dataclass(frozen=True)
class OnboardingLink:
    url: str
    expires_at: int  # unix seconds; Stripe's links last a few minutes


@dataclass(frozen=True)
class AccountNotice:
    """A verified `account.updated` notification: only the account id is acted upon."""

    event_id: str
    event_type: str
    account_id: str | None


class ConnectedAccounts(Protocol):
    name: str
    is_test: bool  # True for the embedded default: nothing is created at Stripe

    async def create_account(
        self, *, country: str, email: str, idempotency_key: str
    ) -> AccountState:
        """An Express account able to receive transfers; the same key gives the same account."""
        ...

    async def onboarding_link(
        self, account_id: str, *, refresh_url: str, return_url: str
    ) -> OnboardingLink: ...

    async def retrieve(self, account_id: str) -> AccountState: ...

    async def dashboard_link(self, account_id: str) -> str:
        """A single-use link logging the person into their Express dashboard (Stripe's
        payouts, bank account, tax forms); never stored or logged."""
        ...

    def verify_notice(
        self, raw_body: bytes, signature_header: str | None, secret: str
    ) -> AccountNotice:
        """Check the Connect webhook's signature over the exact bytes received."""
        ...
