"""Ready-made sync licences: a music work's owner sets its tiers, a verified partner buys one
in one step and pays through Stripe (localstripe), the certificate is issued, the fee is shared
between the master and publishing sides then by shares in the ledger, and a refund takes it all
back. Refusals change nothing."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from infra.db.values import as_uuid
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from marketplace.revenue.tables import LedgerEntryRow
from tests.fixtures_stripe import LocalStripe
from tests.helpers import deliver_events, published_work, sign_up_and_log_in, staff_headers
from tests.organisation_helpers import verified_organisation
from tests.shared_apps import client_of
from tests.stripe_buyer import SUCCEEDING_CARD, StripeBuyer

SYNC = "/api/licensing/sync"
SHEET = [
    {"name": "Man Ya", "role": "performer", "share_bp": 3000},
    {"name": "Label Bèlè", "role": "label", "share_bp": 2000},
    {"name": "Ti Jo", "role": "composer", "share_bp": 3500},
    {"name": "Sò Lili", "role": "lyricist", "share_bp": 1500},
]


@pytest.fixture
async def shop(
    settings: Settings, redis_url: str, container: Container, localstripe: LocalStripe
) -> AsyncIterator[tuple[Container, AsyncTestClient]]:
    """The app paying through localstripe; the suite's worker (same database) allocates.
    PostgreSQL only: on SQLite, a second container rebinds the tables to its own engine while
    the worker's services keep the first one's, and their nested IMMEDIATE transactions on the
    one file wait for each other (the test payment's variant below runs on both engines)."""
    built = build_container(
        dataclasses.replace(settings, payment=localstripe.settings()),
        redis_url,
        payment_gateway=localstripe.gateway(),
    )

    async with client_of(built) as client:
        yield built, client
    if built.redis is not None:
        await built.redis.aclose()


async def _song(client: AsyncTestClient) -> tuple[dict[str, str], str, dict[str, str]]:
    """A published song, its sheet on both sides, advertising at 1 500 € shared 60/40 between
    master and publishing, broadcast not offered. Returns the owner, the work, holder sides."""
    owner = await sign_up_and_log_in(client)
    work_id = await published_work(client, owner)
    sheet = await client.put(f"/api/works/{work_id}/splits", json={"holders": SHEET}, headers=owner)
    assert sheet.status_code == 200, sheet.text
    sides = {h["holder_id"]: h["side"] for h in sheet.json()["holders"]}
    assert sorted(sides.values()) == ["master", "master", "publishing", "publishing"]
    tiers = await client.put(
        f"{SYNC}/works/{work_id}/tiers",
        json={
            "tiers": [
                {"tier": "advertising", "price_cents": 150000, "master_bp": 6000},
                {"tier": "broadcast", "price_cents": 250000, "offered": False},
            ]
        },
        headers=owner,
    )
    assert tiers.status_code == 200, tiers.text
    return owner, work_id, sides


async def _checkout(client: AsyncTestClient, partner: dict[str, str], licence_id: str) -> Any:
    item = {"item_kind": "licensing.sync", "item_id": licence_id}
    added = await client.post("/api/cart/items", json=item, headers=partner)
    assert added.status_code == 201, added.text
    order = await client.post("/api/checkout", json={"country": "CA"}, headers=partner)
    assert order.status_code == 201, order.text
    return order.json()


async def _pay_with_test_payment(
    client: AsyncTestClient, partner: dict[str, str], licence_id: str
) -> str:
    order = await _checkout(client, partner, licence_id)
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=partner,
    )
    assert paid.status_code == 200, paid.text
    return str(order["id"])


