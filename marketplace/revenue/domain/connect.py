"""A person's connected account and what it means for payouts, as pure rules.

Lakou pays a holder's Connect account only once Stripe says it can receive payouts: until then
the holder's balance waits for a later run (and the person is told, once, to finish).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.events.model import EventRecorder
from marketplace.revenue.events import (
    CONNECT_ACCOUNT_DISCONNECTED,
    CONNECT_ACCOUNT_NOTIFIED,
    PAYOUT_ONBOARDING_NEEDED,
    ConnectAccountDisconnected,
    ConnectAccountNotified,
    OnboardingNeeded,
)


class ConnectStatus(StrEnum):
    NOT_STARTED = "not_started"  # no account yet: "Get paid" makes one
    STARTED = "started"  # an account, but Stripe's form is not finished
    IN_REVIEW = "in_review"  # the form is done; Stripe has not enabled payouts yet
    ENABLED = "enabled"  # payouts enabled: payout runs pay this account
    # The person disconnected it from Lakou at Stripe: nothing is paid there; their balance
    # waits until they onboard again (a new account).
    DISCONNECTED = "disconnected"


@dataclass
class ConnectAccount(EventRecorder):
    id: UUID
    user_id: UUID
    account_id: str
    country: str
    created_at: datetime
    updated_at: datetime
    details_submitted: bool = False
    payouts_enabled: bool = False
    disconnected_at: datetime | None = None

    @property
    def usable(self) -> bool:
        """A payout run may pay into it."""
        return self.payouts_enabled and self.disconnected_at is None

    @property
    def status(self) -> ConnectStatus:
        if self.disconnected_at is not None:
            return ConnectStatus.DISCONNECTED
        if self.payouts_enabled:
            return ConnectStatus.ENABLED
        return ConnectStatus.IN_REVIEW if self.details_submitted else ConnectStatus.STARTED

    def observe(self, details_submitted: bool, payouts_enabled: bool, now: datetime) -> bool:
        """Take what Stripe reports now (never the body of a webhook); True when it changed."""
        changed = (details_submitted, payouts_enabled) != (
            self.details_submitted,
            self.payouts_enabled,
        )
        self.details_submitted = details_submitted
        self.payouts_enabled = payouts_enabled
        self.updated_at = now
        return changed

    def disconnect(self, event_id: str, now: datetime) -> bool:
        """Stripe said (in a signed event) the person revoked Lakou's access: the account is
        unusable at once (it cannot even be read any more). True the first time."""
        if self.disconnected_at is not None:
            return False
        self.disconnected_at = now
        self.payouts_enabled = False
        self.updated_at = now
        self.record(
            CONNECT_ACCOUNT_DISCONNECTED.event(
                self.id,
                ConnectAccountDisconnected(
                    account_id=self.account_id, user_id=self.user_id, stripe_event=event_id
                ),
            )
        )
        return True

    def reconnected(self, account_id: str, now: datetime) -> None:
        """Onboarding again after a disconnection: a new account takes the old one's place."""
        self.account_id = account_id
        self.details_submitted = False
        self.payouts_enabled = False
        self.disconnected_at = None
        self.updated_at = now

    def notified(self, event_id: str) -> None:
        """Stripe said the account changed: a worker reads it again."""
        self.record(
            CONNECT_ACCOUNT_NOTIFIED.event(
                self.id, ConnectAccountNotified(account_id=self.account_id, stripe_event=event_id)
            )
        )


def status_of(account: ConnectAccount | None) -> ConnectStatus:
    return account.status if account is not None else ConnectStatus.NOT_STARTED


@dataclass
class WaitingHolders(EventRecorder):
    """Holders a run carried over for want of a usable account: each person is told."""

    run_id: UUID

    def need_onboarding(self, holder_id: UUID, user_id: UUID, balance_cents: int) -> None:
        self.record(
            PAYOUT_ONBOARDING_NEEDED.event(
                holder_id,
                OnboardingNeeded(
                    run_id=self.run_id,
                    holder_id=holder_id,
                    user_id=user_id,
                    balance_cents=balance_cents,
                ),
            )
        )
