"""Running workers and the relay, in their own processes or inside `lakou serve`."""

from __future__ import annotations

import asyncio
import threading

from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker

from infra.bootstrap import Container
from infra.events.relay import OutboxRelay
from workers.broker import load_actors
from workers.context import set_container
from workers.housekeeping import run_periodically
from workers.publisher import DramatiqPublisher
from workers.routes import ROUTES


def start_worker(broker: RedisBroker, container: Container, threads: int = 4) -> Worker:
    set_container(container)
    load_actors()
    worker = Worker(broker, worker_threads=threads, worker_timeout=200)
    worker.start()
    return worker


def make_relay(broker: RedisBroker) -> OutboxRelay:
    return OutboxRelay(DramatiqPublisher(broker), ROUTES)


ABANDONED_UPLOAD_SWEEP_S = 600.0


async def run_relay_and_chores(
    relay: OutboxRelay, container: Container, stop: asyncio.Event
) -> None:
    await asyncio.gather(
        relay.run_forever(stop),
        run_periodically(
            stop, ABANDONED_UPLOAD_SWEEP_S, "expired uploads", container.uploads.expire_abandoned
        ),
    )


class RelayThread:
    """The relay loop on its own event loop, for the all-in-one embedded process."""

    def __init__(self, relay: OutboxRelay, container: Container) -> None:
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
