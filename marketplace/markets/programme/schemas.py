"""JSON shapes for the programme. Unknown fields are refused."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from infra.errors import InvalidInput
from marketplace.markets.errors import MarketError
from marketplace.markets.programme.domain import (
    PremiereClock,
    Room,
    Session,
    SessionAudience,
    SessionDetails,
    SessionKind,
    Speaker,
)

Short = Annotated[str, msgspec.Meta(max_length=300)]
Texts = Annotated[
    dict[str, Annotated[str, msgspec.Meta(max_length=6000)]], msgspec.Meta(max_length=10)
]


def session_kind(value: str) -> SessionKind:
    try:
        return SessionKind(value)
    except ValueError:
        allowed = ", ".join(kind.value for kind in SessionKind)
        raise InvalidInput(MarketError.INVALID_SESSION_KIND, allowed=allowed) from None


def session_audience(value: str) -> SessionAudience:
    try:
        return SessionAudience(value)
    except ValueError:
        allowed = ", ".join(item.value for item in SessionAudience)
        raise InvalidInput(MarketError.INVALID_AUDIENCE, allowed=allowed) from None


class RoomIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Short
    seats: int


class RoomOut(msgspec.Struct):
    id: UUID
    name: str
    seats: int

    @classmethod
    def of(cls, room: Room) -> RoomOut:
        return cls(room.id, room.name, room.seats)


class SpeakerIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Short
    user_id: UUID | None = None


class SessionIn(msgspec.Struct, forbid_unknown_fields=True):
    room_id: UUID
    kind: Short
    titles: Texts
    starts_at: datetime
    ends_at: datetime
    audience: Short = "public"
    descriptions: Texts = msgspec.field(default_factory=dict)
    speakers: Annotated[list[SpeakerIn], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )
    work_ids: Annotated[list[UUID], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )

    def details(self) -> SessionDetails:
        return SessionDetails(
            room_id=self.room_id,
            kind=session_kind(self.kind),
            audience=session_audience(self.audience),
            titles=self.titles,
            descriptions=self.descriptions,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            speakers=tuple(Speaker(s.name, s.user_id) for s in self.speakers),
            work_ids=tuple(self.work_ids),
        )


class SpeakerOut(msgspec.Struct):
    name: str
    user_id: UUID | None


class SessionOut(msgspec.Struct):
    id: UUID
    market_id: UUID
    room_id: UUID
    room: str
    kind: str
    audience: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    starts_at: datetime
    ends_at: datetime
    speakers: list[SpeakerOut]
    work_ids: list[UUID]
    state: str

    @classmethod
    def of(cls, session: Session) -> SessionOut:
        details = session.details
        return cls(
            id=session.id,
            market_id=session.market_id,
            room_id=details.room_id,
            room=session.room_name,
            kind=details.kind.value,
            audience=details.audience.value,
            titles=dict(details.titles),
            descriptions=dict(details.descriptions),
            starts_at=details.starts_at,
            ends_at=details.ends_at,
            speakers=[SpeakerOut(s.name, s.user_id) for s in details.speakers],
            work_ids=list(details.work_ids),
            state=session.state.value,
        )


class SessionViewOut(msgspec.Struct):
    session: SessionOut
    seats: int
    seats_left: int
    in_agenda: bool


class PremiereOut(msgspec.Struct):
    """The server's clock for a premiere: every viewer plays `work_id` from `position`."""

    session_id: UUID
    work_id: UUID
    starts_at: datetime
    ends_at: datetime
    server_now: datetime
    phase: str
    seconds_to_start: float
    position: float

    @classmethod
    def of(cls, session: Session, clock: PremiereClock, now: datetime) -> PremiereOut:
        return cls(
            session_id=session.id,
            work_id=session.details.work_ids[0],
            starts_at=session.details.starts_at,
            ends_at=session.details.ends_at,
            server_now=now,
            phase=clock.phase.value,
            seconds_to_start=round(clock.seconds_to_start, 3),
            position=round(clock.position, 3),
        )


class AgendaOut(msgspec.Struct):
    sessions: list[SessionOut]
    feed_url: str
