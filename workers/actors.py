"""Actors, made from the consumers the module specs declare: ids in, one service call.

Dramatiq binds an actor to the global broker when it is declared, so `declare_actors` runs
after `workers.broker.install_broker`. Each actor loads the service it needs from the process's
container (`workers.context`) and hands it the event envelope.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import dramatiq

from infra.events.deliveries import mark_done
from infra.events.envelope import EventEnvelope
from infra.events.types import InvalidEvent
from infra.modules import Consumer, RetryPolicy
from workers.context import services


def _runner(consumer: Consumer[Any]) -> Callable[[dict[str, Any]], Awaitable[None]]:
    types = {event_type.name: event_type for event_type in consumer.events}

    async def run(event: dict[str, Any]) -> None:
        envelope = EventEnvelope.from_message(event)
        # Checked against its declared payload before any effect: a malformed message fails
        # here, by name, instead of half-way through a handler.
        try:
            types[envelope.type].decode(envelope)
        except InvalidEvent:
            # Refused for good (it is not retried): sending it again would change nothing.
            await mark_done(envelope.id, consumer.actor, consumer.queue)
            raise
        registry = await services()
        await consumer.handle(registry.get(consumer.service), envelope)
        # After the effect committed: dying here only means one more (dropped) duplicate.
        await mark_done(envelope.id, consumer.actor, consumer.queue)

    run.__name__ = run.__qualname__ = consumer.actor.replace(".", "_")
    return run


def _options(policy: RetryPolicy) -> dict[str, Any]:
    options: dict[str, Any] = {
        "max_retries": policy.max_retries,
        "min_backoff": policy.min_backoff_ms,
        "max_backoff": policy.max_backoff_ms,
    }
    if policy.time_limit_ms is not None:
        options["time_limit"] = policy.time_limit_ms
    retryable = policy.retry_only

    def retry_when(retries_so_far: int, exception: BaseException) -> bool:
        if isinstance(exception, InvalidEvent) or retries_so_far >= policy.max_retries:
            return False  # a malformed message stays malformed
        # With `retry_only`, refused or corrupt input is settled inside the service; only
        # outside trouble (storage down, disk full, a provider unavailable) is worth a retry.
        return retryable is None or isinstance(exception, retryable)

    options["retry_when"] = retry_when
    return options


def declare_actors(consumers: Iterable[Consumer[Any]]) -> None:
    """Declare one actor per consumer on the installed broker, once per process."""
    broker = dramatiq.get_broker()
    declared = set(broker.get_declared_actors())
    for consumer in consumers:
        if consumer.actor in declared:
            continue
        decorate = dramatiq.actor(
            actor_name=consumer.actor, queue_name=consumer.queue, **_options(consumer.retry)
        )
        decorate(_runner(consumer))
        declared.add(consumer.actor)
