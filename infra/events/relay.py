"""The outbox relay: claims undelivered events, hands them to their consumers' queues.

Delivery is at least once. Rows are claimed, published and marked sent in one database
transaction: a crash before the commit leaves them unsent and a later pass re-sends them, and
consumers drop the duplicate (see `consumers.handle_once`). On PostgreSQL `FOR UPDATE SKIP
LOCKED` lets several relays share the table without sending a row twice; on SQLite an
immediate transaction takes the single write lock for the same effect.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from infra.db.engine import is_postgres, write_transaction
from infra.db.values import as_uuid
from infra.events.envelope import EventEnvelope
from infra.events.tables import OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    """A consumer of an event type, named by the actor (and queue) that runs it."""

    actor: str
    queue: str = "default"


class Publisher(Protocol):
    def publish(self, route: Route, envelope: EventEnvelope) -> None: ...


Routes = Mapping[str, Sequence[Route]]


class OutboxRelay:
    def __init__(self, publisher: Publisher, routes: Routes, batch_size: int = 100) -> None:
        self._publisher = publisher
        self._routes = routes
        self._batch_size = batch_size

    async def relay_once(self) -> int:
        """Deliver one batch; return how many events it delivered."""
        engine = OutboxMessage._meta.db
        async with write_transaction(engine):
            rows = await self._claim(is_postgres(engine))
            for row in rows:
                envelope = _envelope(row)
                for route in self._routes.get(envelope.type, ()):
                    self._publisher.publish(route, envelope)
            if rows:
                await OutboxMessage.update(
                    {OutboxMessage.sent_at: datetime.now(UTC)}, use_auto_update=False
                ).where(OutboxMessage.id.is_in([row["id"] for row in rows]))
        return len(rows)

    async def _claim(self, postgres: bool) -> list[dict[str, Any]]:
        lock = " FOR UPDATE SKIP LOCKED" if postgres else ""
        rows: list[dict[str, Any]] = await OutboxMessage.raw(
            "SELECT id, event_type, aggregate_id, payload, occurred_at FROM lakou_outbox "
            f"WHERE sent_at IS NULL ORDER BY id LIMIT {int(self._batch_size)}{lock}"
        )
        return rows

    async def drain(self) -> int:
        """Deliver everything pending now (used by tests and `lakou relay --once`)."""
        total = 0
        while delivered := await self.relay_once():
            total += delivered
        return total

    async def run_forever(self, stop: asyncio.Event, idle_sleep_s: float = 0.05) -> None:
        while not stop.is_set():
            try:
                delivered = await self.relay_once()
            except Exception:
                # A broker or database hiccup must not kill the relay: the rows stay unsent.
                log.exception("outbox relay pass failed; retrying")
                delivered = 0
            if delivered == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=idle_sleep_s)


def _envelope(row: Mapping[str, Any]) -> EventEnvelope:
    payload = row["payload"]
    if isinstance(payload, str):
        payload = json.loads(payload)
    occurred_at = row["occurred_at"]
    if isinstance(occurred_at, str):
        occurred_at = datetime.fromisoformat(occurred_at)
    return EventEnvelope(
        id=as_uuid(row["id"]),
        type=row["event_type"],
        aggregate_id=as_uuid(row["aggregate_id"]),
        payload=payload,
        occurred_at=occurred_at,
    )
