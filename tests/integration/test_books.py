"""The books checker (`tests/books.py`) on real purchases and refunds: balanced books pass, and
each kind of corrupted row is reported."""

from __future__ import annotations

from typing import Any

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.orders.tables import OrderRow
from marketplace.payments.dev.tables import DevPaymentRow
from marketplace.revenue.tables import LedgerEntryRow
from media.assets.tables import EntitlementRow
from tests.books import assert_books_balance
from tests.helpers import (
    deliver_events,
    pay_with_test_payment,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)


async def _sold_and_refunded(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> dict[str, Any]:
    """Two works bought together then refunded in part, one bought then refunded in full."""
    seller = await sign_up_and_log_in(client)
    first = await priced(client, seller, await published_work(client, seller), price_cents=800)
    second = await priced(client, seller, await published_work(client, seller), price_cents=1250)
    buyer = await sign_up_and_log_in(client, role="audience")
    both = await pay_with_test_payment(client, buyer, first["id"], second["id"])
    other = await sign_up_and_log_in(client, role="audience")
    one = await pay_with_test_payment(client, other, first["id"], country="FR")
    await deliver_events(broker, worker)
    staff = await staff_headers(client, container)
    for order, body in ((both, {"amount_cents": 333}), (one, {})):
        refunded = await client.post(f"/api/orders/{order['id']}/refunds", json=body, headers=staff)
        assert refunded.status_code == 200, refunded.text
    await deliver_events(broker, worker)
    return {"both": both["id"], "one": one["id"]}


async def _reported(container: Container, *words: str) -> None:
    with pytest.raises(AssertionError) as caught:
        await assert_books_balance(container.engine, container.settings.payment.commission_bp)
    for word in words:
        assert word in str(caught.value), str(caught.value)


async def test_the_books_balance_after_sales_and_refunds_and_any_corruption_is_reported(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    orders = await _sold_and_refunded(client, container, broker, worker)
    bp = container.settings.payment.commission_bp
    await assert_books_balance(container.engine, bp)
    statuses = {row["id"]: row["status"] for row in await OrderRow.select()}
    assert sorted(statuses.values()) == ["partially_refunded", "refunded"]

    entries = LedgerEntryRow.select().where(LedgerEntryRow.order_id == orders["both"])
    share = next(row for row in await entries if row["kind"] == "holder_share")
    await LedgerEntryRow.update({LedgerEntryRow.amount_cents: share["amount_cents"] + 1}).where(
        LedgerEntryRow.id == share["id"]
    )
    await _reported(container, orders["both"], "entries add up to")
    await LedgerEntryRow.update({LedgerEntryRow.amount_cents: share["amount_cents"]}).where(
        LedgerEntryRow.id == share["id"]
    )

    # Cents moved between two reversals of one refund: the sum holds, the proportion does not.
    reversals = [row for row in await entries if row["refund_id"] is not None]
    big, small = sorted(reversals, key=lambda row: row["amount_cents"])[:2]
    for row, moved in ((big, 40), (small, -40)):
        await LedgerEntryRow.update(
            {LedgerEntryRow.amount_cents: row["amount_cents"] + moved}
        ).where(LedgerEntryRow.id == row["id"])
    await _reported(container, orders["both"], "refund")
    for row in (big, small):
        await LedgerEntryRow.update({LedgerEntryRow.amount_cents: row["amount_cents"]}).where(
            LedgerEntryRow.id == row["id"]
        )
    await assert_books_balance(container.engine, bp)

    await EntitlementRow.delete().where(EntitlementRow.revoked_at.is_null())
    await _reported(container, orders["both"], "bought but not entitled")
    await OrderRow.update({OrderRow.status: "refunded"}).where(OrderRow.id == orders["both"])
    await _reported(container, "refunded with 333 of")
    await DevPaymentRow.update({DevPaymentRow.amount_cents: 1}).where(
        DevPaymentRow.status == "succeeded"
    )
    await _reported(container, orders["both"], orders["one"], "not its total")
    await DevPaymentRow.delete().where(DevPaymentRow.status == "succeeded")
    await _reported(container, "0 succeeded test payments")
