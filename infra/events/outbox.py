"""Appending events to the outbox inside the caller's database transaction, and the bell
that tells relays of the same process that some were committed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

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


class OutboxBell:
    """Rung after a transaction that wrote events committed, for the relays of this process.

    On the embedded default the API, the relay and the worker share one process: a relay
    listening here starts its next pass at once instead of at its next poll, so an upload's
    `media.uploaded` reaches the transcoder without the poll's wait. Relays in another process
    (production) do not hear it and keep polling, which stays the guarantee either way: a
    missed ring costs one poll interval, never an event.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    def listen(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` (from the committing thread) on every ring; returns the way out."""
        with self._lock:
            self._listeners.append(listener)

        def stop() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return stop

    def ring(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()


# One per process: the units of work ring it, the relays running here listen.
OUTBOX_BELL = OutboxBell()
