"""Delivery receipts: an event the broker lost is sent again, and handled once.

The relay marks an outbox row sent when Redis has the message; a Redis that dies without
persistence takes the message with it. Each (event, consumer) pair has a receipt the worker marks
done; the relay's sweep sends again what stayed undone past `LAKOU_EVENTS_REDELIVER_AFTER_S`.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID

import redis
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events import deliveries
from infra.events.model import DomainEvent, EventRecorder
from infra.events.relay import OutboxRelay, Redelivery, Route
from infra.events.tables import OutboxDelivery, OutboxMessage
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.activity.tables import ActivityEntry
from tests.conftest import REDIS_URL
from tests.helpers import create_creator, create_work, deliver_events, sign_up_and_log_in
from tests.integration.test_event_kernel import RecordingPublisher
from workers.broker import QUEUE
from workers.routes import routes_for
from workers.runtime import make_relay, start_worker

ROUTE = Route(actor="tests.consumer")
LATER = timedelta(days=1)


class Thing(EventRecorder):
    def __init__(self, count: int) -> None:
        for _ in range(count):
            self.record(DomainEvent("thing.happened", new_id(), {"n": 1}))


async def _event_ids() -> list[UUID]:
    rows = await OutboxMessage.select(OutboxMessage.id)
    return [row["id"] if isinstance(row["id"], UUID) else UUID(row["id"]) for row in rows]


async def _worked_off(broker: RedisBroker, worker: Worker) -> None:
    await asyncio.to_thread(lambda: broker.join(QUEUE, timeout=60_000))
    await asyncio.to_thread(worker.join)


async def test_a_delivery_the_broker_lost_is_sent_again_and_handled_once(
    client: AsyncTestClient, container: Container, broker: RedisBroker
) -> None:
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"])
    relay = make_relay(broker, container)
    assert await relay.drain() >= 1
    # Redis dies without persistence: every message it held is gone.
    redis.Redis.from_url(REDIS_URL).flushdb()
    worker = start_worker(broker, container, threads=2)
    try:
        await asyncio.to_thread(worker.join)
        logged = ActivityEntry.count().where(ActivityEntry.work_id == UUID(work["id"]))
        assert await logged == 0
        lost = await OutboxDelivery.count().where(OutboxDelivery.done_at.is_null())
        assert lost >= 1
        # Not yet past the cut-off: a consumer may still be retrying it.
        assert await relay.redeliver_once() == 0

        assert await relay.redeliver_once(datetime.now(UTC) + LATER) == lost
        await _worked_off(broker, worker)
        await deliver_events(broker, worker)  # what the redelivered events led to
        assert await logged == 1
        assert await deliveries.undone(await _event_ids()) == 0

        # Sent once more by mistake (a receipt marked late): the log still has one entry.
        await OutboxDelivery.update({OutboxDelivery.done_at: None}, force=True)
        assert await relay.redeliver_once(datetime.now(UTC) + 2 * LATER) == lost
        await _worked_off(broker, worker)
        assert await logged == 1
    finally:
        worker.stop()


async def test_an_undone_delivery_is_sent_at_most_the_attempts_allowed(
    container: Container,
) -> None:
    async with PiccoloUnitOfWork(container.engine) as uow:
        uow.track(Thing(2))
    publisher = RecordingPublisher()
    relay = OutboxRelay(
        publisher,
        {"thing.happened": [ROUTE]},
        redelivery=Redelivery(after=timedelta(minutes=15), max_attempts=3),
    )
    assert await relay.drain() == 2
    now = datetime.now(UTC)
    assert await relay.redeliver_once(now + timedelta(minutes=10)) == 0
    assert await relay.redeliver_once(now + timedelta(minutes=16)) == 2
    # Sent again at +16 min: the next sweep must wait 15 minutes from then.
    assert await relay.redeliver_once(now + timedelta(minutes=30)) == 0
    assert await relay.redeliver_once(now + timedelta(minutes=32)) == 2
    assert await relay.redeliver_once(now + timedelta(hours=5)) == 0
    assert sorted(publisher.published) == sorted(
        [(ROUTE.actor, event_id) for event_id in await _event_ids()] * 3
    )
    # Still undone, for an operator to see.
    assert await deliveries.undone(await _event_ids()) == 2


async def test_a_worker_quicker_than_the_relay_leaves_its_receipt_done(
    container: Container,
) -> None:
    async with PiccoloUnitOfWork(container.engine) as uow:
        uow.track(Thing(1))
    (event_id,) = await _event_ids()
    # The worker may finish before the relay's transaction commits its receipts.
    await deliveries.mark_done(event_id, ROUTE.actor, ROUTE.queue)
    publisher = RecordingPublisher()
    relay = OutboxRelay(publisher, {"thing.happened": [ROUTE]})
    assert await relay.drain() == 1
    assert await deliveries.undone([event_id]) == 0
    assert await relay.redeliver_once(datetime.now(UTC) + LATER) == 0
    assert publisher.published == [(ROUTE.actor, event_id)]


async def test_a_transcode_is_not_sent_again_while_it_may_still_be_running(
    container: Container,
) -> None:
    (transcoding,) = [
        route
        for route in routes_for(container.modules)["media.uploaded"]
        if route.actor == "media.process_asset"
    ]
    assert transcoding.patience == timedelta(hours=6)  # the transcoding preset's time limit
    async with PiccoloUnitOfWork(container.engine) as uow:
        uow.track(Thing(1))
    publisher = RecordingPublisher()
    relay = OutboxRelay(publisher, {"thing.happened": [transcoding]})
    assert await relay.drain() == 1
    now = datetime.now(UTC)
    assert await relay.redeliver_once(now + timedelta(hours=1)) == 0
    assert await relay.redeliver_once(now + timedelta(hours=6, minutes=1)) == 1
    assert [actor for actor, _ in publisher.published] == [transcoding.actor] * 2
