"""The indicators' live path and the dashboard's read time, for `bench/indicators_bench.py`.

- `event_to_dashboard`: a settled play committed to the outbox → relayed (the relay loop in its
  thread) → the `indicators.fold` actor of a dramatiq worker on Redis → its fact in the live
  tables and its periods marked stale → the cells' chore (every second, beside the relay)
  counts them again, and the dashboard page reads them on its next request. Timed from the
  commit to the consumer's handled mark, and to its marks' removal (polled every 10 ms), one
  event at a time.
- `dashboard`: `GET /indicateurs` through the app (litestar's test client, in process) over
  the live facts, against the bare baseline of `GET /health` in the same run.
"""

from __future__ import annotations

import asyncio
import secrets
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from litestar.testing import AsyncTestClient

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events.model import DomainEvent, EventRecorder
from infra.events.relay import OutboxRelay, Route
from infra.events.tables import HandledEvent
from infra.ids import new_id
from marketplace.indicators.tables import StalePeriodRow
from tests.indicator_events import play_counted

CONSUMER = "indicators.fold"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class _Settled(EventRecorder):
    def __init__(self, event: DomainEvent) -> None:
        self.record(event)


async def _wait_handled(event_id: Any, timeout_s: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        found = await HandledEvent.exists().where(
            (HandledEvent.consumer == CONSUMER) & (HandledEvent.event_id == event_id)
        )
        if found:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"event {event_id} not folded in {timeout_s} s")


async def _wait_counted(event_id: Any, timeout_s: float = 60.0) -> None:
    """Until no period is still marked by the event (the chore counted them again)."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if not await StalePeriodRow.exists().where(StalePeriodRow.marked_by == str(event_id)):
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"the periods of event {event_id} not counted in {timeout_s} s")


async def event_to_dashboard(
    container: Any, redis_url: str, samples: int
) -> tuple[list[float], list[float]]:
    """Seconds from commit to the live tables, and to the kept cells, per event, through relay,
    worker and the cells' chore."""
    from workers.broker import install_broker
    from workers.publisher import DramatiqPublisher
    from workers.runtime import RelayThread, start_worker

    broker = install_broker(redis_url, namespace=f"lakou-bench-{secrets.token_hex(4)}")
    worker = start_worker(broker, container, threads=2)
    # Only the indicators' consumer: the other consumers of plays are not what is measured.
    relay = OutboxRelay(
        DramatiqPublisher(broker), {"media.play_counted": (Route(CONSUMER),)}, batch_size=50
    )
    relay_thread = RelayThread(relay, container)
    relay_thread.start()
    latencies, counted = [], []
    try:
        for _ in range(samples):
            envelope = play_counted(new_id(), "BR", datetime.now(UTC))
            event = DomainEvent(envelope.type, new_id(), envelope.payload, id=envelope.id)
            async with PiccoloUnitOfWork(container.engine) as uow:
                uow.track(_Settled(event))
            started = time.perf_counter()
            await _wait_handled(event.id)
            latencies.append(time.perf_counter() - started)
            await _wait_counted(event.id)
            counted.append(time.perf_counter() - started)
    finally:
        relay_thread.stop()
        worker.stop()
        broker.close()
    return latencies, counted


async def dashboard(app: Any, requests: int) -> tuple[list[float], list[float]]:
    """Milliseconds per dashboard page and per bare `/health`, alternating."""
    page, bare = [], []
    async with AsyncTestClient(app=app) as client:
        # Once per process, not measured: the map's atlas is read and the templates compiled.
        await client.get("/indicateurs", params={"grain": "year", "period": "2026"})
        for _ in range(requests):
            started = time.perf_counter()
            answer = await client.get("/indicateurs", params={"grain": "year", "period": "2026"})
            page.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.status_code
            started = time.perf_counter()
            await client.get("/health")
            bare.append((time.perf_counter() - started) * 1000)
    return page, bare


def summary(name: str, values: list[float], unit: str) -> str:
    return (
        f"{name}: median {statistics.median(values):.3f} {unit}, "
        f"p95 {percentile(values, 0.95):.3f} {unit}, p99 {percentile(values, 0.99):.3f} {unit} "
        f"({len(values)} samples)"
    )