async def _pay_with_stripe(
    client: AsyncTestClient, built: Container, partner: dict[str, str], localstripe: LocalStripe,
    licence_id: str,
) -> str:  # fmt: skip
    order = await _checkout(client, partner, licence_id)
    payment = order["payment"]
    card = StripeBuyer(
        localstripe.url,
        secret_key=localstripe.secret_key,
        publishable_key=localstripe.publishable_key,
    )
    confirmed = await card.pay(payment["id"], payment["client_secret"], SUCCEEDING_CARD)
    assert confirmed.status == "succeeded", confirmed
    # No webhook reaches this in-process app: settle from the re-read payment, as the
    # reconciliation does.
    assert await built.settlement.settle(payment["id"]) is not None
    return str(order["id"])


async def _entries(order_id: str) -> list[dict[str, Any]]:
    return list(await LedgerEntryRow.select().where(LedgerEntryRow.order_id == order_id))


@pytest.mark.postgres_only
async def test_a_partner_buys_a_sync_licence_through_stripe(
    shop: tuple[Container, AsyncTestClient], localstripe: LocalStripe, broker: Any,
    worker: Any,
) -> None:  # fmt: skip
    built, client = shop

    async def pay(partner: dict[str, str], licence_id: str) -> str:
        return await _pay_with_stripe(client, built, partner, localstripe, licence_id)

    await _buy_pay_and_refund(built, client, broker, worker, pay)


async def test_a_partner_buys_a_sync_licence_through_the_test_payment(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    async def pay(partner: dict[str, str], licence_id: str) -> str:
        return await _pay_with_test_payment(client, partner, licence_id)

    await _buy_pay_and_refund(container, client, broker, worker, pay)


async def _buy_pay_and_refund(
    built: Container, client: AsyncTestClient, broker: Any, worker: Any,
    pay: Callable[[dict[str, str], str], Awaitable[str]],
) -> None:  # fmt: skip
    owner, work_id, sides = await _song(client)
    partner = await verified_organisation(client, built, await sign_up_and_log_in(client))
    buy = {"work_id": work_id, "tier": "advertising", "use": "Campagne Rhum Lakou 2027"}

    # An organisation nobody verified, or no organisation at all: 403, nothing recorded.
    stranger = await sign_up_and_log_in(client)
    assert (await client.post(f"{SYNC}/licences", json=buy, headers=stranger)).status_code == 403
    # A tier the rights holder does not offer, an unknown one, no production named: refused.
    refusals = {
        409: ("tier_not_offered", {**buy, "tier": "broadcast"}),
        422: ("unknown_tier", {**buy, "tier": "karaoke"}),
    }
    for status, (code, body) in refusals.items():
        answer = await client.post(f"{SYNC}/licences", json=body, headers=partner)
        assert answer.status_code == status, answer.text
        assert answer.json()["error"]["code"] == code
    no_use = await client.post(f"{SYNC}/licences", json={**buy, "use": " "}, headers=partner)
    assert no_use.json()["error"]["code"] == "invalid_use"
    assert (await client.get(f"{SYNC}/licences", headers=partner)).json()["bought"] == []

    bought = await client.post(f"{SYNC}/licences", json=buy, headers=partner)
    assert bought.status_code == 201, bought.text
    licence = bought.json()
    assert (licence["state"], licence["price_cents"], licence["master_bp"]) == (
        "pending", 150000, 6000,
    )  # fmt: skip
    url = f"{SYNC}/licences/{licence['id']}"
    assert (await client.get(f"{url}/certificate.pdf", headers=partner)).status_code == 404
    other = await verified_organisation(client, built, await sign_up_and_log_in(client))
    assert (await client.get(url, headers=other)).status_code == 404

    order_id = await pay(partner, licence["id"])
    await deliver_events(broker, worker)

    paid = (await client.get(url, headers=partner)).json()
    assert paid["state"] == "paid"
    assert paid["number"].startswith("LKS-")
    assert paid["order_id"] == order_id
    sold = (await client.get(f"{SYNC}/licences", headers=owner)).json()["sold"]
    assert [entry["id"] for entry in sold] == [licence["id"]]
    certificate = await client.get(f"{url}/certificate.pdf", headers=partner)
    assert certificate.status_code == 200
    assert certificate.headers["content-type"].startswith("application/pdf")
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(certificate.content)).pages
    )
    for shown in (paid["number"], "Campagne Rhum Lakou 2027", "Bèlè de la Lune", "Publicité"):
        assert shown in text, shown

    # Every cent of the fee in the ledger; the holders' part 60/40 between the sides, then
    # 3:2 (performer, label) and 7:3 (composer, lyricist) within them.
    entries = await _entries(order_id)
    assert sum(int(e["amount_cents"]) for e in entries) == 150000
    shares = [e for e in entries if e["kind"] == "holder_share"]
    by_holder = {str(as_uuid(e["holder_id"])): (e["side"], int(e["amount_cents"])) for e in shares}
    assert {holder: side for holder, (side, _) in by_holder.items()} == sides
    holders_total = sum(cents for _, cents in by_holder.values())
    master = sum(cents for side, cents in by_holder.values() if side == "master")
    assert master == holders_total * 6000 // 10000 + (holders_total * 6000 % 10000 >= 5000)
    amounts = {name["name"]: 0 for name in SHEET}
    names = dict(zip(sides, (line["name"] for line in SHEET), strict=True))
    for holder, (_, cents) in by_holder.items():
        amounts[names[holder]] = cents
    assert abs(amounts["Man Ya"] * 2 - amounts["Label Bèlè"] * 3) <= 3
    assert abs(amounts["Ti Jo"] * 3 - amounts["Sò Lili"] * 7) <= 7

    # Paying twice is impossible; a full refund reverses every line and voids the licence.
    again = {"item_kind": "licensing.sync", "item_id": licence["id"]}
    assert (await client.post("/api/cart/items", json=again, headers=partner)).status_code >= 400
    staff = await staff_headers(client, built)
    refund = await client.post(f"/api/orders/{order_id}/refunds", json={}, headers=staff)
    assert refund.status_code == 200, refund.text
    await deliver_events(broker, worker)
    net: dict[tuple[str, str | None], int] = {}
    for entry in await _entries(order_id):
        key = (entry["kind"], entry["side"])
        net[key] = net.get(key, 0) + int(entry["amount_cents"])
    assert set(net.values()) == {0}
    assert ("holder_share", "master") in net
    assert ("holder_share", "publishing") in net
    assert (await client.get(url, headers=partner)).json()["state"] == "refunded"
    assert (await client.get(f"{url}/certificate.pdf", headers=partner)).status_code == 404


