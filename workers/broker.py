"""Dramatiq broker set-up. Must run before any actor is declared.

Dramatiq binds each actor to the global broker when it is declared; `install_broker` sets that
broker first, and `workers.actors.declare_actors` declares the actors only afterwards.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware.asyncio import AsyncIO

QUEUE = "default"


def make_broker(redis_url: str, namespace: str = "lakou") -> RedisBroker:
    broker = RedisBroker(url=redis_url, namespace=namespace)  # type: ignore[no-untyped-call]
    broker.add_middleware(AsyncIO())
    return broker


def install_broker(redis_url: str, namespace: str = "lakou") -> RedisBroker:
    broker = make_broker(redis_url, namespace)
    dramatiq.set_broker(broker)
    return broker
