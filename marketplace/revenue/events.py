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


SPLIT_SHEET_UPDATED = EventType(
    "split_sheet.updated", SplitSheetChanged, "a work's rights holders or shares changed"
)
PAYOUT_RUN_REQUESTED = EventType(
    "payout.run_requested", PayoutRunRequested, "staff or the operator asked for a payout run"
)
PAYOUT_SENT = EventType("payout.sent", PayoutSent, "a transfer to a rights holder was made")

PUBLISHED = (SPLIT_SHEET_UPDATED, PAYOUT_RUN_REQUESTED, PAYOUT_SENT)
