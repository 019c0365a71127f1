"""Redis killed with kill -9 under load, on the production layout: no event is lost.

A dedicated redis-server (no persistence, as a careless deployment would run it) serves a
separate `lakou worker` and `lakou relay`; events keep coming while Redis is killed and started
again empty. Every event ends handled exactly once: the messages Redis lost are sent again by
the relay's sweep (`infra/events/deliveries.py`), and `handle_once` drops the duplicates.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events import deliveries
from infra.events.model import DomainEvent, EventRecorder
from infra.events.tables import HandledEvent, OutboxMessage
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.activity.service import CONSUMER
from marketplace.activity.tables import ActivityEntry
from tests.books import wait_until_books_balance
from tests.dedicated_redis import LakouProcess, RedisServer, dedicated_redis, process_env
from tests.fault_purchases import work_on_sale
from tests.helpers import pay_with_test_payment, sign_up_and_log_in

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]
__all__ = ["dedicated_redis"]

ROOT = Path(__file__).parents[2]
EVENTS_PER_WAVE = 40


class WorkCreations(EventRecorder):
    """`work.created` events: the activity log is their only consumer."""

    def __init__(self, count: int) -> None:
        owner = new_id()
        self.work_ids = [new_id() for _ in range(count)]
        for work_id in self.work_ids:
            payload = {
                "work_id": str(work_id),
                "creator_id": str(new_id()),
                "owner_id": str(owner),
                "by": str(owner),
                "status": "draft",
            }
            self.record(DomainEvent("work.created", work_id, payload))


async def _commit(container: Container, count: int) -> list[object]:
    """The created works' ids."""
    creations = WorkCreations(count)
    async with PiccoloUnitOfWork(container.engine) as uow:
        uow.track(creations)
    return list(creations.work_ids)


async def _until(predicate: object, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await predicate():  # type: ignore[operator]
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def worker_and_relay(
    container: Container, dedicated_redis: RedisServer, tmp_path: Path
) -> Iterator[None]:
    """`lakou worker` and `lakou relay` in processes of their own, on the dedicated Redis."""
    env = process_env(
        container.settings,
        dedicated_redis.url,
        tmp_path / "var",
        LAKOU_EVENTS_REDELIVER_AFTER_S="3",
    )
    processes = [
        LakouProcess(command, env, tmp_path / f"{command}.log") for command in ("worker", "relay")
    ]
    yield
    for process in processes:
        process.stop()


async def test_redis_killed_under_load_loses_no_event(
    client: AsyncTestClient,
    container: Container,
    dedicated_redis: RedisServer,
    worker_and_relay: None,
) -> None:
    offer_id = await work_on_sale(client)
    buyer = await sign_up_and_log_in(client, role="audience")
    handled = HandledEvent.count().where(HandledEvent.consumer == CONSUMER)
    works = await _commit(container, EVENTS_PER_WAVE)
    await _until(lambda: _at_least(handled, 1), 60, "the worker to handle a first event")
    # Mid-stream: messages are queued in Redis, some in the worker's hands.
    works += await _commit(container, EVENTS_PER_WAVE)
    dedicated_redis.kill()
    works += await _commit(container, EVENTS_PER_WAVE)  # the relay cannot hand these over yet
    await pay_with_test_payment(client, buyer, offer_id)  # nor this payment's notification
    dedicated_redis.start()  # empty: what it held is gone
    works += await _commit(container, EVENTS_PER_WAVE)

    total = 4 * EVENTS_PER_WAVE
    await _until(lambda: _at_least(handled, total), 90, f"{total} events handled")
    logged = ActivityEntry.count().where(ActivityEntry.work_id.is_in(works))
    assert await logged == total  # each once, none twice
    assert await OutboxMessage.count().where(OutboxMessage.sent_at.is_null()) == 0
    event_ids = [row["id"] for row in await OutboxMessage.select(OutboxMessage.id)]
    await _until(lambda: _none_undone(event_ids), 30, "every delivery receipt to be marked done")
    await wait_until_books_balance(container.engine, container.settings.payment.commission_bp)


async def _at_least(query: object, count: int) -> bool:
    return int(await query) >= count  # type: ignore[misc]


async def _none_undone(event_ids: list[object]) -> bool:
    return await deliveries.undone(event_ids) == 0  # type: ignore[arg-type]
