"""Running workers and the relay, in their own processes or inside `lakou serve`."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from datetime import timedelta

from dramatiq import Broker, Middleware, Worker
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.brokers.redis import RedisBroker

from infra.db.engine import close_pool, ensure_pool
from infra.events.relay import OutboxRelay, Redelivery
from infra.modules import Job
from workers.actors import declare_actors
from workers.broker import LakouBroker
from workers.context import WorkerContainer, current_container, set_container
from workers.housekeeping import run_periodically
from workers.publisher import DramatiqPublisher
from workers.routes import routes_for


class ClosePoolsAtShutdown(Middleware):
    """Close the database pool the actors opened on dramatiq's event loop, before it stops."""

    def __init__(self, container: WorkerContainer) -> None:
        self.container = container

    def before_worker_shutdown(self, broker: Broker, worker: Worker) -> None:
        loop_thread = get_event_loop_thread()
        if loop_thread is not None:
            loop_thread.run_coroutine(close_pool(self.container.engine))


def start_worker(broker: RedisBroker, container: WorkerContainer, threads: int = 4) -> Worker:
    set_container(container)
    consumers = [consumer for spec in container.modules for consumer in spec.consumers]
    declare_actors(consumers)
    if isinstance(broker, LakouBroker):
        broker.prompt_queues = frozenset(c.queue for c in consumers if c.prompt)
    for middleware in list(broker.middleware):
        if isinstance(middleware, ClosePoolsAtShutdown):
            broker.middleware.remove(middleware)
    broker.add_middleware(ClosePoolsAtShutdown(container))
    # An idle consumer polls Redis at most every 100 ms (20 ms for a prompt queue): a message
    # waits that long at worst before a worker picks it up.
    worker = Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    return worker


def make_relay(broker: RedisBroker, container: WorkerContainer | None = None) -> OutboxRelay:
    """A relay routing to the consumers of `container`'s modules (by default, those of the
    worker started in this process)."""
    running = container or current_container()
    broker_settings = running.settings.redis
    after_s = broker_settings.redeliver_after_s
    redelivery = Redelivery(
        after=timedelta(seconds=after_s),
        max_attempts=broker_settings.redeliver_attempts,
        # Twice per cut-off at least, so a lost delivery waits at most 1.5 cut-offs.
        sweep_every=timedelta(seconds=max(1, min(30, after_s // 2))),
    )
    return OutboxRelay(
        DramatiqPublisher(broker), routes_for(running.modules), redelivery=redelivery
    )


def _chore(container: WorkerContainer, job: Job[object]) -> Callable[[], Awaitable[int]]:
    async def run() -> int:
        return await job.run(container.services.get(job.service))

    return run


async def run_relay_and_chores(
    relay: OutboxRelay, container: WorkerContainer, stop: asyncio.Event
) -> None:
    # The relay polls the outbox all the time: a couple of pooled connections, not one per poll.
    await ensure_pool(container.engine, min(2, container.settings.database.pool_size))
    try:
        await asyncio.gather(
            relay.run_forever(stop),
            *(
                run_periodically(stop, job.every_s, job.name, _chore(container, job))
                for spec in container.modules
                for job in spec.jobs
            ),
        )
    finally:
        await close_pool(container.engine)


class RelayThread:
    """The relay loop on its own event loop, for the all-in-one embedded process."""

    def __init__(self, relay: OutboxRelay, container: WorkerContainer) -> None:
        self._relay = relay
        self._container = container
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self._thread = threading.Thread(target=self._run, name="lakou-relay", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(
            run_relay_and_chores(self._relay, self._container, self._stop)
        )

    def stop(self, timeout: float = 5.0) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
