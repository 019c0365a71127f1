"""Payout runs: staff request one (an event), a worker or an operator executes it.

Executing is safe to repeat and to interrupt. Each holder's payout first reserves the
holder's unpaid entries in one transaction, then sends a transfer keyed by (run, holder), then
records it as sent (with a `payout.sent` event) in another. A crash between the two leaves a
pending payout that the next execution of the run sends again with the same key and amount:
the provider returns the transfer it already made, so nothing is paid twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.domain import Principal
from accounts.errors import AccountError
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, Forbidden, NotFound
from infra.ids import new_id
from marketplace.payments.port import GatewayUnavailable, PayoutGateway, TransferRequest
from marketplace.revenue.db_errors import is_unique_violation
from marketplace.revenue.domain.connect import WaitingHolders
from marketplace.revenue.domain.payouts import (
    MIN_PAYOUT_CENTS,
    Payout,
    PayoutRun,
    PayoutStatus,
    RunStatus,
)
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.ledger_repository import PiccoloLedgerRepository
from marketplace.revenue.payout_accounts import PayoutAccounts, SheetAccounts
from marketplace.revenue.payout_repository import PiccoloPayoutRepository
from marketplace.revenue.split_repository import SplitRepository

log = logging.getLogger("lakou.revenue")


@dataclass
class RunReport:
    run_id: UUID
    sent: int = 0
    sent_cents: int = 0
    carried_over: int = 0  # holders with enough due but no usable account yet
    failed: int = 0
    unavailable: int = 0  # left pending: the provider was down; run again later
    already_completed: bool = False


class _TooSmall(Exception):
    """Rolls back a reservation whose netted balance is under the run's minimum."""


