"""The revenue context's events."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class SplitSheetChanged(EventPayload, frozen=True, kw_only=True):
    work_id: UUID
    version: int
    holders: int
    by: UUID


class PayoutRunRequested(EventPayload, frozen=True, kw_only=True):
    run_id: UUID
    requested_by: UUID | None
    min_payout_cents: int


class PayoutSent(EventPayload, frozen=True, kw_only=True):
    run_id: UUID
    holder_id: UUID
    transfer_id: str
    amount_cents: int
    currency: str


class ConnectAccountNotified(EventPayload, frozen=True, kw_only=True):
    account_id: str
    stripe_event: str


class ConnectAccountDisconnected(EventPayload, frozen=True, kw_only=True):
    account_id: str
    user_id: UUID
    stripe_event: str


class OnboardingNeeded(EventPayload, frozen=True, kw_only=True):
    run_id: UUID
    holder_id: UUID
    user_id: UUID
    balance_cents: int


SPLIT_SHEET_UPDATED = EventType(
    "split_sheet.updated", SplitSheetChanged, "a work's rights holders or shares changed"
)
PAYOUT_RUN_REQUESTED = EventType(
    "payout.run_requested", PayoutRunRequested, "staff or the operator asked for a payout run"
)
PAYOUT_SENT = EventType("payout.sent", PayoutSent, "a transfer to a rights holder was made")

CONNECT_ACCOUNT_NOTIFIED = EventType(
    "connect.account_notified",
    ConnectAccountNotified,
    "Stripe said a rights holder's connected account changed (read it again)",
)
CONNECT_ACCOUNT_DISCONNECTED = EventType(
    "connect.account_disconnected",
    ConnectAccountDisconnected,
    "a rights holder disconnected their Connect account from Lakou (Stripe's "
    "account.application.deauthorized): its payouts are held until they onboard again",
)
PAYOUT_ONBOARDING_NEEDED = EventType(
    "payout.onboarding_needed",
    OnboardingNeeded,
    "a payout run carried a holder's balance over: their payout account is not usable yet",
)

PUBLISHED = (
    SPLIT_SHEET_UPDATED,
    PAYOUT_RUN_REQUESTED,
    PAYOUT_SENT,
    CONNECT_ACCOUNT_NOTIFIED,
    CONNECT_ACCOUNT_DISCONNECTED,
    PAYOUT_ONBOARDING_NEEDED,
)
