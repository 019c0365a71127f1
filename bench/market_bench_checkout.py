"""Checkout to entitlement for the marketplace bench: buyers pay by card at localstripe as
Stripe.js would, timed until the playback API says they are entitled."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg
import httpx

from bench.market_bench_config import (
    DATABASE_URL,
    HOOK,
    LOCALSTRIPE_DELAY_S,
    PASSWORD,
    POLL_S,
    PURCHASES,
    percentile,
)
from bench.market_bench_server import Lakou
from tests.fixtures_stripe import LocalStripe
from tests.stripe_buyer import SUCCEEDING_CARD, StripeBuyer


class Api:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def call(
        self, method: str, path: str, token: str | None = None, expect: int = 200, **kw: Any
    ) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.client.request(method, path, headers=headers, **kw)
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json()

    async def user(self, email: str, role: str = "audience") -> str:
        account = {"email": email, "password": PASSWORD, "role": role, "display_name": email}
        await self.call("POST", "/api/auth/signup", json=account, expect=202)
        login = await self.call(
            "POST", "/api/auth/login", json={"email": email, "password": PASSWORD}
        )
        return str(login["token"])


async def checkout_to_entitlement(lakou: Lakou, stripe: LocalStripe) -> dict[str, float]:
    stripe.register_webhook(lakou.base + HOOK)
    card_holder = StripeBuyer(
        stripe.url, secret_key=stripe.secret_key, publishable_key=stripe.publishable_key
    )
    async with httpx.AsyncClient(base_url=lakou.base, timeout=30) as client:
        api = Api(client)
        seller = await api.user("vendeuse@bench.test", role="creator")
        creator = await api.call(
            "POST", "/api/creators", seller, json={"kind": "person", "name": "Man Ya"}, expect=201
        )
        offers = []
        for title in ("Lalin", "Solèy", "Lanmè"):
            work = await api.call(
                "POST",
                "/api/works",
                seller,
                json={"creator_id": creator["id"], "titles": {"fr": title}, "discipline": "music"},
                expect=201,
            )
            await api.call("POST", f"/api/works/{work['id']}/publish", seller)
            offer = await api.call(
                "PUT",
                f"/api/works/{work['id']}/offer",
                seller,
                json={"pricing": "fixed", "price_cents": 1500},
            )
            offers.append((offer["id"], work["id"]))
        buyers: list[str] = []
        for start in range(0, PURCHASES, 4):
            buyers += await asyncio.gather(
                *(
                    api.user(f"acheteur{n}@bench.test")
                    for n in range(start, min(start + 4, PURCHASES))
                )
            )

        totals, confirms, received_to_entitled = [], [], []
        for n, buyer in enumerate(buyers):
            offer_id, work_id = offers[n % len(offers)]
            await api.call(
                "POST", "/api/cart/items", buyer, json={"offer_id": offer_id}, expect=201
            )
            order = await api.call(
                "POST", "/api/checkout", buyer, json={"country": "MQ"}, expect=201
            )
            payment = order["payment"]
            started = time.perf_counter()
            result = await card_holder.pay(payment["id"], payment["client_secret"], SUCCEEDING_CARD)
            confirmed = time.perf_counter()
            assert result.status == "succeeded", result
            while not (await api.call("GET", f"/api/works/{work_id}/playback", buyer))["entitled"]:
                if time.perf_counter() - started > 60:
                    raise TimeoutError(f"order {order['id']} not fulfilled after 60 s")
                await asyncio.sleep(POLL_S)
            entitled = time.perf_counter()
            entitled_at = time.time()
            totals.append(entitled - started)
            confirms.append(confirmed - started)
            received = await webhook_received_at(lakou, payment["id"])
            if received is not None:
                received_to_entitled.append(entitled_at - received)

    p50, p95 = percentile(totals, 0.5), percentile(totals, 0.95)
    print(
        f"checkout to entitlement over {PURCHASES} purchases (card confirmed at localstripe, "
        f"then polled every {POLL_S * 1000:.0f} ms):"
    )
    print(
        f"  pay call -> entitled: p50={p50:.3f} s p95={p95:.3f} s max={max(totals):.3f} s; "
        f"net of localstripe's 1 s: p50={p50 - LOCALSTRIPE_DELAY_S:.3f} s "
        f"p95={p95 - LOCALSTRIPE_DELAY_S:.3f} s"
    )
    print(
        f"  of which the card confirmation (3 localstripe calls): "
        f"p50={percentile(confirms, 0.5):.3f} s p95={percentile(confirms, 0.95):.3f} s"
    )
    if received_to_entitled:
        print(
            "  payment_intent.succeeded received by Lakou -> entitlement seen (relay, worker "
            f"re-read, settlement): p50={percentile(received_to_entitled, 0.5):.3f} s "
            f"p95={percentile(received_to_entitled, 0.95):.3f} s"
        )
    return {
        "checkout_to_entitlement_p95_s": p95,
        "checkout_to_entitlement_net_p95_s": p95 - LOCALSTRIPE_DELAY_S,
    }


async def webhook_received_at(lakou: Lakou, payment_id: str) -> float | None:
    """When Lakou kept the payment_intent.succeeded event (PostgreSQL run only)."""
    if not lakou.postgres:
        return None
    connection = await asyncpg.connect(DATABASE_URL)
    try:
        received = await connection.fetchval(
            "SELECT min(received_at) FROM lakou_payment_events "
            "WHERE payment_id = $1 AND provider_type = 'payment_intent.succeeded'",
            payment_id,
        )
    finally:
        await connection.close()
    return None if received is None else float(received.timestamp())
