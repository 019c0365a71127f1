"""`lakou payouts`: an operator creates and executes a payout run in one go."""

from __future__ import annotations

from uuid import UUID

from marketplace.revenue.payout_service import PayoutService, RunReport


async def run_payouts(
    payouts: PayoutService, run_id: UUID | None, min_payout_cents: int
) -> RunReport:
    """Execute `run_id` (to finish an interrupted run) or a new run requested by the operator."""
    if run_id is None:
        run_id = (await payouts.request_run(None, min_payout_cents)).id
    return await payouts.execute(run_id)


def describe(report: RunReport) -> str:
    if report.already_completed:
        return f"run {report.run_id} was already completed: nothing sent"
    euros = f"{report.sent_cents // 100}.{report.sent_cents % 100:02d}"
    text = f"run {report.run_id}: {report.sent} transfer(s) sent, {euros} EUR"
    if report.failed:
        text += f"; {report.failed} refused (balances kept)"
    if report.unavailable:
        text += f"; {report.unavailable} pending (provider unavailable: run again with --run-id)"
    return text
