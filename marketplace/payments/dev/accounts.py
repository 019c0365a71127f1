"""Test connected accounts for the embedded default: NO ACCOUNT IS MADE AT STRIPE.

"Get paid" still goes through the same steps as with Stripe (an account, a link, the return),
but the link leads straight back to Lakou's return page and the account is at once able to
receive the test payouts (`TestPayouts`), which move no money either.
"""

from __future__ import annotations

import hashlib
import time

from marketplace.payments.errors import PaymentError
from marketplace.payments.port import InvalidSignature
from marketplace.revenue.connect.ports import AccountNotice, AccountState, OnboardingLink

# A link as short-lived as Stripe's (about five minutes).
_LINK_LIFETIME_S = 300


class TestConnectedAccounts:
    __test__ = False  # a product class, not a pytest test case
    name = "test"
    is_test = True

    async def create_account(
        self, *, country: str, email: str, idempotency_key: str
    ) -> AccountState:
        # The same key always names the same account, as Stripe's idempotency would.
        digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
        return AccountState(f"acct_test{digest}", details_submitted=False, payouts_enabled=False)

    async def onboarding_link(
        self, account_id: str, *, refresh_url: str, return_url: str
    ) -> OnboardingLink:
        return OnboardingLink(url=return_url, expires_at=int(time.time()) + _LINK_LIFETIME_S)

    async def retrieve(self, account_id: str) -> AccountState:
        return AccountState(account_id, details_submitted=True, payouts_enabled=True)

    async def dashboard_link(self, account_id: str) -> str:
        # No dashboard without Stripe: the holder's own page says what there is to see.
        return "/revenus#connect"

    def verify_notice(
        self, raw_body: bytes, signature_header: str | None, secret: str
    ) -> AccountNotice:
        # The embedded default has no Connect webhooks: nothing it receives is genuine.
        raise InvalidSignature(PaymentError.SIGNATURE_MISMATCH)
