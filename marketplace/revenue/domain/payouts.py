"""Payout runs and the payouts they send to rights holders' connected accounts.

A payout reserves the holder's unpaid entries before any money moves, then sends one transfer
whose idempotency key is derived from (run, holder): retrying the run after a crash sends the
same key with the same amount, so the provider answers with the transfer it already made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.errors import InvalidInput
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.events import (
    PAYOUT_RUN_REQUESTED,
    PAYOUT_SENT,
    PayoutRunRequested,
    PayoutSent,
)

# Below one euro a transfer costs more attention than it is worth; the balance waits.
MIN_PAYOUT_CENTS = 100
CURRENCY = "eur"


class RunStatus(StrEnum):
    REQUESTED = "requested"
    RUNNING = "running"  # started; a crash or an unavailable provider leaves it here
    COMPLETED = "completed"


class PayoutStatus(StrEnum):
    PENDING = "pending"  # entries reserved, transfer not confirmed yet
    SENT = "sent"
    FAILED = "failed"  # refused by the provider; its entries went back to the balance


def idempotency_key(run_id: UUID, holder_id: UUID) -> str:
    return f"lakou-payout-{run_id}-{holder_id}"


@dataclass
class PayoutRun(EventRecorder):
    id: UUID
    requested_by: UUID | None  # None: an operator at the command line
    requested_at: datetime
    min_payout_cents: int
    status: RunStatus = RunStatus.REQUESTED
    completed_at: datetime | None = None
    period: str | None = None  # the schedule's period of a scheduled run

    @classmethod
    def request(
        cls,
        by: UUID | None,
        now: datetime,
        min_payout_cents: int = MIN_PAYOUT_CENTS,
        period: str | None = None,
    ) -> PayoutRun:
        if min_payout_cents < MIN_PAYOUT_CENTS:
            raise InvalidInput(RevenueError.INVALID_MIN_PAYOUT, minimum=MIN_PAYOUT_CENTS)
        run = cls(new_id(), by, now, min_payout_cents, period=period)
        run.record(
            PAYOUT_RUN_REQUESTED.event(
                run.id,
                PayoutRunRequested(
                    run_id=run.id, requested_by=by, min_payout_cents=min_payout_cents
                ),
            )
        )
        return run

    def start(self) -> None:
        if self.status is RunStatus.REQUESTED:
            self.status = RunStatus.RUNNING

    def complete(self, now: datetime) -> None:
        self.status = RunStatus.COMPLETED
        self.completed_at = now


@dataclass
class Payout(EventRecorder):
    id: UUID
    run_id: UUID
    holder_id: UUID
    destination_account: str
    amount_cents: int
    created_at: datetime
    currency: str = CURRENCY
    status: PayoutStatus = PayoutStatus.PENDING
    transfer_id: str | None = None
    failure: str | None = None
    sent_at: datetime | None = None

    @property
    def idempotency_key(self) -> str:
        return idempotency_key(self.run_id, self.holder_id)

    def mark_sent(self, transfer_id: str, now: datetime) -> None:
        if self.status is not PayoutStatus.PENDING:
            return
        self.status = PayoutStatus.SENT
        self.transfer_id = transfer_id
        self.sent_at = now
        self.record(
            PAYOUT_SENT.event(
                self.id,
                PayoutSent(
                    run_id=self.run_id,
                    holder_id=self.holder_id,
                    transfer_id=transfer_id,
                    amount_cents=self.amount_cents,
                    currency=self.currency,
                ),
            )
        )

    def mark_failed(self, reason: str) -> None:
        if self.status is PayoutStatus.PENDING:
            self.status = PayoutStatus.FAILED
            self.failure = reason[:200]
