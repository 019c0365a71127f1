"""`lakou reconcile`: catch up with payments whose webhooks were missed."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import click

from infra.services import ServiceLookup
from marketplace.orders.settlement import Settlement
from marketplace.payments.notifications import PaymentNotifications


@click.command(
    help="Pull payment events missed while webhooks were down, then settle stale orders."
)
@click.option(
    "--stale-minutes",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Also re-read the payment of orders pending for longer than this.",
)
@click.pass_obj
def reconcile(services: ServiceLookup, stale_minutes: int) -> None:
    notifications = services.get(PaymentNotifications)
    settlement = services.get(Settlement)

    async def run() -> tuple[int, int]:
        # New events go through the outbox like webhooks; stale orders are settled here.
        pulled = await notifications.pull_missed()
        settled = await settlement.settle_stale(timedelta(minutes=stale_minutes))
        return pulled, settled

    pulled, settled = asyncio.run(run())
    click.echo(f"{pulled} new payment event(s) queued, {settled} pending order(s) re-read")
