"""The programme's pure rules: sessions, rooms, who sees a session, and a premiere's clock.

A session happens in one room of a market between two instants inside the market's window; its
titles and descriptions are per interface language (French required, Creole shown where given).
A premiere has no host: every viewer plays the linked work from the scheduled start plus the
time elapsed, by the server's clock, so a viewer's own wrong clock changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from infra.errors import InvalidInput
from marketplace.markets.domain import Window, texts
from marketplace.markets.errors import MarketError

MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MAX_SPEAKERS = 20
MAX_WORKS = 10
MAX_SEATS = 1000
MAX_SESSION = timedelta(hours=12)


class SessionKind(StrEnum):
    SCREENING = "screening"
    SHOWCASE = "showcase"
    TALK = "talk"
    PREMIERE = "premiere"
    PITCH = "pitch"


class SessionAudience(StrEnum):
    PUBLIC = "public"
    ACCREDITED = "accredited"


class SessionState(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Room:
    id: UUID
    market_id: UUID
    name: str
    seats: int
    resource_id: UUID
    created_at: datetime


@dataclass(frozen=True)
class Speaker:
    name: str
    user_id: UUID | None = None


@dataclass(frozen=True)
class SessionDetails:
    """What a manager types: checked by `validated` before anything is stored."""

    room_id: UUID
    kind: SessionKind
    audience: SessionAudience
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    starts_at: datetime
    ends_at: datetime
    speakers: Sequence[Speaker] = ()
    work_ids: Sequence[UUID] = ()

    def validated(self, window: Window) -> SessionDetails:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise InvalidInput(MarketError.WINDOW_NEEDS_ZONE)
        starts, ends = self.starts_at.astimezone(UTC), self.ends_at.astimezone(UTC)
        if ends <= starts or ends - starts > MAX_SESSION:
            raise InvalidInput(MarketError.INVALID_SESSION_TIMES, hours=12)
        if starts < window.opens_at or ends > window.closes_at:
            raise InvalidInput(MarketError.SESSION_OUTSIDE_WINDOW)
        speakers = [Speaker(s.name.strip(), s.user_id) for s in self.speakers]
        if any(not 2 <= len(s.name) <= MAX_TITLE for s in speakers):
            raise InvalidInput(MarketError.INVALID_SPEAKER, max=MAX_TITLE)
        if len(speakers) > MAX_SPEAKERS:
            raise InvalidInput(MarketError.TOO_MANY, field="speakers", max=MAX_SPEAKERS)
        works = list(dict.fromkeys(self.work_ids))
        if len(works) > MAX_WORKS:
            raise InvalidInput(MarketError.TOO_MANY, field="works", max=MAX_WORKS)
        if self.kind is SessionKind.PREMIERE and len(works) != 1:
            raise InvalidInput(MarketError.PREMIERE_NEEDS_ONE_WORK)
        titles = texts(self.titles, field_name="titles", max_length=MAX_TITLE, required=False)
        if "fr" not in titles:
            raise InvalidInput(MarketError.SESSION_TITLE_REQUIRED)
        return SessionDetails(
            room_id=self.room_id,
            kind=self.kind,
            audience=self.audience,
            titles=titles,
            descriptions=texts(
                self.descriptions,
                field_name="descriptions",
                max_length=MAX_DESCRIPTION,
                required=False,
            ),
            starts_at=starts,
            ends_at=ends,
            speakers=tuple(speakers),
            work_ids=tuple(works),
        )


@dataclass(frozen=True)
class Session:
    id: UUID
    market_id: UUID
    details: SessionDetails
    booking_group_id: UUID
    state: SessionState
    created_at: datetime
    updated_at: datetime
    room_name: str = field(default="", compare=False)

    @property
    def public(self) -> bool:
        return self.details.audience is SessionAudience.PUBLIC

    @property
    def scheduled(self) -> bool:
        return self.state is SessionState.SCHEDULED

    @property
    def premiere(self) -> bool:
        return self.details.kind is SessionKind.PREMIERE


def checked_seats(seats: int) -> int:
    if not 1 <= seats <= MAX_SEATS:
        raise InvalidInput(MarketError.INVALID_SEATS, max=MAX_SEATS)
    return seats


def checked_room_name(name: str) -> str:
    name = name.strip()
    if not 2 <= len(name) <= MAX_TITLE or "\x00" in name:
        raise InvalidInput(MarketError.INVALID_NAME, max=MAX_TITLE)
    return name


# A premiere's shared clock -------------------------------------------------------------------


class PremierePhase(StrEnum):
    COUNTDOWN = "countdown"
    LIVE = "live"
    OVER = "over"


@dataclass(frozen=True)
class PremiereClock:
    """Where a premiere stands at the server's `now`: seconds to wait, or the live position."""

    phase: PremierePhase
    seconds_to_start: float  # 0 once started
    position: float  # seconds into the work every viewer plays now (0 before the start)


def premiere_clock(starts_at: datetime, ends_at: datetime, now: datetime) -> PremiereClock:
    """Before the start: a countdown. During the session: the work plays from the start plus
    the time elapsed. After its end: over (the work stays on its own page)."""
    if now < starts_at:
        return PremiereClock(PremierePhase.COUNTDOWN, (starts_at - now).total_seconds(), 0.0)
    if now >= ends_at:
        return PremiereClock(PremierePhase.OVER, 0.0, (ends_at - starts_at).total_seconds())
    return PremiereClock(PremierePhase.LIVE, 0.0, (now - starts_at).total_seconds())


def live_position(server_position: float, served_at: float, client_now: float) -> float:
    """The live position on the viewer's side: what the server said, plus the time elapsed
    since on the viewer's own monotonic clock (its wall clock may be wrong; only differences
    of one clock are used). The player's script does this same sum."""
    return server_position + max(0.0, client_now - served_at)
