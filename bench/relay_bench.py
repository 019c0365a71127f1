"""What delivery receipts cost the outbox relay, and the worker's mark per message.

- `relay`: `OutboxRelay.drain()` of N committed events, each with two consumers, publishing to
  a publisher that keeps nothing (the broker is not what is measured), against the baseline of
  the same relay with the receipts switched off (the relay as it was before them: claim,
  publish, mark sent).
- `mark`: `deliveries.mark_done` per message (the worker's upsert after a consumer returned),
  against the baseline of the `handle_once` insert every consumer already makes.

SQLite in a temporary folder unless `LAKOU_BENCH_DATABASE_URL` names another database.
`LAKOU_BENCH_EVENTS` (2000) events per round, medians of `LAKOU_BENCH_ROUNDS` (5). Last line:
RESULT relay_events_per_s=<x> relay_over_bare=<x> mark_ms=<x> mark_over_handled_insert=<x>
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.support import run_in_temporary_folder
from infra.db.engine import ensure_pool, write_transaction
from infra.db.migrations import migrate
from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events import deliveries
from infra.events.envelope import EventEnvelope
from infra.events.model import DomainEvent, EventRecorder
from infra.events.relay import OutboxRelay, Route
from infra.events.tables import HandledEvent, OutboxDelivery, OutboxMessage
from infra.ids import new_id
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import build_container, connect_database, enabled_modules

EVENTS = int(os.environ.get("LAKOU_BENCH_EVENTS", "2000"))
ROUNDS = int(os.environ.get("LAKOU_BENCH_ROUNDS", "5"))
ROUTES = {"bench.happened": [Route("bench.first"), Route("bench.second")]}


class Nowhere:
    def publish(self, route: Route, envelope: EventEnvelope) -> None:
        return None


class Things(EventRecorder):
    def __init__(self, count: int) -> None:
        for _ in range(count):
            self.record(DomainEvent("bench.happened", new_id(), {"n": 1}))


async def _commit(engine: Any, count: int) -> None:
    async with PiccoloUnitOfWork(engine) as uow:
        uow.track(Things(count))


async def _clear() -> None:
    for table in (OutboxMessage, OutboxDelivery, HandledEvent):
        await table.delete(force=True)


async def _time_relay(engine: Any, receipts: bool) -> float:
    await _clear()
    await _commit(engine, EVENTS)
    relay = OutboxRelay(Nowhere(), ROUTES, batch_size=200)
    started = time.perf_counter()
    if receipts:
        await relay.drain()
    else:
        with mock.patch.object(deliveries, "record_sent", _nothing):
            await relay.drain()
    return time.perf_counter() - started


async def _nothing(*_: object) -> None:
    return None


async def _time_marks(ids: list[Any]) -> float:
    started = time.perf_counter()
    for event_id in ids:
        await deliveries.mark_done(event_id, "bench.first", "default")
    return time.perf_counter() - started


async def _time_handled(ids: list[Any]) -> float:
    started = time.perf_counter()
    for event_id in ids:
        async with write_transaction(HandledEvent._meta.db):
            await HandledEvent.insert(
                HandledEvent(
                    id=new_id(),
                    consumer="bench.first",
                    event_id=event_id,
                    handled_at=datetime.now(UTC),
                )
            ).on_conflict(action="DO NOTHING")
    return time.perf_counter() - started


async def run(settings: Settings) -> str:
    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, None)
    await ensure_pool(container.engine, settings.database.pool_size)
    relay_s, bare_s, mark_s, handled_s = [], [], [], []
    for _ in range(ROUNDS):
        # Alternated, so a slower minute of the machine weighs on both alike.
        bare_s.append(await _time_relay(container.engine, receipts=False))
        relay_s.append(await _time_relay(container.engine, receipts=True))
        ids = [new_id() for _ in range(EVENTS // 4)]
        handled_s.append(await _time_handled(ids))
        mark_s.append(await _time_marks(ids))
    relay, bare = statistics.median(relay_s), statistics.median(bare_s)
    mark, handled = statistics.median(mark_s), statistics.median(handled_s)
    per = EVENTS // 4
    print(f"relay: {EVENTS} events x 2 consumers in {relay:.3f} s; without receipts {bare:.3f} s")
    print(
        f"mark: {mark / per * 1000:.3f} ms each; handled-once insert {handled / per * 1000:.3f} ms"
    )
    return (
        f"RESULT relay_events_per_s={EVENTS / relay:.0f} relay_over_bare={relay / bare:.2f} "
        f"mark_ms={mark / per * 1000:.3f} mark_over_handled_insert={mark / handled:.2f}"
    )


def main() -> None:
    run_in_temporary_folder("lakou-relay-bench-", run)


if __name__ == "__main__":
    main()
