"""Selling over HTTP with the test-payment gateway: offers, cart, checkout, settlement, refunds.

The worker and the outbox relay are real (Redis, dramatiq): a test payment reaches the order
through the same notification → worker → re-read path as a Stripe webhook.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from media.assets.tables import EntitlementRow
from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)


async def _checkout(
    client: AsyncTestClient, buyer: dict[str, str], offer_id: str, **extra: Any
) -> dict[str, Any]:
    added = await client.post("/api/cart/items", json={"offer_id": offer_id}, headers=buyer)
    assert added.status_code == 201, added.text
    response = await client.post("/api/checkout", json={"country": "MQ", **extra}, headers=buyer)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _pay(
    client: AsyncTestClient, buyer: dict[str, str], order: dict[str, Any], outcome: str
) -> None:
    response = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": outcome},
        headers=buyer,
    )
    assert response.status_code == 200, response.text


async def _order(client: AsyncTestClient, buyer: dict[str, str], order_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/orders/{order_id}", headers=buyer)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_buyer_pays_owns_and_a_full_refund_takes_it_back(
    client: AsyncTestClient, container: Container, worker: Worker, broker: RedisBroker
) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    buyer = await sign_up_and_log_in(client, role="audience")

    order = await _checkout(client, buyer, offer["id"])
    assert order["status"] == "pending"
    # Martinique: 8.5 % inside the price.
    assert order["total_cents"] == 800
    assert order["vat_cents"] == 63
    assert order["net_cents"] == 737
    assert order["lines"][0]["vat_rate_bp"] == 850
    assert order["payment"]["test_payment"] is True
    assert "test" in order["payment"]["label"].lower()
    assert (await client.get("/api/cart", headers=buyer)).json()["items"] == []

    # A declined card fails the order; paying again with a good card settles it.
    await _pay(client, buyer, order, "decline")
    await deliver_events(broker, worker)
    assert (await _order(client, buyer, order["id"]))["status"] == "failed"
    await _pay(client, buyer, order, "succeed")
    await deliver_events(broker, worker)
    settled = await _order(client, buyer, order["id"])
    assert settled["status"] == "fulfilled"
    assert settled["test_payment"] is True

    playback = (await client.get(f"/api/works/{work_id}/playback", headers=buyer)).json()
    assert playback["entitled"] is True
    library = (await client.get("/api/library", headers=buyer)).json()
    assert [item["work_id"] for item in library] == [work_id]
    for event_type in ("order.paid", "entitlement.granted"):
        assert await OutboxMessage.count().where(OutboxMessage.event_type == event_type) == 1

    staff = await staff_headers(client, container)
    keyed = {**staff, "Idempotency-Key": "refund-retry-0001"}
    partial = await client.post(
        f"/api/orders/{order['id']}/refunds", json={"amount_cents": 300}, headers=keyed
    )
    assert partial.status_code == 200, partial.text
    assert partial.json()["order"]["status"] == "partially_refunded"
    # The same request retried with its key (its answer was lost): no second refund.
    retried = await client.post(
        f"/api/orders/{order['id']}/refunds", json={"amount_cents": 300}, headers=keyed
    )
    assert retried.status_code == 200, retried.text
    assert (retried.json()["order"]["refunded_cents"], retried.json()["refunded_now_cents"]) == (
        300,
        0,
    )
    assert (await client.get(f"/api/works/{work_id}/playback", headers=buyer)).json()["entitled"]

    full = await client.post(f"/api/orders/{order['id']}/refunds", json={}, headers=staff)
    assert full.status_code == 200, full.text
    assert full.json()["refunded_now_cents"] == 500
    assert full.json()["order"]["status"] == "refunded"
    assert (await client.get(f"/api/works/{work_id}/playback", headers=buyer)).json()[
        "entitled"
    ] is False
    assert (await client.get("/api/library", headers=buyer)).json() == []
    again = await client.post(f"/api/orders/{order['id']}/refunds", json={}, headers=staff)
    assert again.status_code == 409
    assert await OutboxMessage.count().where(OutboxMessage.event_type == "order.refunded") == 2


async def test_a_repeated_checkout_is_one_order_and_one_payment(
    client: AsyncTestClient, container: Container
) -> None:
    seller = await sign_up_and_log_in(client)
    offer = await priced(client, seller, await published_work(client, seller))
    buyer = await sign_up_and_log_in(client, role="audience")
    await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    key = {"Idempotency-Key": "checkout-0001-double-click", **buyer}
    first = await client.post("/api/checkout", json={"country": "FR"}, headers=key)
    second = await client.post("/api/checkout", json={"country": "FR"}, headers=key)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["payment"]["id"] == second.json()["payment"]["id"]
    assert first.json()["lines"][0]["vat_rate_bp"] == 2000
    assert len((await client.get("/api/orders", headers=buyer)).json()) == 1


async def test_free_and_pay_what_you_want_offers(
    client: AsyncTestClient, container: Container
) -> None:
    seller = await sign_up_and_log_in(client)
    free_work = await published_work(client, seller)
    free = await priced(client, seller, free_work, pricing="free")
    buyer = await sign_up_and_log_in(client, role="audience")
    # A free offer opens full streaming to everyone, no purchase needed...
    assert (await client.get(f"/api/works/{free_work}/playback")).json()["entitled"] is True
    # ...and taking it into the library is an order settled at once, with no payment.
    order = await _checkout(client, buyer, free["id"])
    assert order["status"] == "fulfilled"
    assert order["total_cents"] == 0
    assert order["payment"] is None

    pwyw_work = await published_work(client, seller)
    pwyw = await priced(
        client, seller, pwyw_work, pricing="pay_what_you_want", price_cents=1000, minimum_cents=500
    )
    low = await client.post(
        "/api/cart/items", json={"offer_id": pwyw["id"], "amount_cents": 499}, headers=buyer
    )
    assert low.status_code == 422
    assert low.json()["error"]["code"] == "below_minimum"
    generous = await client.post(
        "/api/cart/items", json={"offer_id": pwyw["id"], "amount_cents": 2500}, headers=buyer
    )
    assert generous.status_code == 201
    assert generous.json()["subtotal_cents"] == 2500


async def test_discount_codes_expiry_limits_and_stacking(
    client: AsyncTestClient, container: Container
) -> None:
    seller = await sign_up_and_log_in(client)
    offer = await priced(client, seller, await published_work(client, seller), price_cents=1000)

    async def code(name: str, **extra: Any) -> None:
        body = {"code": name, "kind": "percent", "value": 2000, **extra}
        response = await client.post("/api/discount-codes", json=body, headers=seller)
        assert response.status_code == 201, response.text

    await code("LAKOU20", max_uses=1)
    await code("OLD10", expires_at=(datetime.now(UTC) - timedelta(days=1)).isoformat())
    await code("MORE5", kind="amount", value=500)
    taken = await client.post(
        "/api/discount-codes",
        json={"code": "lakou20", "kind": "percent", "value": 1},
        headers=seller,
    )
    assert taken.status_code == 409

    async def attempt(codes: list[str]) -> Any:
        buyer = await sign_up_and_log_in(client, role="audience")
        await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
        return await client.post(
            "/api/checkout", json={"country": "MQ", "codes": codes}, headers=buyer
        )

    expired = await attempt(["OLD10"])
    assert expired.json()["error"]["code"] == "discount_expired"
    stacked = await attempt(["LAKOU20", "MORE5"])
    assert stacked.json()["error"]["code"] == "discount_not_stackable"
    unknown = await attempt(["NOPE99"])
    assert unknown.json()["error"]["code"] == "unknown_discount_code"
    used = await attempt(["lakou20"])
    assert used.status_code == 201, used.text
    assert used.json()["total_cents"] == 800
    assert used.json()["lines"][0]["discount_cents"] == 200
    exhausted = await attempt(["LAKOU20"])
    assert exhausted.status_code == 409
    assert exhausted.json()["error"]["code"] == "discount_exhausted"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"quantity": 0}, "invalid_quantity"),
        ({"quantity": -3}, "invalid_quantity"),
        ({"quantity": 10**9}, "invalid_quantity"),
        ({"amount_cents": -100}, "invalid_amount"),
        ({"amount_cents": 2**31}, None),
    ],
)
async def test_bad_quantities_and_amounts_change_nothing(
    client: AsyncTestClient, container: Container, body: dict[str, Any], code: str | None
) -> None:
    seller = await sign_up_and_log_in(client)
    offer = await priced(
        client,
        seller,
        await published_work(client, seller),
        pricing="pay_what_you_want",
        price_cents=500,
        minimum_cents=0,
    )
    buyer = await sign_up_and_log_in(client, role="audience")
    response = await client.post(
        "/api/cart/items", json={"offer_id": offer["id"], **body}, headers=buyer
    )
    assert 400 <= response.status_code < 500
    if code:
        assert response.json()["error"]["code"] == code
    assert (await client.get("/api/cart", headers=buyer)).json()["items"] == []


async def test_unsellable_works_and_other_peoples_orders(
    client: AsyncTestClient, container: Container
) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    buyer = await sign_up_and_log_in(client, role="audience")
    await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    withdrawn = await client.post(
        f"/api/works/{work_id}/withdraw", json={"reason": "rights"}, headers=seller
    )
    assert withdrawn.status_code == 200, withdrawn.text
    refused = await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "work_not_available"
    assert (await client.get("/api/orders", headers=buyer)).json() == []

    # A draft cannot be offered for sale by anyone else, nor put in a cart.
    creator = await create_creator(client, seller)
    draft = await create_work(client, seller, creator["id"])
    draft_offer = await priced(client, seller, draft["id"])
    cart = await client.post("/api/cart/items", json={"offer_id": draft_offer["id"]}, headers=buyer)
    assert cart.status_code == 409
    stranger = await sign_up_and_log_in(client)
    foreign = await client.put(
        f"/api/works/{work_id}/offer", json={"pricing": "free"}, headers=stranger
    )
    assert foreign.status_code in (403, 404)

    # Another person's order is not found, and cannot be paid or refunded by them.
    await client.post(f"/api/works/{work_id}/publish", headers=seller)
    order = await _checkout(client, buyer, offer["id"])
    other = await sign_up_and_log_in(client, role="audience")
    assert (await client.get(f"/api/orders/{order['id']}", headers=other)).status_code == 404
    paid_by_other = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=other,
    )
    assert paid_by_other.status_code == 404
    refund = await client.post(f"/api/orders/{order['id']}/refunds", json={}, headers=buyer)
    assert refund.status_code == 403
    wrong_secret = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": "guess", "outcome": "succeed"},
        headers=buyer,
    )
    assert wrong_secret.status_code == 404
    assert await EntitlementRow.count().where(EntitlementRow.work_id == UUID(work_id)) == 0


async def test_webhook_without_a_valid_signature_is_refused(
    client: AsyncTestClient, container: Container
) -> None:
    response = await client.post(
        "/api/payments/webhooks/stripe",
        content=b'{"id":"evt_1","type":"payment_intent.succeeded"}',
        headers={"Stripe-Signature": "t=1,v1=00"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_signature"


async def test_each_rights_holder_is_allocated_and_paid_by_a_payout_run(
    client: AsyncTestClient, container: Container, worker: Worker, broker: RedisBroker
) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    sheet = await client.put(
        f"/api/works/{work_id}/splits",
        json={
            "holders": [
                {"name": "Léna", "role": "composer", "share_bp": 6000,
                 "payout_account": "acct_1LenaComposer"},
                {"name": "Kasika", "role": "performer", "share_bp": 4000,
                 "payout_account": "acct_1KasikaPlays"},
            ]
        },
        headers=seller,
    )  # fmt: skip
    assert sheet.status_code == 200, sheet.text
    offer = await priced(client, seller, work_id, price_cents=1000)
    buyer = await sign_up_and_log_in(client, role="audience")
    order = await _checkout(client, buyer, offer["id"])
    await _pay(client, buyer, order, "succeed")
    await deliver_events(broker, worker)

    summary = (await client.get("/api/revenue/summary", headers=seller)).json()
    # 10.00 in Martinique: 0.78 VAT, no fee on a test payment, 10 % commission of 9.22.
    assert summary["sales"] == 1
    assert summary["gross_cents"] == 1000
    assert summary["holders_cents"] == 922 - 92
    assert summary["balance_cents"] == summary["holders_cents"]

    staff = await staff_headers(client, container)
    run = await client.post("/api/revenue/payout-runs", json={}, headers=staff)
    assert run.status_code == 202, run.text
    await deliver_events(broker, worker)
    done = (await client.get(f"/api/revenue/payout-runs/{run.json()['id']}", headers=staff)).json()
    sent = {p["destination_account"]: p["amount_cents"] for p in done["payouts"]}
    assert sent == {"acct_1LenaComposer": 498, "acct_1KasikaPlays": 332}
    paid = (await client.get("/api/revenue/summary", headers=seller)).json()
    assert paid["paid_out_cents"] == 830
    assert paid["balance_cents"] == 0
    assert await OutboxMessage.count().where(OutboxMessage.event_type == "payout.sent") == 2

    # A second run finds nothing left to pay.
    again = await client.post("/api/revenue/payout-runs", json={}, headers=staff)
    await deliver_events(broker, worker)
    rerun = await client.get(f"/api/revenue/payout-runs/{again.json()['id']}", headers=staff)
    assert rerun.json()["payouts"] == []


async def test_a_discography_bundle_gives_every_work_and_shares_by_list_price(
    client: AsyncTestClient, container: Container, worker: Worker, broker: RedisBroker
) -> None:
    seller = await sign_up_and_log_in(client)
    first = await published_work(client, seller)
    second = await published_work(client, seller)
    await priced(client, seller, first, price_cents=300)
    await priced(client, seller, second, price_cents=900)
    bundle = await client.post(
        "/api/offers/bundles",
        json={"title": "Intégrale", "work_ids": [first, second], "pricing": "fixed",
              "price_cents": 1000},
        headers=seller,
    )  # fmt: skip
    assert bundle.status_code == 201, bundle.text
    offers = (await client.get(f"/api/works/{first}/offers")).json()
    assert {offer["kind"] for offer in offers} == {"work", "bundle"}

    stranger = await sign_up_and_log_in(client)
    foreign = await client.post(
        "/api/offers/bundles",
        json={"title": "Pas à moi", "work_ids": [first, second], "pricing": "fixed",
              "price_cents": 100},
        headers=stranger,
    )  # fmt: skip
    assert foreign.status_code in (403, 404)

    buyer = await sign_up_and_log_in(client, role="audience")
    order = await _checkout(client, buyer, bundle.json()["id"], country="GF")
    assert order["vat_cents"] == 0  # Guyane: no VAT
    await _pay(client, buyer, order, "succeed")
    await deliver_events(broker, worker)
    owned = {item["work_id"] for item in (await client.get("/api/library", headers=buyer)).json()}
    assert owned == {first, second}
    summary = (await client.get("/api/revenue/summary", headers=seller)).json()
    shares = {work["work_id"]: work["holders_cents"] for work in summary["works"]}
    # 10.00, no VAT, 10 % commission: 9.00 shared 1:3 by the works' own prices.
    assert shares == {first: 225, second: 675}


async def test_a_price_change_reaches_search_facets_and_filters(
    client: AsyncTestClient, container: Container, worker: Worker, broker: RedisBroker
) -> None:
    seller = await sign_up_and_log_in(client)
    sold = await published_work(client, seller)
    free = await published_work(client, seller)
    await priced(client, seller, sold, price_cents=1200)
    await priced(client, seller, free, pricing="free")
    await deliver_events(broker, worker)

    bought = (await client.get("/api/search", params={"availability": "buy"})).json()
    assert [item["id"] for item in bought["items"]] == [sold]
    assert bought["items"][0]["price_cents"] == 1200
    cheap = (await client.get("/api/search", params={"price_max": 500})).json()
    assert [item["id"] for item in cheap["items"]] == [free]
    gratis = (await client.get("/api/search", params={"availability": "free"})).json()
    assert [item["id"] for item in gratis["items"]] == [free]