async def test_only_the_owner_sets_a_music_works_tiers(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    song = await published_work(client, owner)
    film = await published_work(client, owner, discipline="film")
    url = f"{SYNC}/works/{song}/tiers"
    defaults = (await client.get(url, headers=owner)).json()
    assert [t["tier"] for t in defaults] == [
        "personal_web", "business_web", "advertising", "broadcast", "film_festival",
    ]  # fmt: skip
    bad = {
        "invalid_sync_price": {"tier": "advertising", "price_cents": 0},
        "invalid_sides": {"tier": "advertising", "price_cents": 1000, "master_bp": 12000},
        "unknown_tier": {"tier": "karaoke", "price_cents": 1000},
    }
    for code, tier in bad.items():
        answer = await client.put(url, json={"tiers": [tier]}, headers=owner)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == code
    assert (await client.get(url, headers=owner)).json() == defaults
    other = await sign_up_and_log_in(client)
    tier = {"tiers": [{"tier": "advertising", "price_cents": 100}]}
    assert (await client.put(url, json=tier, headers=other)).status_code == 403
    film_tiers = await client.put(f"{SYNC}/works/{film}/tiers", json=tier, headers=owner)
    assert film_tiers.status_code == 409
    assert film_tiers.json()["error"]["code"] == "not_music"
    partner = await verified_organisation(client, container, await sign_up_and_log_in(client))
    film_buy = {"work_id": film, "tier": "advertising", "use": "Clip"}
    refused = await client.post(f"{SYNC}/licences", json=film_buy, headers=partner)
    assert refused.json()["error"]["code"] == "not_music"
