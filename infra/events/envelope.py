"""What travels from the relay to a consumer: the event as JSON-safe primitives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class EventEnvelope:
    id: UUID
    type: str
    aggregate_id: UUID
    payload: dict[str, Any]
    occurred_at: datetime

    def to_message(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "aggregate_id": str(self.aggregate_id),
            "payload": self.payload,
            "occurred_at": self.occurred_at.isoformat(),
        }

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> EventEnvelope:
        return cls(
            id=UUID(message["id"]),
            type=message["type"],
            aggregate_id=UUID(message["aggregate_id"]),
            payload=dict(message["payload"]),
            occurred_at=datetime.fromisoformat(message["occurred_at"]),
        )
