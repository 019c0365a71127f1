"""Delivery receipts: which consumer got which event, and whether it finished.

The relay marks an outbox row sent when it hands the event to the broker. A broker that loses
its data (Redis killed without persistence) or a message whose retries ran out would then lose
the event for good: the row says "sent" and nothing will send it again. So each (event,
consumer) pair gets a delivery row written in the relay's transaction, the worker marks it done
when the consumer's actor returns, and the relay's sweep sends again what stayed undone too
long. Consumers are idempotent (`handle_once`), so a second sending of an event that was in fact
handled does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from infra.db.engine import is_postgres, write_transaction
from infra.db.values import as_uuid
from infra.events.tables import OutboxDelivery
from infra.ids import new_id


@dataclass(frozen=True)
class Sending:
    event_id: UUID
    actor: str
    queue: str
    patience: timedelta  # how long the consumer may take before the delivery counts as lost


@dataclass(frozen=True)
class Stale:
    """A delivery past its due time and still not done."""

    delivery_id: UUID
    event_id: UUID
    actor: str
    queue: str


# The relay writes one receipt per event and consumer in every batch: as one statement of plain
# SQL, since piccolo's insert builds and converts a Table instance per row first (7x the relay's
# time without receipts on PostgreSQL, against 2.7x this way: bench/relay_bench.py).
_RECEIPTS_INSERT = (
    'INSERT INTO "lakou_outbox_deliveries" ("id", "event_id", "actor", "queue", "sent_at", '
    '"due_at", "done_at", "attempts") VALUES '
)
_RECEIPT_ROW = "({}, {}, {}, {}, {}, {}, NULL, 1)"


async def record_sent(sendings: Sequence[Sending], now: datetime) -> None:
    """In the relay's transaction. A worker quicker than the relay's commit may have written
    the row already (done): then there is nothing to add."""
    if not sendings:
        return
    sql = (
        _RECEIPTS_INSERT
        + ", ".join(_RECEIPT_ROW for _ in sendings)
        + ' ON CONFLICT ("event_id", "actor") DO NOTHING'
    )
    values = [
        value
        for item in sendings
        for value in (new_id(), item.event_id, item.actor, item.queue, now, now + item.patience)
    ]
    await OutboxDelivery.raw(sql, *values)


async def mark_done(event_id: UUID, actor: str, queue: str) -> None:
    """The consumer's actor finished with the event (its effect committed, or it was a
    duplicate): the sweep leaves it alone from now on."""
    now = datetime.now(UTC)
    async with write_transaction(OutboxDelivery._meta.db):
        await OutboxDelivery.insert(
            OutboxDelivery(
                id=new_id(),
                event_id=event_id,
                actor=actor,
                queue=queue,
                sent_at=now,
                due_at=now,
                done_at=now,
                attempts=1,
            )
        ).on_conflict(
            target=(OutboxDelivery.event_id, OutboxDelivery.actor),
            action="DO UPDATE",
            values=[OutboxDelivery.done_at],
        )


async def claim_stale(now: datetime, max_attempts: int, limit: int) -> list[Stale]:
    """Deliveries to send again; inside a write transaction (rows locked on PostgreSQL, so two
    relays never send one twice in the same sweep)."""
    query = (
        OutboxDelivery.select(
            OutboxDelivery.id, OutboxDelivery.event_id, OutboxDelivery.actor, OutboxDelivery.queue
        )
        .where(
            OutboxDelivery.done_at.is_null()
            & (OutboxDelivery.due_at < now)
            & (OutboxDelivery.attempts < max_attempts)
        )
        .order_by(OutboxDelivery.due_at)
        .limit(limit)
    )
    if is_postgres(OutboxDelivery._meta.db):
        query = query.lock_rows("UPDATE", skip_locked=True)
    return [
        Stale(
            delivery_id=as_uuid(row["id"]),
            event_id=as_uuid(row["event_id"]),
            actor=str(row["actor"]),
            queue=str(row["queue"]),
        )
        for row in await query
    ]


async def record_sent_again(stale: Sequence[Stale], now: datetime, patience: timedelta) -> None:
    await OutboxDelivery.update(
        {
            OutboxDelivery.sent_at: now,
            OutboxDelivery.due_at: now + patience,
            OutboxDelivery.attempts: OutboxDelivery.attempts + 1,
        },
        use_auto_update=False,
    ).where(OutboxDelivery.id.is_in([item.delivery_id for item in stale]))


async def undone(event_ids: Sequence[UUID]) -> int:
    """How many deliveries of these events are not done (for tests and operators)."""
    return int(
        await OutboxDelivery.count().where(
            OutboxDelivery.event_id.is_in(list(event_ids)) & OutboxDelivery.done_at.is_null()
        )
    )


__all__ = [
    "Sending",
    "Stale",
    "claim_stale",
    "mark_done",
    "record_sent",
    "record_sent_again",
    "undone",
]
