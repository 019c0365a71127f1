"""Domain events: plain records that an aggregate appends and the outbox carries.

Payloads hold ids and small facts only (JSON types), never whole objects: consumers load what
they need by id, which keeps them correct when they run late or twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from infra.ids import new_id

JsonValue = Any


@dataclass(frozen=True)
class DomainEvent:
    type: str
    aggregate_id: UUID
    payload: dict[str, JsonValue]
    id: UUID = field(default_factory=new_id)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class EventRecorder:
    """Mixin for aggregates: collects events until a service hands them to the outbox."""

    _pending_events: list[DomainEvent]

    def record(self, event: DomainEvent) -> None:
        if not hasattr(self, "_pending_events"):
            self._pending_events = []
        self._pending_events.append(event)

    def collect_events(self) -> list[DomainEvent]:
        events = getattr(self, "_pending_events", [])
        self._pending_events = []
        return events
