"""Publish lag for the search bench: works published through `CatalogueService` with the real
relay and a dramatiq worker, timed until the index returns them."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid

from accounts.domain import Principal, Role
from bench.search_bench_queries import percentile
from lakou.bootstrap import Container
from marketplace.catalogue.creators import CreatorDetails
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import WorkDetails
from marketplace.catalogue.values import CreatorKind

LAG_SAMPLES = 50


async def publish_lag(container: Container, redis_url: str) -> float:
    from workers.broker import install_broker
    from workers.runtime import RelayThread, make_relay, start_worker

    email = f"bench-{uuid.uuid4().hex[:8]}@example.test"
    user_id = await container.identity.create_user(email, "bench-password-1", "Bench", Role.CREATOR)
    who = Principal(user_id=user_id, email=email, display_name="Bench", role=Role.CREATOR)
    creator = await container.catalogue.create_creator(
        who, CreatorDetails(kind=CreatorKind.PERSON, name="Bench Lag", commune="Le Robert")
    )
    broker = install_broker(redis_url, namespace=f"lakou-bench-{uuid.uuid4().hex[:6]}")
    worker = start_worker(broker, container, threads=2)
    relay = RelayThread(make_relay(broker), container)
    relay.start()
    lags = []
    try:
        for n in range(LAG_SAMPLES):
            details = WorkDetails(
                titles={"fr": f"Lagmesure{n} bèlè"}, discipline=Discipline.MUSIC, languages=["fr"]
            )
            work = await container.catalogue.create_work(who, creator.id, details)
            started = time.perf_counter()
            await container.catalogue.publish_work(who, work.id)
            while await container.search.index.get(str(work.id)) is None:
                if time.perf_counter() - started > 30:
                    raise TimeoutError(f"work {work.id} not searchable after 30 s")
                await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - started)
    finally:
        relay.stop()
        worker.stop()
        broker.close()
    print(
        f"  publish -> searchable over {LAG_SAMPLES} works: p50={statistics.median(lags):.3f} s "
        f"p95={percentile(lags, 0.95):.3f} s max={max(lags):.3f} s"
    )
    return percentile(lags, 0.95)
