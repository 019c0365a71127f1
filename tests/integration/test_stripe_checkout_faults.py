"""Stripe failing mid-checkout, and payments that do not match their order.

The app runs in-process against localstripe through a flaky proxy (a local fake network, see
tests/fakes/flaky_stripe_proxy.py): Stripe answering 500 or timing out never gives two
payments, a lost payment or a free entitlement.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from infra.db.values import as_json
from infra.events.tables import OutboxMessage
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from marketplace.orders.domain import OrderStatus
from marketplace.payments.stripe import RetryPolicy, Timeouts
from media.assets.tables import EntitlementRow
from tests.fakes.flaky_stripe_proxy import Fault, FlakyStripeProxy, flaky_stripe_proxy
from tests.fixtures_stripe import LocalStripe
from tests.helpers import create_creator, create_work, sign_up_and_log_in
from tests.shared_apps import client_of
from tests.stripe_buyer import SUCCEEDING_CARD, StripeBuyer

INTENTS = "/v1/payment_intents"


@pytest.fixture
def proxy(localstripe: LocalStripe) -> Iterator[FlakyStripeProxy]:
    with flaky_stripe_proxy(localstripe.url) as running:
        yield running


@pytest.fixture
async def shop(
    settings: Settings,
    redis_url: str,
    container: Container,
    localstripe: LocalStripe,
    proxy: FlakyStripeProxy,
) -> AsyncIterator[tuple[Container, AsyncTestClient]]:
    stripe_settings = dataclasses.replace(settings, payment=localstripe.settings())
    gateway = localstripe.gateway(
        api_base=proxy.url,
        timeouts=Timeouts(connect_s=1.0, read_s=0.5),
        retry=RetryPolicy(max_attempts=3, first_backoff_s=0.05, max_backoff_s=0.1),
    )
    built = build_container(stripe_settings, redis_url, payment_gateway=gateway)

    async with client_of(built) as client:
        yield built, client
    gateway.close()
    if built.redis is not None:
        await built.redis.aclose()


async def _cart(client: AsyncTestClient) -> dict[str, str]:
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"])
    await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    offer = await client.put(
        f"/api/works/{work['id']}/offer",
        json={"pricing": "fixed", "price_cents": 900},
        headers=seller,
    )
    buyer = await sign_up_and_log_in(client, role="audience")
    await client.post("/api/cart/items", json={"offer_id": offer.json()["id"]}, headers=buyer)
    return buyer


def _intents_for(localstripe: LocalStripe, order_id: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{localstripe.url}{INTENTS}", params={"limit": 100}, auth=(localstripe.secret_key, "")
    )
    return [i for i in response.json()["data"] if i["metadata"].get("order_id") == order_id]


async def test_stripe_errors_then_success_give_one_payment_with_one_key(
    shop: tuple[Container, AsyncTestClient], proxy: FlakyStripeProxy, localstripe: LocalStripe
) -> None:
    _, client = shop
    buyer = await _cart(client)
    proxy.fail_next(1, fault=Fault.HTTP_500)
    proxy.fail_next(1, fault=Fault.TIMEOUT, delay_s=1.0)
    response = await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)
    assert response.status_code == 201, response.text
    order = response.json()
    attempts = proxy.requests_to("POST", INTENTS)
    assert len(attempts) == 3
    assert len({attempt.idempotency_key for attempt in attempts}) == 1
    assert [i["id"] for i in _intents_for(localstripe, order["id"])] == [order["payment"]["id"]]


async def test_stripe_down_at_checkout_keeps_the_order_and_pays_it_later_once(
    shop: tuple[Container, AsyncTestClient], proxy: FlakyStripeProxy, localstripe: LocalStripe
) -> None:
    _, client = shop
    buyer = await _cart(client)
    proxy.fail_next(10, fault=Fault.HTTP_500)
    down = await client.post(
        "/api/checkout",
        json={"country": "MQ"},
        headers={**buyer, "Idempotency-Key": "checkout-while-stripe-is-down"},
    )
    assert down.status_code == 503
    assert down.json()["error"]["code"] == "payment_gateway_unavailable"
    orders = (await client.get("/api/orders", headers=buyer)).json()
    assert [o["status"] for o in orders] == ["pending"]
    assert orders[0]["payment"] is None

    proxy.recover()
    again = await client.post(
        "/api/checkout",
        json={"country": "MQ"},
        headers={**buyer, "Idempotency-Key": "checkout-while-stripe-is-down"},
    )
    assert again.status_code == 201, again.text
    assert again.json()["id"] == orders[0]["id"]
    payment = again.json()["payment"]
    resumed = await client.post(f"/api/orders/{orders[0]['id']}/payment", headers=buyer)
    assert resumed.json()["payment"]["id"] == payment["id"]
    assert len(_intents_for(localstripe, orders[0]["id"])) == 1


async def test_a_payment_for_another_amount_is_flagged_and_grants_nothing(
    shop: tuple[Container, AsyncTestClient], localstripe: LocalStripe
) -> None:
    container, client = shop
    buyer = await _cart(client)
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    payment = order["payment"]
    # Someone changes the amount at Stripe before paying (or a bug elsewhere did).
    httpx.post(
        f"{localstripe.url}{INTENTS}/{payment['id']}",
        data={"amount": 100},
        auth=(localstripe.secret_key, ""),
    ).raise_for_status()
    buyer_card = StripeBuyer(
        localstripe.url,
        secret_key=localstripe.secret_key,
        publishable_key=localstripe.publishable_key,
    )
    assert (
        await buyer_card.pay(payment["id"], payment["client_secret"], SUCCEEDING_CARD)
    ).status == "succeeded"
    settled = await container.settlement.settle(payment["id"])
    assert settled is not None
    assert settled.status is OrderStatus.PENDING
    assert settled.review_reason == "amount_mismatch"
    shown = (await client.get(f"/api/orders/{order['id']}", headers=buyer)).json()
    assert shown["needs_review"] is True
    assert await EntitlementRow.count() == 0


async def test_reconcile_pulls_events_missed_while_webhooks_were_down(
    shop: tuple[Container, AsyncTestClient], localstripe: LocalStripe
) -> None:
    container, client = shop
    buyer = await _cart(client)
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    payment = order["payment"]
    card = StripeBuyer(
        localstripe.url,
        secret_key=localstripe.secret_key,
        publishable_key=localstripe.publishable_key,
    )
    await card.pay(payment["id"], payment["client_secret"], SUCCEEDING_CARD)
    # No webhook reached this app: the order still waits.
    assert (await client.get(f"/api/orders/{order['id']}", headers=buyer)).json()[
        "status"
    ] == "pending"

    pulled = await container.payment_notifications.pull_missed()
    assert pulled >= 1
    notices = await OutboxMessage.select(OutboxMessage.payload).where(
        OutboxMessage.event_type == "payment.notified"
    )
    assert payment["id"] in {as_json(row["payload"])["payment_id"] for row in notices}
    # Pulling again finds nothing new (the checkpoint moved, repeats are deduplicated).
    assert await container.payment_notifications.pull_missed() == 0

    # The stale-order sweep settles from the re-read payment, whatever the worker does.
    assert await container.settlement.settle_stale(timedelta(0)) >= 1
    settled = (await client.get(f"/api/orders/{order['id']}", headers=buyer)).json()
    assert settled["status"] == "fulfilled"
