"""The relay's publisher: enqueues a dramatiq message by actor name.

Only the actor's name and queue are needed, so the relay (and the API) never import actors.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from infra.events.envelope import EventEnvelope
from infra.events.relay import Route


class DramatiqPublisher:
    def __init__(self, broker: RedisBroker) -> None:
        self._broker = broker

    def publish(self, route: Route, envelope: EventEnvelope) -> None:
        self._broker.declare_queue(route.queue)
        message: dramatiq.Message[object] = dramatiq.Message(
            queue_name=route.queue,
            actor_name=route.actor,
            args=(envelope.to_message(),),
            kwargs={},
            options={},
        )
        self._broker.enqueue(message)
