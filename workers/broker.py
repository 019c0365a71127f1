"""Dramatiq broker set-up. Must run before any actor is declared.

Dramatiq binds each actor to the global broker when it is declared; `install_broker` sets that
broker first, and `workers.actors.declare_actors` declares the actors only afterwards.
"""

from __future__ import annotations

import dramatiq
from dramatiq.broker import Consumer
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware.asyncio import AsyncIO

QUEUE = "default"
# A worker killed with kill -9 (or lost with its machine) leaves the messages it had taken in
# its own unacknowledged set. Another worker's maintenance gives them back to the queue once the
# dead one has not beaten for this long. Dramatiq's defaults (60 s, maintenance on 0.1 % of
# commands: minutes on an idle worker) leave a transcode stuck that long; the consumers poll
# every 100 ms (`Worker(worker_timeout=100)`), so a live worker beats far more often than this.
HEARTBEAT_TIMEOUT_MS = 15_000
# Out of a million commands: 1 %, so an idle worker (a few dozen polls a second) runs
# maintenance every few seconds; the Lua script is a handful of sorted-set reads.
MAINTENANCE_CHANCE = 10_000


# The longest an idle consumer of a prompt queue waits between two polls (others: the worker's
# `worker_timeout`, 100 ms). Dramatiq's consumer backs off to half to all of it when idle.
PROMPT_POLL_MS = 20


class LakouBroker(RedisBroker):
    """Dramatiq's Redis broker, polling the queues someone waits on sooner when idle.

    Dramatiq has one idle time-out for every queue of a worker; its Redis consumer has no
    blocking read. The consumers of `prompt_queues` get a shorter one, the others keep theirs
    (their delay queues too: a retry's backoff is counted in seconds anyway).
    """

    prompt_queues: frozenset[str] = frozenset()

    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 5000) -> Consumer:
        if queue_name in self.prompt_queues:
            timeout = min(timeout, PROMPT_POLL_MS)
        return super().consume(queue_name, prefetch, timeout)


def make_broker(redis_url: str, namespace: str = "lakou") -> LakouBroker:
    broker = LakouBroker(  # type: ignore[no-untyped-call]
        url=redis_url,
        namespace=namespace,
        heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
        maintenance_chance=MAINTENANCE_CHANCE,
    )
    broker.add_middleware(AsyncIO())
    return broker


def install_broker(redis_url: str, namespace: str = "lakou") -> LakouBroker:
    broker = make_broker(redis_url, namespace)
    dramatiq.set_broker(broker)
    return broker
