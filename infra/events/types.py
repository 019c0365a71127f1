"""Typed events: a name, a version and a msgspec payload struct, checked at both ends.

Each context writes its events down in its own `events.py`:

    WORK_PUBLISHED = EventType("work.published", WorkEvent, "a work became public")

The publisher builds `WORK_PUBLISHED.event(work.id, WorkEvent(...))`: the payload is checked
against its struct before it reaches the outbox, so a wrong payload fails where it is made, not
in a consumer hours later. A consumer reads `WORK_PUBLISHED.decode(envelope)` and gets the struct
back, checked again (an old message, a hand-written one). Payloads carry ids and small facts,
never names, e-mail addresses or other personal data: consumers load what they need by id.

The version travels inside the payload (`"v"`); a consumer refuses a version it does not know
rather than misreading it. A change that is not backwards compatible gets a new version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

import msgspec

from infra.events.envelope import EventEnvelope
from infra.events.model import DomainEvent

VERSION_KEY = "v"
# Names a payload field may not have: what they hold belongs to a person (or reads as a name
# on screen) and is loaded by id when needed.
PERSONAL_FIELDS = frozenset({"email", "name", "display_name", "title", "address", "phone"})


class EventPayload(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    """Base of every payload struct: JSON types only (str ids, int cents, ISO dates)."""


P = TypeVar("P", bound=EventPayload)


class InvalidEvent(ValueError):
    """A payload that does not match its event type; the message names the event."""


@dataclass(frozen=True)
class EventType(Generic[P]):
    name: str
    payload: type[P]
    description: str = ""
    version: int = 1

    def __post_init__(self) -> None:
        leaked = PERSONAL_FIELDS & set(self.payload.__struct_fields__)
        if leaked:
            raise TypeError(
                f"event {self.name}: payloads carry ids, not {', '.join(sorted(leaked))}"
            )

    def event(self, aggregate_id: UUID, payload: P) -> DomainEvent:
        """The domain event to record, its payload checked against the struct."""
        data = msgspec.to_builtins(payload)
        try:
            msgspec.convert(data, self.payload)
        except msgspec.ValidationError as error:
            raise InvalidEvent(f"event {self.name}: {error}") from None
        return DomainEvent(self.name, aggregate_id, {**data, VERSION_KEY: self.version})

    def decode(self, envelope: EventEnvelope) -> P:
        """The envelope's payload as this type's struct; InvalidEvent if it is not one."""
        if envelope.type != self.name:
            raise InvalidEvent(f"event {envelope.type} is not {self.name}")
        version = envelope.payload.get(VERSION_KEY, 1)
        if version != self.version:
            raise InvalidEvent(f"event {self.name}: version {version} is not {self.version}")
        try:
            return msgspec.convert(envelope.payload, self.payload)
        except msgspec.ValidationError as error:
            raise InvalidEvent(f"event {self.name}: {error}") from None

    def schema(self) -> dict[str, Any]:
        """The payload's JSON schema, for docs/events.md."""
        return msgspec.json.schema(self.payload)


def by_name(types: Iterable[EventType[Any]]) -> dict[str, EventType[Any]]:
    return {event_type.name: event_type for event_type in types}