class PayoutService:
    def __init__(
        self,
        payouts: PiccoloPayoutRepository,
        ledger: PiccoloLedgerRepository,
        splits: SplitRepository,
        gateway: PayoutGateway,
        unit_of_work: Callable[[], UnitOfWork],
        audit: AuditTrail,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        accounts: PayoutAccounts | None = None,
    ) -> None:
        self._payouts = payouts
        self._ledger = ledger
        self._splits = splits
        self._gateway = gateway
        self._uow = unit_of_work
        self._audit = audit
        self._now = clock
        self._accounts = accounts or SheetAccounts()

    async def request_run(
        self, who: Principal | None, min_payout_cents: int = MIN_PAYOUT_CENTS
    ) -> PayoutRun:
        """Staff (or an operator: `who` None) ask for a run; a worker executes it."""
        if who is not None and not who.is_staff:
            raise Forbidden(AccountError.STAFF_ONLY)
        async with self._uow() as uow:
            run = PayoutRun.request(who.user_id if who else None, self._now(), min_payout_cents)
            await self._payouts.add_run(run)
            await self._audit.record(
                actor_id=run.requested_by,
                action="payout_run.requested",
                object_type="payout_run",
                object_id=str(run.id),
                after={"status": run.status.value, "min_payout_cents": run.min_payout_cents},
            )
            uow.track(run)
        return run

    async def request_scheduled_run(self, period: str, min_payout_cents: int) -> PayoutRun | None:
        """The schedule's run of `period`, once: None when it exists already. The unique index
        on the period settles two schedulers firing at the same instant."""
        if await self._payouts.run_of_period(period) is not None:
            return None
        try:
            async with self._uow() as uow:
                run = PayoutRun.request(None, self._now(), min_payout_cents, period=period)
                await self._payouts.add_run(run)
                await self._audit.record(
                    actor_id=None,
                    action="payout_run.requested",
                    object_type="payout_run",
                    object_id=str(run.id),
                    after={"status": run.status.value, "period": period},
                )
                uow.track(run)
        except Exception as error:
            if is_unique_violation(error):  # the other scheduler made it: its event stands
                return None
            raise
        return run

    async def get_run(self, who: Principal, run_id: UUID) -> tuple[PayoutRun, list[Payout]]:
        run = await self._payouts.get_run(run_id) if who.is_staff else None
        if run is None:
            raise NotFound(RevenueError.PAYOUT_RUN_NOT_FOUND)
        return run, await self._payouts.payouts_of(run_id)

    async def execute(self, run_id: UUID) -> RunReport:
        report = RunReport(run_id)
        run = await self._payouts.get_run(run_id)
        if run is None:
            raise NotFound(RevenueError.PAYOUT_RUN_NOT_FOUND)
        if run.status is RunStatus.COMPLETED:
            report.already_completed = True
            return report
        async with self._uow():
            run.start()
            await self._payouts.save_run(run)
        # Payouts an interrupted execution left pending (this run's or an older one's) go
        # first, with their own keys: the provider answers with the transfer if it was made.
        for payout in await self._payouts.pending():
            await self._send(payout, report)
        for holder_id, account in await self._eligible(run, report):
            reserved = await self._reserve(run, holder_id, account)
            if reserved is not None:
                await self._send(reserved, report)
        if report.unavailable == 0:
            async with self._uow():
                run.complete(self._now())
                await self._payouts.save_run(run)
        return report

    async def _eligible(self, run: PayoutRun, report: RunReport) -> list[tuple[UUID, str]]:
        """Holders with a usable account and enough unpaid; the others keep their balance, and
        the people among them are told to finish their onboarding."""
        balances = await self._ledger.unpaid_balances()
        holders = await self._splits.holders(
            h for h, cents in balances.items() if cents >= run.min_payout_cents
        )
        usable = await self._accounts.usable(holders)
        waiting, told = WaitingHolders(run.id), 0
        for holder in holders.values():
            if holder.id not in usable:
                report.carried_over += 1
                if holder.user_id is not None:
                    waiting.need_onboarding(holder.id, holder.user_id, balances[holder.id])
                    told += 1
        if told:
            async with self._uow() as uow:
                uow.track(waiting)
        return sorted(usable.items())

    async def _reserve(self, run: PayoutRun, holder_id: UUID, account: str) -> Payout | None:
        try:
            async with self._uow():
                if await self._payouts.payout_of(run.id, holder_id) is not None:
                    return None  # this run already paid (or refused) this holder
                payout_id = new_id()
                amount = await self._ledger.reserve(holder_id, payout_id)
                if amount < run.min_payout_cents:
                    raise _TooSmall
                payout = Payout(payout_id, run.id, holder_id, account, amount, self._now())
                await self._payouts.add_payout(payout)
            return payout
        except _TooSmall:
            return None
        except Exception as error:
            if is_unique_violation(error):  # another execution of this run got there first
                return None
            raise

    async def _send(self, payout: Payout, report: RunReport) -> None:
        request = TransferRequest(
            destination_account=payout.destination_account,
            amount_cents=payout.amount_cents,
            currency=payout.currency,
            idempotency_key=payout.idempotency_key,
            transfer_group=f"lakou-run-{payout.run_id}",
            description="Lakou : reversement aux ayants droit",
            metadata={
                "run_id": str(payout.run_id),
                "holder_id": str(payout.holder_id),
                "payout_id": str(payout.id),
            },
        )
        try:
            transfer = await self._gateway.transfer(request)
        except GatewayUnavailable:
            log.warning("payout %s left pending: the provider is unavailable", payout.id)
            report.unavailable += 1
            return
        except AppError as refused:
            await self._settle(payout.id, None, refused.code)
            report.failed += 1
            return
        if transfer.amount_cents != payout.amount_cents:
            log.error("transfer %s amount differs from payout %s", transfer.id, payout.id)
        if await self._settle(payout.id, transfer.id, None):
            report.sent += 1
            report.sent_cents += payout.amount_cents

    async def _settle(self, payout_id: UUID, transfer_id: str | None, failure: str | None) -> bool:
        """Record the outcome once, re-reading the payout under a lock; True when it changed."""
        async with self._uow() as uow:
            payout = await self._payouts.get_payout(payout_id, for_update=True)
            if payout is None or payout.status is not PayoutStatus.PENDING:
                return False
            if transfer_id is not None:
                payout.mark_sent(transfer_id, self._now())
                await self._ledger.mark_paid(payout.id, transfer_id)
            else:
                # Refused (e.g. a closed account): nothing moved, the entries go back to the
                # balance for a later run once the holder's account is fixed.
                payout.mark_failed(failure or "refused")
                await self._ledger.release(payout.id)
            await self._payouts.save_payout(payout)
            uow.track(payout)
        return True
