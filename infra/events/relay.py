"""The outbox relay: claims undelivered events, hands them to their consumers' queues.

Delivery is at least once. Rows are claimed, published and marked sent in one database
transaction: a crash before the commit leaves them unsent and a later pass re-sends them, and
consumers drop the duplicate (see `consumers.handle_once`). "Sent" is not "handled": each
(event, consumer) pair also gets a delivery receipt the worker marks done, and the sweep sends
again what a broker lost (`deliveries.py`). On PostgreSQL `FOR UPDATE SKIP
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
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from infra.db.engine import is_postgres, write_transaction
from infra.db.values import as_uuid
from infra.events import deliveries
from infra.events.envelope import EventEnvelope
from infra.events.outbox import OUTBOX_BELL
from infra.events.tables import OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    """A consumer of an event type, named by the actor (and queue) that runs it."""

    actor: str
    queue: str = "default"
    # A consumer allowed to run long (a transcode) is not sent again while it may still be
    # running: its delivery counts as lost only after max(this, the relay's cut-off).
    patience: timedelta = timedelta(0)


class Publisher(Protocol):
    def publish(self, route: Route, envelope: EventEnvelope) -> None: ...


Routes = Mapping[str, Sequence[Route]]


@dataclass(frozen=True)
class Redelivery:
    """When an undone delivery counts as lost, and how many times it is sent at most.

    `after` must outlast a consumer's own retries (dramatiq keeps retrying while the broker
    lives): sending again sooner only costs a duplicate, which `handle_once` drops."""

    after: timedelta = timedelta(minutes=15)
    max_attempts: int = 5
    sweep_every: timedelta = timedelta(seconds=30)


class OutboxRelay:
    def __init__(
        self,
        publisher: Publisher,
        routes: Routes,
        batch_size: int = 100,
        redelivery: Redelivery | None = None,
    ) -> None:
        self._publisher = publisher
        self._routes = routes
        self._batch_size = batch_size
        self.redelivery = redelivery or Redelivery()

    async def relay_once(self) -> int:
        """Deliver one batch; return how many events it delivered."""
        engine = OutboxMessage._meta.db
        now = datetime.now(UTC)
        async with write_transaction(engine):
            rows = await self._claim(is_postgres(engine))
            sendings: list[deliveries.Sending] = []
            for row in rows:
                envelope = envelope_of(row)
                for route in self._routes.get(envelope.type, ()):
                    self._publisher.publish(route, envelope)
                    sendings.append(
                        deliveries.Sending(
                            envelope.id, route.actor, route.queue, self._patience(route)
                        )
                    )
            if rows:
                await deliveries.record_sent(sendings, now)
                await OutboxMessage.update(
                    {OutboxMessage.sent_at: now}, use_auto_update=False
                ).where(OutboxMessage.id.is_in([row["id"] for row in rows]))
        return len(rows)

    def _patience(self, route: Route) -> timedelta:
        return max(route.patience, self.redelivery.after)

    async def redeliver_once(self, now: datetime | None = None) -> int:
        """Send again one batch of deliveries past their due time and never done."""
        now = now or datetime.now(UTC)
        engine = OutboxMessage._meta.db
        async with write_transaction(engine):
            stale = await deliveries.claim_stale(
                now, self.redelivery.max_attempts, self._batch_size
            )
            if not stale:
                return 0
            events = {
                as_uuid(row["id"]): envelope_of(row)
                for row in await OutboxMessage.select(*_OUTBOX_COLUMNS).where(
                    OutboxMessage.id.is_in([item.event_id for item in stale])
                )
            }
            patience = {
                route.actor: route.patience for routes in self._routes.values() for route in routes
            }
            by_patience: dict[timedelta, list[deliveries.Stale]] = {}
            for item in stale:
                route = Route(item.actor, item.queue, patience.get(item.actor, timedelta(0)))
                if item.event_id in events:
                    self._publisher.publish(route, events[item.event_id])
                by_patience.setdefault(self._patience(route), []).append(item)
            for wait, items in by_patience.items():
                await deliveries.record_sent_again(items, now, wait)
            log.warning("sent %d lost deliveries again", len(stale))
        return len(stale)

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
        """Relay until `stop`; idle, wait for the next poll or a commit of this process."""
        loop = asyncio.get_running_loop()
        written = asyncio.Event()

        def rung() -> None:
            with contextlib.suppress(RuntimeError):  # the loop already closed
                loop.call_soon_threadsafe(written.set)

        stop_listening = OUTBOX_BELL.listen(rung)
        try:
            await self._run(stop, written, idle_sleep_s)
        finally:
            stop_listening()

    async def _run(self, stop: asyncio.Event, written: asyncio.Event, idle_sleep_s: float) -> None:
        next_sweep = datetime.now(UTC)
        while not stop.is_set():
            written.clear()  # a commit from here on rings again: its rows may be after the claim
            try:
                delivered = await self.relay_once()
                if datetime.now(UTC) >= next_sweep:
                    delivered += await self.redeliver_once()
                    next_sweep = datetime.now(UTC) + self.redelivery.sweep_every
            except Exception:
                # A broker or database hiccup must not kill the relay: the rows stay unsent.
                log.exception("outbox relay pass failed; retrying")
                delivered = 0
            if delivered == 0:
                await _first_of(stop, written, timeout_s=idle_sleep_s)


async def _first_of(*events: asyncio.Event, timeout_s: float) -> None:
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


_OUTBOX_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.event_type,
    OutboxMessage.aggregate_id,
    OutboxMessage.payload,
    OutboxMessage.occurred_at,
)


def envelope_of(row: Mapping[str, Any]) -> EventEnvelope:
    """An outbox row as the envelope consumers get (JSON and time read on both engines)."""
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


# The name tests knew before the indicators' rebuild needed it too.
_envelope = envelope_of
