"""The indicators' live path and the dashboard's read time, for `bench/indicators_bench.py`.

- `event_to_dashboard`: a settled play of a new work committed to the outbox → relayed (the
  relay loop in its thread) → the `indicators.fold` actor of a dramatiq worker on Redis → its
  fact and the cells it moves, in one transaction → the dashboard's read
  (`IndicatorFigures.published`, the call the page and the open-data endpoint make, through
  their version-keyed cache) shows one more work diffused today. Timed from the commit until
  that read shows it (polled every 10 ms), one event at a time.
- `dashboard`: `GET /indicateurs` and `GET /api/indicators/open-data` through the app
  (litestar's test client, in process) over the live cells, against the bare baseline of
  `GET /health` in the same run, interleaved.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from litestar.testing import AsyncTestClient

from infra.db.engine import is_postgres, write_transaction
from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events.model import DomainEvent, EventRecorder
from infra.events.relay import OutboxRelay, Route
from infra.events.tables import OutboxMessage
from infra.ids import new_id
from marketplace.indicators.cell_store import bump_version
from marketplace.indicators.domain.periods import martinique_day
from marketplace.indicators.repository import LIVE, REBUILT, bulk, raw
from marketplace.indicators.service import IndicatorFigures
from tests.indicator_events import play_counted

CONSUMER = "indicators.fold"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class _Settled(EventRecorder):
    def __init__(self, event: DomainEvent) -> None:
        self.record(event)


async def _shown(figures: IndicatorFigures, day: str, expected: int, timeout_s: float) -> None:
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        cells = await figures.published("day", day)
        if any(
            (c["indicator"], c["dimension"], c["count"]) == ("works_diffused", "total", expected)
            for c in cells
        ):
            return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"the dashboard did not show {expected} works on {day} in {timeout_s} s")


async def event_to_dashboard(container: Any, redis_url: str, samples: int) -> list[float]:
    """Seconds from commit until the dashboard's read shows the event, per event, through
    relay, worker and the consumer."""
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
    figures = container.services.get(IndicatorFigures)
    latencies = []
    try:
        for _ in range(samples):
            now = datetime.now(UTC)
            day = martinique_day(now)
            before = await figures.published("day", day)
            shown = sum(
                c["count"] or 0
                for c in before
                if (c["indicator"], c["dimension"]) == ("works_diffused", "total")
            )
            envelope = play_counted(new_id(), "BR", now)
            event = DomainEvent(envelope.type, new_id(), envelope.payload, id=envelope.id)
            async with PiccoloUnitOfWork(container.engine) as uow:
                uow.track(_Settled(event))
            started = time.perf_counter()
            await _shown(figures, day, shown + 1, timeout_s=60.0)
            latencies.append(time.perf_counter() - started)
    finally:
        relay_thread.stop()
        worker.stop()
        broker.close()
    return latencies


async def dashboard(app: Any, requests: int) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds per dashboard page, per open-data answer and per bare `/health`."""
    page, open_data, bare = [], [], []
    params = {"grain": "year", "period": "2026"}
    async with AsyncTestClient(app=app) as client:
        # Once per process, not measured: the map's atlas is read and the templates compiled.
        await client.get("/indicateurs", params=params)
        await client.get("/api/indicators/open-data", params=params)
        for _ in range(requests):
            for path, kept in (
                ("/indicateurs", page),
                ("/api/indicators/open-data", open_data),
                ("/health", bare),
            ):
                started = time.perf_counter()
                answer = await client.get(path, params=params if kept is not bare else None)
                kept.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200, (path, answer.status_code)
    return page, open_data, bare


async def log_in_bulk(events: list[Any], chunk: int = 20000) -> None:
    """The events as the outbox keeps them, already sent (the log is their history), written
    with COPY or `executemany` (piccolo's inserts would take longer than the rebuild)."""
    now = datetime.now(UTC)
    columns = ("id", "event_type", "aggregate_id", "payload", "occurred_at", "sent_at", "attempts")
    for start in range(0, len(events), chunk):
        rows = [
            (
                event.id,
                event.type,
                event.aggregate_id,
                json.dumps(dict(event.payload)),
                event.occurred_at,
                now,
                0,
            )
            for event in events[start : start + chunk]
        ]
        async with write_transaction(OutboxMessage._meta.db):
            await bulk("lakou_outbox", columns, rows)


async def adopt_rebuilt() -> None:
    """The rebuilt facts, orders and cells as the live ones (the dashboard reads a year of a
    million events), the cells' version bumped."""
    async with write_transaction(OutboxMessage._meta.db):
        for live, rebuilt in (
            (LIVE.facts, REBUILT.facts),
            (LIVE.orders, REBUILT.orders),
            (LIVE.cells, REBUILT.cells),
        ):
            await raw(f"DELETE FROM {live}")  # noqa: S608
            await raw(f"INSERT INTO {live} SELECT * FROM {rebuilt}")  # noqa: S608
        await bump_version()
    # Setup, not what is measured: a consumer folding these over months would have had its
    # write-ahead log checkpointed (SQLite) and its tables analysed (PostgreSQL's autovacuum)
    # as it went; copied at once, the first live events would pay for the whole copy. Without
    # statistics on the outbox loaded by COPY, PostgreSQL's plan for the relay's claim walks
    # the whole log by id (116 ms a poll at 100,000 events) instead of its `sent_at` index.
    if is_postgres(OutboxMessage._meta.db):
        for table in (LIVE.facts, LIVE.orders, LIVE.cells, "lakou_outbox"):
            await raw(f"ANALYZE {table}")
    else:
        await raw("PRAGMA wal_checkpoint(TRUNCATE)")


def summary(name: str, values: list[float], unit: str) -> str:
    return (
        f"{name}: median {statistics.median(values):.3f} {unit}, "
        f"p95 {percentile(values, 0.95):.3f} {unit}, p99 {percentile(values, 0.99):.3f} {unit} "
        f"({len(values)} samples)"
    )
