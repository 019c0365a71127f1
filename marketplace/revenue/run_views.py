"""Payout runs as staff read them in the back office (`/staff/versements`): each run with its
totals, and one run's payouts with their holders' names. Staff only, as the API's reads are."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from accounts.domain import Principal
from accounts.errors import AccountError
from infra.errors import Forbidden, NotFound
from marketplace.revenue.connect.repository import PiccoloConnectRepository
from marketplace.revenue.domain.payouts import Payout, PayoutRun, PayoutStatus
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.payout_repository import PiccoloPayoutRepository
from marketplace.revenue.split_repository import SplitRepository

RUNS_SHOWN = 50


@dataclass(frozen=True)
class RunTotals:
    run: PayoutRun
    payouts: int
    sent_cents: int
    pending_cents: int
    failures: int


@dataclass(frozen=True)
class HolderPayout:
    payout: Payout
    holder_name: str  # "" when the holder is gone
    # Paid into an account typed on a split sheet before Connect (not one Lakou made): still
    # paid until the holder onboards, flagged so staff can ask them to (docs/decisions.md).
    legacy_account: bool = False


def totals(run: PayoutRun, payouts: list[Payout]) -> RunTotals:
    def cents(status: PayoutStatus) -> int:
        return sum(p.amount_cents for p in payouts if p.status is status)

    return RunTotals(
        run=run,
        payouts=len(payouts),
        sent_cents=cents(PayoutStatus.SENT),
        pending_cents=cents(PayoutStatus.PENDING),
        failures=sum(1 for p in payouts if p.status is PayoutStatus.FAILED),
    )


class PayoutRunViews:
    def __init__(
        self,
        payouts: PiccoloPayoutRepository,
        splits: SplitRepository,
        connected: PiccoloConnectRepository,
    ) -> None:
        self._payouts = payouts
        self._splits = splits
        self._connected = connected

    async def runs(self, who: Principal) -> list[RunTotals]:
        """The latest runs, newest first, each with its payouts counted and summed."""
        _staff(who)
        runs = await self._payouts.list_runs(RUNS_SHOWN)
        by_run = await self._payouts.payouts_of_runs([run.id for run in runs])
        return [totals(run, by_run.get(run.id, [])) for run in runs]

    async def run(self, who: Principal, run_id: UUID) -> tuple[RunTotals, list[HolderPayout]]:
        _staff(who)
        run = await self._payouts.get_run(run_id)
        if run is None:
            raise NotFound(RevenueError.PAYOUT_RUN_NOT_FOUND)
        payouts = await self._payouts.payouts_of(run_id)
        holders = await self._splits.holders(p.holder_id for p in payouts)
        ours = await self._connected.made_here(p.destination_account for p in payouts)
        named = [
            HolderPayout(
                p,
                holders[p.holder_id].name if p.holder_id in holders else "",
                legacy_account=p.destination_account not in ours,
            )
            for p in payouts
        ]
        return totals(run, payouts), named


def _staff(who: Principal) -> None:
    if not who.is_staff:
        raise Forbidden(AccountError.STAFF_ONLY)
