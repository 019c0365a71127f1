"""`lakou payouts`: an operator creates and executes a payout run in one go."""

from __future__ import annotations

import asyncio
import sys
from uuid import UUID

import click

from infra.errors import AppError
from infra.services import ServiceLookup
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


@click.command(help="Create and execute a payout run now (or finish an interrupted one).")
@click.option("--run-id", type=click.UUID, default=None, help="Finish this run instead.")
@click.option("--min-cents", type=int, default=100, show_default=True)
@click.pass_obj
def payouts(services: ServiceLookup, run_id: UUID | None, min_cents: int) -> None:
    try:
        report = asyncio.run(run_payouts(services.get(PayoutService), run_id, min_cents))
    except AppError as error:
        raise click.ClickException(error.message) from None
    click.echo(describe(report))
    if report.unavailable:
        sys.exit(1)
