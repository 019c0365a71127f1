"""A paid purchase inside a fault scenario: a work on sale, the buyer paying with the test
payment, and the worker settling it while the fault lasts (the books are checked after)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.helpers import priced, published_work, sign_up_and_log_in


async def work_on_sale(client: AsyncTestClient, price_cents: int = 1250) -> str:
    """A new seller's published work at a fixed price: the offer's id."""
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    return str((await priced(client, seller, work_id, price_cents=price_cents))["id"])


@contextmanager
def worker_for(broker: RedisBroker, container: Container) -> Iterator[Worker]:
    """A worker in this process, for a container the fixtures' `worker` does not serve."""
    from workers.runtime import start_worker

    running = start_worker(broker, container, threads=2)
    try:
        yield running
    finally:
        running.stop()


async def relay_until(broker: RedisBroker, seen: Callable[[], bool], timeout_s: float = 60) -> None:
    """Relay the outbox to the running worker until `seen()` (the fault met the purchase)."""
    from workers.runtime import make_relay

    relay = make_relay(broker)
    deadline = time.monotonic() + timeout_s
    while not seen():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker to meet the fault")
        await relay.drain()
        await asyncio.sleep(0.2)


async def finish_work(broker: RedisBroker, worker: Worker) -> None:
    """Let the worker finish what it was handed (retries included), then relay what is left."""
    from tests.helpers import deliver_events
    from workers.broker import QUEUE

    for queue in (QUEUE, "media", "payments", "payouts"):
        await asyncio.to_thread(lambda q=queue: broker.join(q, timeout=120_000))
    await asyncio.to_thread(worker.join)
    await deliver_events(broker, worker)
