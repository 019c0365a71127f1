"""A sweep over the marketplace API with bad input: a 4xx JSON error with a request id, never a
5xx, and nothing changed — no offer, cart line, order, code, entitlement, ledger entry or event."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from litestar.testing import AsyncTestClient

from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.offers.tables import DiscountCodeRow, OfferRow
from marketplace.orders.tables import CartItemRow, DownloadRow, OrderRow
from marketplace.payments.tables import PaymentEventRow
from marketplace.revenue.tables import LedgerEntryRow, PayoutRunRow, SplitSheetRow
from media.assets.tables import EntitlementRow
from tests.e2e.test_bad_input import Call, _account, _fill, assert_error
from tests.helpers import create_creator, create_work

TABLES = (
    OfferRow,
    DiscountCodeRow,
    CartItemRow,
    OrderRow,
    DownloadRow,
    PaymentEventRow,
    EntitlementRow,
    SplitSheetRow,
    LedgerEntryRow,
    PayoutRunRow,
    OutboxMessage,
)


@dataclass
class Shop:
    seller: dict[str, str]
    buyer: dict[str, str]
    ids: dict[str, str]


@pytest.fixture
async def shop(client: AsyncTestClient, container: Container) -> Shop:
    seller = await _account(container)
    buyer = await _account(container, role="audience")
    other = await _account(container)
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"])
    second = await create_work(client, seller, creator["id"])
    draft = await create_work(client, seller, creator["id"])
    for published in (work, second):
        assert (
            await client.post(f"/api/works/{published['id']}/publish", headers=seller)
        ).status_code == 200
    offer = await client.put(
        f"/api/works/{work['id']}/offer",
        json={"pricing": "pay_what_you_want", "price_cents": 800, "minimum_cents": 500},
        headers=seller,
    )
    their_creator = await create_creator(client, other, name="Lòt Bò")
    their_work = await create_work(client, other, their_creator["id"])
    # Someone else's pending order.
    stranger = await _account(container, role="audience")
    await client.post("/api/cart/items", json={"offer_id": offer.json()["id"]}, headers=stranger)
    order = await client.post("/api/checkout", json={"country": "FR"}, headers=stranger)
    assert order.status_code == 201, order.text
    return Shop(
        seller=seller,
        buyer=buyer,
        ids={
            "work": work["id"],
            "second": second["id"],
            "draft": draft["id"],
            "their_work": their_work["id"],
            "offer": offer.json()["id"],
            "their_order": order.json()["id"],
            "nobody": "01a21817-0000-7000-8000-000000000000",
        },
    )


def _offer(**terms: object) -> dict[str, object]:
    return {"pricing": "fixed", "price_cents": 800, **terms}


SWEEP: dict[str, Call] = {
    # Offers
    "offer: malformed JSON": Call("PUT", "/api/works/{work}/offer", raw=b'{"pricing": '),
    "offer: unknown field": Call("PUT", "/api/works/{work}/offer", _offer(vat=0), status=400),
    "offer: unknown pricing": Call(
        "PUT", "/api/works/{work}/offer", _offer(pricing="gratis"), code="invalid_pricing"
    ),
    "offer: negative price": Call(
        "PUT", "/api/works/{work}/offer", _offer(price_cents=-1), code="invalid_amount"
    ),
    "offer: huge price": Call("PUT", "/api/works/{work}/offer", _offer(price_cents=10**12)),
    "offer: price as text": Call("PUT", "/api/works/{work}/offer", _offer(price_cents="8")),
    "offer: under 0.50": Call(
        "PUT", "/api/works/{work}/offer", _offer(price_cents=49), code="price_too_low"
    ),
    "offer: pwyw minimum 0.30": Call(
        "PUT",
        "/api/works/{work}/offer",
        _offer(pricing="pay_what_you_want", minimum_cents=30),
        code="price_too_low",
    ),
    "offer: someone else's work": Call(
        "PUT", "/api/works/{their_work}/offer", _offer(), status=404
    ),
    "offer: by a buyer": Call(
        "PUT", "/api/works/{work}/offer", _offer(), auth="audience", status=403
    ),
    "offer: anonymous": Call("PUT", "/api/works/{work}/offer", _offer(), auth=None, status=401),
    "offer: not an id": Call("PUT", "/api/works/nope/offer", _offer(), status=404),
    "offer: remove none": Call("DELETE", "/api/works/{second}/offer", status=404),
    # Bundles
    "bundle: one work": Call(
        "POST",
        "/api/offers/bundles",
        {"title": "Lot", "work_ids": ["{work}"], **_offer()},
        code="invalid_bundle",
    ),
    "bundle: twice the same work": Call(
        "POST",
        "/api/offers/bundles",
        {"title": "Lot", "work_ids": ["{work}", "{work}"], **_offer()},
    ),
    "bundle: someone else's work": Call(
        "POST",
        "/api/offers/bundles",
        {"title": "Lot", "work_ids": ["{work}", "{their_work}"], **_offer()},
        status=404,
    ),
    "bundle: free": Call(
        "POST",
        "/api/offers/bundles",
        {"title": "Lot", "work_ids": ["{work}", "{second}"], "pricing": "free"},
        code="invalid_bundle",
    ),
    "bundle: no title": Call(
        "POST",
        "/api/offers/bundles",
        {"title": " ", "work_ids": ["{work}", "{second}"], **_offer()},
        code="invalid_title",
    ),
    # Discount codes
    "code: too short": Call(
        "POST",
        "/api/discount-codes",
        {"code": "A", "kind": "percent", "value": 1000},
        code="invalid_discount_code",
    ),
    "code: spaces": Call(
        "POST", "/api/discount-codes", {"code": "TI PRI", "kind": "percent", "value": 1000}
    ),
    "code: over 100 %": Call(
        "POST",
        "/api/discount-codes",
        {"code": "TOUT", "kind": "percent", "value": 10_001},
        code="invalid_discount_value",
    ),
    "code: zero": Call(
        "POST", "/api/discount-codes", {"code": "RIEN", "kind": "amount", "value": 0}
    ),
    "code: no uses": Call(
        "POST",
        "/api/discount-codes",
        {"code": "JAMAIS", "kind": "amount", "value": 100, "max_uses": 0},
        code="invalid_max_uses",
    ),
    "code: unknown kind": Call(
        "POST", "/api/discount-codes", {"code": "BOF", "kind": "gift", "value": 100}, status=400
    ),
    "code: by a buyer": Call(
        "POST",
        "/api/discount-codes",
        {"code": "MOI", "kind": "amount", "value": 100},
        auth="audience",
        status=403,
    ),
    # Cart
    "cart: unknown offer": Call("POST", "/api/cart/items", {"offer_id": "{nobody}"}, status=404),
    "cart: not an id": Call("POST", "/api/cart/items", {"offer_id": "offer-1"}, status=400),
    "cart: under the minimum": Call(
        "POST",
        "/api/cart/items",
        {"offer_id": "{offer}", "amount_cents": 499},
        auth="audience",
        code="below_minimum",
    ),
    "cart: negative amount": Call(
        "POST", "/api/cart/items", {"offer_id": "{offer}", "amount_cents": -500}, auth="audience"
    ),
    "cart: quantity 0": Call(
        "POST",
        "/api/cart/items",
        {"offer_id": "{offer}", "quantity": 0},
        auth="audience",
        code="invalid_quantity",
    ),
    "cart: quantity 2^31": Call(
        "POST", "/api/cart/items", {"offer_id": "{offer}", "quantity": 2**31}, auth="audience"
    ),
    "cart: anonymous": Call("POST", "/api/cart/items", {"offer_id": "{offer}"}, auth=None),
    "cart: remove unknown": Call("DELETE", "/api/cart/items/{nobody}", status=404),
    # Checkout
    "checkout: empty cart": Call(
        "POST", "/api/checkout", {"country": "MQ"}, auth="audience", code="cart_empty"
    ),
    "checkout: country by name": Call(
        "POST", "/api/checkout", {"country": "Martinique"}, status=400
    ),
    "checkout: no country": Call("POST", "/api/checkout", {}, status=400),
    "checkout: eleven codes": Call(
        "POST", "/api/checkout", {"country": "MQ", "codes": ["A"] * 11}, status=400
    ),
    # Orders
    "order: someone else's": Call("GET", "/api/orders/{their_order}", status=404),
    "order: unknown": Call("GET", "/api/orders/{nobody}", status=404),
    "order: pay someone else's": Call(
        "POST",
        "/api/orders/{their_order}/test-payment",
        {"client_secret": "x", "outcome": "succeed"},
        status=404,
    ),
    "order: odd outcome": Call(
        "POST",
        "/api/orders/{their_order}/test-payment",
        {"client_secret": "x", "outcome": "maybe"},
        status=400,
    ),
    "order: refund by the seller": Call(
        "POST", "/api/orders/{their_order}/refunds", {}, status=403, code="staff_only"
    ),
    "order: resume someone else's": Call("POST", "/api/orders/{their_order}/payment", status=404),
    # Library
    "library: not bought": Call(
        "POST", "/api/library/{work}/downloads", {"format": "download_mp3"}, status=404
    ),
    "library: no format": Call("POST", "/api/library/{work}/downloads", {}, status=400),
    # Split sheets
    "splits: 99.99 %": Call(
        "PUT",
        "/api/works/{work}/splits",
        {"holders": [{"name": "A", "role": "author", "share_bp": 9999}]},
    ),
    "splits: unknown role": Call(
        "PUT",
        "/api/works/{work}/splits",
        {"holders": [{"name": "A", "role": "chef", "share_bp": 10_000}]},
    ),
    "splits: nobody": Call("PUT", "/api/works/{work}/splits", {"holders": []}),
    "splits: negative share": Call(
        "PUT",
        "/api/works/{work}/splits",
        {
            "holders": [
                {"name": "A", "role": "author", "share_bp": 10_100},
                {"name": "B", "role": "composer", "share_bp": -100},
            ]
        },
    ),
    "splits: bogus account": Call(
        "PUT",
        "/api/works/{work}/splits",
        {
            "holders": [
                {"name": "A", "role": "author", "share_bp": 10_000, "payout_account": "bogus"}
            ]
        },
    ),
    "splits: someone else's work": Call(
        "PUT",
        "/api/works/{their_work}/splits",
        {"holders": [{"name": "A", "role": "author", "share_bp": 10_000}]},
        status=404,
    ),
    # Payouts and webhooks
    "payout run by a creator": Call("POST", "/api/revenue/payout-runs", {}, status=403),
    "statement of nobody": Call("GET", "/api/revenue/holders/{nobody}/statement.csv", status=404),
    "webhook: unsigned": Call(
        "POST", "/api/payments/webhooks/stripe", raw=b'{"id":"evt_1"}', auth=None, status=400
    ),
    "webhook: oversize": Call(
        "POST",
        "/api/payments/webhooks/stripe",
        raw=b'{"x":"' + b"a" * 300_000 + b'"}',
        auth=None,
        status=413,
    ),
}


async def _counts() -> dict[str, int]:
    return {table.__name__: await table.count() for table in TABLES}


@pytest.mark.parametrize("name", list(SWEEP))
async def test_bad_marketplace_input_is_a_4xx_and_changes_nothing(
    client: AsyncTestClient, container: Container, shop: Shop, name: str
) -> None:
    call = SWEEP[name]
    headers: dict[str, str] = {}
    if call.auth == "owner":
        headers.update(shop.seller)
    elif call.auth == "audience":
        headers.update(shop.buyer)
    content = call.raw
    if content is None and call.body is not None:
        content = json.dumps(_fill(call.body, shop.ids)).encode()
    if content is not None:
        headers["Content-Type"] = "application/json"
    before = await _counts()

    response = await client.request(
        call.method, _fill(call.path, shop.ids), content=content, headers=headers
    )

    assert_error(response, call.status, call.code)
    assert await _counts() == before
