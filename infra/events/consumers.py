"""Idempotent consumption: a consumer's effect and its 'handled' mark commit together."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from uuid import UUID

from infra.db.engine import write_transaction
from infra.db.values import as_uuid
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


async def mark_handled(consumer: str, events: Sequence[EventEnvelope]) -> set[UUID]:
    """`handle_once`'s guard for a batch, inside the caller's transaction: each event marked
    as handled by `consumer` in one statement; the ids of the events not handled before, whose
    effects the caller writes in the same transaction (the others have had theirs)."""
    unique = {event.id: event for event in events}
    if not unique:
        return set()
    now = datetime.now(UTC)
    inserted = (
        await HandledEvent.insert(
            *(
                HandledEvent(id=new_id(), consumer=consumer, event_id=event_id, handled_at=now)
                for event_id in unique
            )
        )
        .on_conflict(action="DO NOTHING")
        .returning(HandledEvent.event_id)
    )
    return {as_uuid(row["event_id"]) for row in inserted}
