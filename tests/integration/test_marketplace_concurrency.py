"""Money under concurrency: the same payment settled many times at once, the same checkout
sent twice at once, the last use of a code wanted by two buyers at once."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from accounts.domain import Principal, Role
from infra.errors import AppError
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.orders.domain import OrderStatus
from media.assets.tables import EntitlementRow
from tests.helpers import create_creator, create_work, sign_up_and_log_in


async def _principal(client: AsyncTestClient, headers: dict[str, str]) -> Principal:
    me = (await client.get("/api/auth/me", headers=headers)).json()
    return Principal(UUID(me["id"]), me["email"], me["display_name"], Role(me["role"]))


async def _offer(client: AsyncTestClient, price_cents: int = 700) -> dict[str, Any]:
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"])
    await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    response = await client.put(
        f"/api/works/{work['id']}/offer",
        json={"pricing": "fixed", "price_cents": price_cents},
        headers=seller,
    )
    return {"seller": seller, **response.json()}


@pytest.mark.postgres_only
async def test_one_payment_settled_many_times_at_once_is_paid_once(
    client: AsyncTestClient, container: Container
) -> None:
    offer = await _offer(client)
    buyer = await _principal(client, await sign_up_and_log_in(client, role="audience"))
    await container.checkout.add_to_cart(buyer, "offer", UUID(offer["id"]), None)
    result = await container.checkout.checkout(buyer, "MQ", [], None)
    assert result.payment is not None
    gateway: Any = container.payment_gateway
    await gateway.complete(result.payment.id, result.payment.client_secret, True)

    settled = await asyncio.gather(
        *(container.settlement.settle(result.payment.id) for _ in range(32))
    )

    assert {order.status for order in settled if order} == {OrderStatus.FULFILLED}
    assert await OutboxMessage.count().where(OutboxMessage.event_type == "order.paid") == 1
    granted = OutboxMessage.event_type == "entitlement.granted"
    assert await OutboxMessage.count().where(granted) == 1
    assert await EntitlementRow.count().where(EntitlementRow.user_id == buyer.user_id) == 1


@pytest.mark.postgres_only
async def test_the_same_checkout_sent_twice_at_once_is_one_order_and_one_payment(
    client: AsyncTestClient, container: Container
) -> None:
    offer = await _offer(client)
    buyer = await _principal(client, await sign_up_and_log_in(client, role="audience"))
    await container.checkout.add_to_cart(buyer, "offer", UUID(offer["id"]), None)

    results = await asyncio.gather(
        *(container.checkout.checkout(buyer, "MQ", [], "double-click-0001") for _ in range(4)),
        return_exceptions=True,
    )

    orders = {r.order.id for r in results if not isinstance(r, BaseException)}
    payments = {r.payment.id for r in results if not isinstance(r, BaseException) and r.payment}
    assert len(orders) == 1, results
    assert len(payments) == 1, results
    assert len(await container.checkout.orders_of(buyer)) == 1


@pytest.mark.postgres_only
async def test_the_last_use_of_a_code_goes_to_one_buyer_only(
    client: AsyncTestClient, container: Container
) -> None:
    offer = await _offer(client, price_cents=1000)
    created = await client.post(
        "/api/discount-codes",
        json={"code": "DENYE", "kind": "percent", "value": 5000, "max_uses": 1},
        headers=offer["seller"],
    )
    assert created.status_code == 201
    buyers = [
        await _principal(client, await sign_up_and_log_in(client, role="audience"))
        for _ in range(4)
    ]
    for buyer in buyers:
        await container.checkout.add_to_cart(buyer, "offer", UUID(offer["id"]), None)

    results = await asyncio.gather(
        *(container.checkout.checkout(b, "FR", ["DENYE"], None) for b in buyers),
        return_exceptions=True,
    )

    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 1
    assert won[0].order.total_cents == 500
    assert all(isinstance(e, AppError) and e.code == "discount_exhausted" for e in lost), lost
    codes = (await client.get("/api/discount-codes", headers=offer["seller"])).json()
    assert codes[0]["used"] == 1
