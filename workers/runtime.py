"""Running workers and the relay, in their own processes or inside `lakou serve`."""

from __future__ import annotations

import asyncio
import threading

from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker

from infra.events.relay import OutboxRelay
from workers.broker import load_actors
from workers.publisher import DramatiqPublisher
from workers.routes import ROUTES


def start_worker(broker: RedisBroker, threads: int = 4) -> Worker:
    load_actors()
    worker = Worker(broker, worker_threads=threads, worker_timeout=200)
    worker.start()
    return worker


def make_relay(broker: RedisBroker) -> OutboxRelay:
    return OutboxRelay(DramatiqPublisher(broker), ROUTES)


class RelayThread:
    """The relay loop on its own event loop, for the all-in-one embedded process."""

    def __init__(self, relay: OutboxRelay) -> None:
        self._relay = relay
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self._thread = threading.Thread(target=self._run, name="lakou-relay", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._relay.run_forever(self._stop))

    def stop(self, timeout: float = 5.0) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
