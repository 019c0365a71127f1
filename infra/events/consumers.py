"""Idempotent consumption: a consumer's effect and its 'handled' mark commit together."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from infra.db.engine import write_transaction
from infra.events.envelope import EventEnvelope
from infra.events.tables import HandledEvent
from infra.ids import new_id


async def handle_once(
    consumer: str,
    event: EventEnvelope,
    effect: Callable[[EventEnvelope], Awaitable[None]],
) -> bool:
    """Run `effect` unless `consumer` already handled `event`; True when it ran now.

    The unique (consumer, event_id) index is the guard: two deliveries racing each other both
    try to insert the mark, one wins, the other inserts nothing and skips the effect.
    """
    async with write_transaction(HandledEvent._meta.db):
        inserted = (
            await HandledEvent.insert(
                HandledEvent(
                    id=new_id(),
                    consumer=consumer,
                    event_id=event.id,
                    handled_at=datetime.now(UTC),
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(HandledEvent.id)
        )
        if not inserted:
            return False
        await effect(event)
        return True
