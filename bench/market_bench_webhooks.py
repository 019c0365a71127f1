"""Webhook load for the marketplace bench: Stripe-signed `payment_intent.succeeded` events,
some replayed, sent by concurrent keep-alive clients and timed against `GET /health` and badly
signed ones; then waits until the relay and the worker have settled every one."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import random
import secrets
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
import asyncpg
import httpx
import redis

from bench.market_bench_config import (
    CONCURRENCY,
    DATABASE_URL,
    EVENTS,
    HOOK,
    PAYMENT_POOL,
    REPLAY_SHARE,
    WARMUP,
    cpu_seconds,
    percentile,
)
from bench.market_bench_server import Lakou
from tests.fixtures_stripe import LocalStripe


@dataclass
class Round:
    name: str
    latencies_s: list[float]
    answers: list[tuple[int, bytes]]
    elapsed_s: float
    cpu_s: float

    @property
    def per_s(self) -> float:
        return len(self.latencies_s) / self.elapsed_s

    def ms(self, fraction: float) -> float:
        return percentile(self.latencies_s, fraction) * 1000

    def show(self) -> None:
        print(
            f"  {self.name:<28} {len(self.latencies_s):>5} req {self.per_s:7.0f} req/s | "
            f"p50={self.ms(0.5):6.1f} p95={self.ms(0.95):6.1f} p99={self.ms(0.99):6.1f} "
            f"max={max(self.latencies_s) * 1000:6.1f} ms | server CPU "
            f"{self.cpu_s * 1000 / len(self.latencies_s):.2f} ms/req"
        )


Request = tuple[bytes | None, dict[str, str]]


async def hammer(lakou: Lakou, name: str, method: str, path: str, requests: list[Request]) -> Round:
    """`requests` sent by CONCURRENCY clients over keep-alive connections; each timed.

    aiohttp rather than httpx on this side: it costs the 2 shared cores several times less
    per request, so the figures are the server's rather than the load generator's.
    """
    latencies = [0.0] * len(requests)
    answers: list[tuple[int, bytes]] = [(0, b"")] * len(requests)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(lakou.base, connector=connector, timeout=timeout) as client:

        async def send(index: int) -> None:
            content, headers = requests[index]
            started = time.perf_counter()
            async with client.request(method, path, data=content, headers=headers) as response:
                body = await response.read()
            latencies[index] = time.perf_counter() - started
            answers[index] = (response.status, body)

        # Open every connection before the clock starts.
        async def opened() -> None:
            async with client.get("/health") as response:
                await response.read()

        await asyncio.gather(*(opened() for _ in range(CONCURRENCY)))
        indexes = iter(range(len(requests)))

        async def one_client() -> None:
            for index in indexes:
                await send(index)

        cpu = cpu_seconds(lakou.pid)
        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(lakou.pid) - cpu
    return Round(name, latencies, answers, elapsed, cpu)


def signed(secret: str, event: dict[str, Any], at: int, *, forged: bool = False) -> Request:
    body = json.dumps(event, separators=(",", ":")).encode()
    key = (secret + "-wrong" if forged else secret).encode()
    signature = hmac.new(key, f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return body, {"Stripe-Signature": f"t={at},v1={signature}", "Content-Type": "application/json"}


def stripe_event(intent: dict[str, Any], at: int) -> dict[str, Any]:
    """A `payment_intent.succeeded` event shaped like Stripe's (about 2 KB)."""
    return {
        "id": "evt_" + secrets.token_hex(12),
        "object": "event",
        "api_version": "2024-06-20",
        "created": at,
        "data": {"object": {**intent, "status": "succeeded"}},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": "req_" + secrets.token_hex(7), "idempotency_key": None},
        "type": "payment_intent.succeeded",
    }


def with_replays(originals: list[Request], rng: random.Random) -> list[Request]:
    """The originals with REPLAY_SHARE of the total sent again, each at least 2 x CONCURRENCY
    requests after its original (as Stripe retries a delivery it thinks failed)."""
    total = len(originals)
    replays = round(total * REPLAY_SHARE / (1 - REPLAY_SHARE))
    gap = 2 * CONCURRENCY
    after: dict[int, int] = {}
    for _ in range(replays):
        position = rng.randrange(gap, total)
        after[position] = after.get(position, 0) + 1
    sequence: list[Request] = []
    for index, request in enumerate(originals):
        sequence.append(request)
        sequence += [
            originals[rng.randrange(0, index - gap + 1)] for _ in range(after.get(index, 0))
        ]
    return sequence


