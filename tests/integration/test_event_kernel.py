"""The event kernel's promises, on the real database: nothing emitted on rollback, nothing
lost when the relay dies, one effect per event however often it is delivered."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

import pytest

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.events.model import DomainEvent, EventRecorder
from infra.events.relay import OutboxRelay, Route
from infra.events.tables import HandledEvent, OutboxMessage
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.activity.service import ActivityLog
from marketplace.activity.tables import ActivityEntry

ROUTE = Route(actor="tests.consumer")


class SimulatedCrash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


@dataclass
class RecordingPublisher:
    published: list[tuple[str, UUID]] = field(default_factory=list)
    crash_after: int | None = None

    def publish(self, route: Route, envelope: EventEnvelope) -> None:
        self.published.append((route.actor, envelope.id))
        if self.crash_after is not None and len(self.published) >= self.crash_after:
            raise SimulatedCrash


class Thing(EventRecorder):
    def __init__(self, count: int = 1) -> None:
        for _ in range(count):
            self.record(DomainEvent("thing.happened", new_id(), {"n": 1}))


async def _commit_events(container: Container, count: int) -> None:
    async with PiccoloUnitOfWork(container.engine) as uow:
        uow.track(Thing(count))


async def _unsent() -> int:
    return await OutboxMessage.count().where(OutboxMessage.sent_at.is_null())


async def test_rolled_back_transaction_emits_nothing(container: Container) -> None:
    async def failing_use_case() -> None:
        async with PiccoloUnitOfWork(container.engine) as uow:
            uow.track(Thing(3))
            raise RuntimeError("the use case failed after recording events")

    with pytest.raises(RuntimeError):
        await failing_use_case()
    assert await OutboxMessage.count() == 0

    await _commit_events(container, 3)
    assert await OutboxMessage.count() == 3


async def test_events_committed_while_no_relay_runs_are_delivered_later(
    container: Container,
) -> None:
    await _commit_events(container, 5)
    assert await _unsent() == 5

    publisher = RecordingPublisher()
    delivered = await OutboxRelay(publisher, {"thing.happened": [ROUTE]}).drain()

    assert delivered == 5
    assert len(publisher.published) == 5
    assert await _unsent() == 0


async def test_relay_killed_after_publishing_redelivers_and_consumer_applies_once(
    container: Container,
) -> None:
    await _commit_events(container, 4)
    dying = RecordingPublisher(crash_after=2)
    with pytest.raises(SimulatedCrash):
        await OutboxRelay(dying, {"thing.happened": [ROUTE]}, batch_size=10).relay_once()
    # Its transaction never committed: every row is still waiting.
    assert await _unsent() == 4

    survivor = RecordingPublisher()
    await OutboxRelay(survivor, {"thing.happened": [ROUTE]}).drain()
    assert len(survivor.published) == 4
    assert await _unsent() == 0

    # The two messages the dead relay got out are now delivered twice; the consumer must not care.
    effects: list[UUID] = []

    async def effect(event: EventEnvelope) -> None:
        effects.append(event.id)

    rows = await OutboxMessage.select(OutboxMessage.id)
    by_id = {row["id"] if isinstance(row["id"], UUID) else UUID(row["id"]) for row in rows}
    for _, event_id in dying.published + survivor.published:
        assert event_id in by_id
        await handle_once("tests.consumer", _envelope(event_id), effect)
    assert sorted(effects) == sorted(by_id)


async def test_events_without_consumers_are_marked_sent(container: Container) -> None:
    await _commit_events(container, 2)
    publisher = RecordingPublisher()
    assert await OutboxRelay(publisher, {}).drain() == 2
    assert publisher.published == []
    assert await _unsent() == 0


async def test_two_relays_never_send_the_same_event(container: Container) -> None:
    await _commit_events(container, 120)
    first, second = RecordingPublisher(), RecordingPublisher()
    routes = {"thing.happened": [ROUTE]}
    await asyncio.gather(
        OutboxRelay(first, routes, batch_size=7).drain(),
        OutboxRelay(second, routes, batch_size=7).drain(),
    )
    sent = [event_id for _, event_id in first.published + second.published]
    assert len(sent) == 120
    assert len(set(sent)) == 120


def _envelope(event_id: UUID) -> EventEnvelope:
    work_id, owner_id = new_id(), new_id()
    return EventEnvelope(
        id=event_id,
        type="work.published",
        aggregate_id=work_id,
        payload={
            "work_id": str(work_id),
            "creator_id": str(new_id()),
            "owner_id": str(owner_id),
            "by": str(owner_id),
            "status": "published",
            "v": 1,
        },
        occurred_at=datetime.now(UTC),
    )


async def test_duplicate_delivery_to_the_activity_log_has_one_effect(container: Container) -> None:
    event = _envelope(new_id())
    log = container.services.get(ActivityLog)
    assert await log.record(event) is True
    assert await log.record(event) is False
    assert await ActivityEntry.count() == 1
    assert await HandledEvent.count() == 1


@pytest.mark.postgres_only
async def test_concurrent_duplicate_deliveries_have_one_effect(container: Container) -> None:
    event = _envelope(new_id())
    log = container.services.get(ActivityLog)
    results = await asyncio.gather(*(log.record(event) for _ in range(5)), return_exceptions=True)
    # The unique index lets exactly one delivery through; the others see it handled, or lose
    # the race at commit and would be retried by dramatiq, then see it handled.
    assert sum(1 for result in results if result is True) == 1
    assert await ActivityEntry.count() == 1


@dataclass
class SignallingPublisher:
    """Records what the relay sent and wakes the test at each sending."""

    published: list[UUID] = field(default_factory=list)
    sent: asyncio.Event = field(default_factory=asyncio.Event)

    def publish(self, route: Route, envelope: EventEnvelope) -> None:
        self.published.append(envelope.id)
        self.sent.set()

    async def next_sending(self) -> None:
        # A guard against hanging, not a measure: without the bell the relay sleeps an hour.
        await asyncio.wait_for(self.sent.wait(), timeout=60)
        self.sent.clear()


class WatchedRelay(OutboxRelay):
    """Says when a pass found nothing to send: the relay then waits for its next poll."""

    def __init__(self, publisher: SignallingPublisher) -> None:
        super().__init__(publisher, {"thing.happened": [ROUTE]})
        self.idle = asyncio.Event()

    async def relay_once(self) -> int:
        delivered = await super().relay_once()
        if delivered == 0:
            self.idle.set()
        return delivered


async def test_a_commit_wakes_the_relay_of_its_process_before_its_next_poll(
    container: Container,
) -> None:
    publisher = SignallingPublisher()
    relay = WatchedRelay(publisher)
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run_forever(stop, idle_sleep_s=3600))
    try:
        await asyncio.wait_for(relay.idle.wait(), timeout=60)  # nothing yet: it waits an hour
        await _commit_events(container, 1)
        await publisher.next_sending()
        assert len(publisher.published) == 1
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=60)
