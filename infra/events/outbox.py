"""Appending events to the outbox inside the caller's database transaction."""

from __future__ import annotations

from collections.abc import Iterable

from infra.events.model import DomainEvent
from infra.events.tables import OutboxMessage


async def append_to_outbox(events: Iterable[DomainEvent]) -> None:
    """Must be awaited inside the transaction that changed the rows the events describe."""
    rows = [
        OutboxMessage(
            id=event.id,
            event_type=event.type,
            aggregate_id=event.aggregate_id,
            payload=event.payload,
            occurred_at=event.occurred_at,
        )
        for event in events
    ]
    if rows:
        await OutboxMessage.insert(*rows)