async def payment_pool(stripe: LocalStripe) -> list[dict[str, Any]]:
    """Real PaymentIntents (no order): the worker re-reads them and finds nothing to settle."""
    intents = []
    async with httpx.AsyncClient(base_url=stripe.url, auth=(stripe.secret_key, "")) as client:
        for _ in range(PAYMENT_POOL):
            response = await client.post(
                "/v1/payment_intents",
                data={"amount": "1500", "currency": "eur", "payment_method_types[]": "card"},
            )
            response.raise_for_status()
            intents.append(response.json())
    return intents


def pending_settlements(lakou: Lakou) -> int:
    if lakou.redis_url is None:
        return 0
    client = redis.Redis.from_url(lakou.redis_url)
    try:
        return int(client.hlen("lakou:payments.msgs")) + int(client.hlen("lakou:payments.DQ.msgs"))
    finally:
        client.close()


async def unsent_outbox(lakou: Lakou) -> int:
    if not lakou.postgres:
        return 0
    connection = await asyncpg.connect(DATABASE_URL)
    try:
        return int(
            await connection.fetchval("SELECT count(*) FROM lakou_outbox WHERE sent_at IS NULL")
        )
    finally:
        await connection.close()


async def webhook_load(lakou: Lakou, stripe: LocalStripe) -> dict[str, float]:
    rng = random.Random(20261126)
    intents = await payment_pool(stripe)
    now = int(time.time())  # all signed now: the run stays well inside the 300 s tolerance
    secret = stripe.webhook_secret

    def batch(count: int, *, forged: bool = False) -> list[Request]:
        return [
            signed(secret, stripe_event(rng.choice(intents), now), now, forged=forged)
            for _ in range(count)
        ]

    originals = round(EVENTS * (1 - REPLAY_SHARE))
    load = with_replays(batch(originals), rng)
    rejected_load = batch(EVENTS // 3, forged=True)
    health: list[Request] = [(None, {})] * EVENTS
    size = sum(len(body or b"") for body, _ in load) / len(load)
    print(
        f"webhooks: {len(load)} POSTs ({originals} events, {len(load) - originals} replays, "
        f"{size:.0f} B each), {CONCURRENCY} concurrent clients on loopback"
    )
    # Warm-up: connections, the database pool, the code paths (not counted).
    await hammer(lakou, "warm-up", "GET", "/health", health[:WARMUP])
    await hammer(lakou, "warm-up", "POST", HOOK, batch(WARMUP))
    await drain(lakou, time.perf_counter())

    bare = await hammer(lakou, "bare: GET /health", "GET", "/health", health)
    bare.show()
    rejected = await hammer(lakou, "bad signature (400)", "POST", HOOK, rejected_load)
    rejected.show()
    started = time.perf_counter()
    hooks = await hammer(lakou, "webhook: verify+dedupe+enqueue", "POST", HOOK, load)
    hooks.show()

    # A replay may overtake its original (both in flight): what must hold is that each
    # event is answered new exactly once, and every other copy as a duplicate.
    new: dict[bytes, int] = {}
    for (body, _), (status, answer) in zip(load, hooks.answers, strict=True):
        if status != 200:
            raise SystemExit(f"webhook answered {status}: {answer[:300]!r}")
        new[body or b""] = new.get(body or b"", 0) + (not json.loads(answer)["duplicate"])
    if set(new.values()) != {1} or any(status != 400 for status, _ in rejected.answers):
        raise SystemExit("an event was kept twice or never, or a forged one was accepted")
    print(f"  every answer as expected: {originals} new, {len(load) - originals} duplicates")
    settled_s = await drain(lakou, started)
    print(
        f"  outbox relayed and {originals} payments re-read by the worker "
        f"{settled_s:.1f} s after the load started ({originals / settled_s:.0f} settlements/s)"
    )
    return {
        "webhook_p99_ms": hooks.ms(0.99),
        "webhook_per_s": hooks.per_s,
        "webhook_over_bare_p99": hooks.ms(0.99) / bare.ms(0.99),
    }


async def drain(lakou: Lakou, since: float, timeout_s: float = 180) -> float:
    """Wait until the relay and the worker have handled every notification."""
    while await unsent_outbox(lakou) or pending_settlements(lakou):
        if time.perf_counter() - since > timeout_s:
            raise TimeoutError("the worker did not drain the payment notifications")
        await asyncio.sleep(0.1)
    return time.perf_counter() - since
