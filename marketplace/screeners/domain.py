"""Screeners, invitations and viewings: the rules, in plain Python.

A screener shows one work to invited people under settings (window, views per person, password,
countries, renditions, sessions). A *viewing* is one view: opened from one browser, kept alive
by the player's heartbeats; reopening in the same browser soon after resumes it rather than
spending another view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from infra.errors import Conflict, Forbidden, InvalidInput
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.screeners.errors import ScreenerError

MAX_WINDOW = timedelta(days=366)
MAX_VIEWS = 50
PASSWORD_MIN, PASSWORD_MAX = 6, 256
MAX_COUNTRIES = 100
# A viewing is live while its heartbeats keep coming (the player beats every 15 s).
LIVE = timedelta(seconds=45)
# Reopening in the same browser within this delay resumes the view instead of spending one.
RESUME = timedelta(minutes=30)
# The player's clock may run slightly ahead of ours between two heartbeats.
WALL_CLOCK_SLACK_S = 2.0
MAX_BEAT_S = 120.0
SCREENABLE = frozenset({"video", "audio", "book"})


class SessionPolicy(StrEnum):
    REFUSE_SECOND = "refuse_second"  # a second browser is refused while the first plays
    END_FIRST = "end_first"  # a second browser takes over; the first stops


class BeatEvent(StrEnum):
    TICK = "tick"
    PLAY = "play"
    PAUSE = "pause"
    SEEK = "seek"
    ENDED = "ended"


def policy_of(value: str) -> SessionPolicy:
    try:
        return SessionPolicy(value)
    except ValueError:
        allowed = ", ".join(p.value for p in SessionPolicy)
        raise InvalidInput(
            ScreenerError.UNKNOWN_POLICY, policy=value[:30], allowed=allowed
        ) from None


def event_of(value: str) -> BeatEvent:
    try:
        return BeatEvent(value)
    except ValueError:
        allowed = ", ".join(e.value for e in BeatEvent)
        raise InvalidInput(ScreenerError.INVALID_EVENT, event=value[:20], allowed=allowed) from None


def check_countries(codes: Sequence[str]) -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes, upper case, without repeats (their order kept)."""
    if len(codes) > MAX_COUNTRIES:
        raise InvalidInput(ScreenerError.INVALID_COUNTRY, country=f"{len(codes)} > {MAX_COUNTRIES}")
    seen: list[str] = []
    for raw in codes:
        code = raw.strip().upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise InvalidInput(ScreenerError.INVALID_COUNTRY, country=raw[:10])
        if code not in seen:
            seen.append(code)
    return tuple(seen)


@dataclass(frozen=True)
class Settings:
    opens_at: datetime
    closes_at: datetime
    max_views: int
    countries: tuple[str, ...]  # empty: anywhere
    download_allowed: bool
    renditions: tuple[str, ...]
    session_policy: SessionPolicy
    password_hash: str | None = None

    def check(self, now: datetime, kind: str, available: Sequence[str]) -> None:
        if not (self.opens_at < self.closes_at and self.closes_at > now) or (
            self.closes_at - max(self.opens_at, now) > MAX_WINDOW
        ):
            raise InvalidInput(ScreenerError.INVALID_WINDOW, max=MAX_WINDOW.days)
        if not 1 <= self.max_views <= MAX_VIEWS:
            raise InvalidInput(ScreenerError.INVALID_MAX_VIEWS, max=MAX_VIEWS)
        if self.download_allowed and kind != "book":
            raise InvalidInput(ScreenerError.DOWNLOAD_BOOKS_ONLY)
        for rendition in self.renditions:
            if rendition not in available:
                raise InvalidInput(
                    ScreenerError.UNKNOWN_RENDITION,
                    rendition=rendition[:20],
                    allowed=", ".join(available) or "-",
                )


@dataclass
class Screener(EventRecorder):
    id: UUID
    work_id: UUID
    asset_id: UUID
    media_kind: str
    title: str
    made_by: UUID
    stand_id: UUID | None
    settings: Settings
    duration_s: float
    created_at: datetime

    def admit(self, now: datetime, country: str | None) -> None:
        """May someone invited open it now, from there? (Password and views are checked apart.)"""
        if now < self.settings.opens_at:
            raise Forbidden(
                ScreenerError.NOT_OPEN_YET,
                opens_at=self.settings.opens_at.strftime("%d/%m/%Y %H:%M"),
            )
        if now >= self.settings.closes_at:
            raise Forbidden(ScreenerError.CLOSED)
        allowed = self.settings.countries
        if allowed and country is None:
            raise Forbidden(ScreenerError.COUNTRY_UNKNOWN)
        if allowed and country not in allowed:
            raise Forbidden(ScreenerError.COUNTRY_NOT_ALLOWED, country=str(country)[:8])


@dataclass
class Invitation:
    id: UUID
    screener_id: UUID
    user_id: UUID | None  # None until the invited address signs in with an account
    email: str
    name: str
    organisation: str
    alert: bool
    created_at: datetime
    revoked_at: datetime | None = None  # withdrawn: its links stop, it is sent no more

    @classmethod
    def of(
        cls,
        screener_id: UUID,
        user_id: UUID | None,
        email: str,
        name: str,
        organisation: str,
        alert: bool,
        now: datetime,
    ) -> Invitation:
        return cls(
            new_id(), screener_id, user_id, email, name[:200], organisation[:200], alert, now
        )


@dataclass
class Viewing:
    id: UUID
    invitation_id: UUID
    screener_id: UUID
    browser: str  # a digest of the browser's own random key
    started_at: datetime
    last_seen_at: datetime
    country: str | None
    device: str
    ended_at: datetime | None = None
    position_s: float = 0.0
    furthest_s: float = 0.0
    watched_s: float = 0.0
    pauses: int = 0
    seeks: int = 0
    countries: list[str] = field(default_factory=list)

    @classmethod
    def start(
        cls, invitation: Invitation, browser: str, country: str | None, device: str, now: datetime
    ) -> Viewing:
        return cls(
            new_id(),
            invitation.id,
            invitation.screener_id,
            browser,
            now,
            now,
            country,
            device,
            countries=[country] if country else [],
        )

    def live(self, now: datetime) -> bool:
        return self.ended_at is None and now - self.last_seen_at < LIVE

    def resumable_by(self, browser: str, now: datetime) -> bool:
        return (
            self.ended_at is None and self.browser == browser and now - self.last_seen_at < RESUME
        )

    def end(self, now: datetime) -> None:
        if self.ended_at is None:
            self.ended_at = now

    def require_current(self) -> None:
        if self.ended_at is not None:
            raise Conflict(ScreenerError.VIEWING_ENDED)

    def beat(
        self,
        event: BeatEvent,
        position_s: float,
        played_s: float,
        country: str | None,
        now: datetime,
    ) -> None:
        """One heartbeat: the time played since the last one counts, never more than the
        wall-clock time that passed (a forged or fast-forwarded player cannot inflate it)."""
        self.require_current()
        elapsed = max(0.0, (now - self.last_seen_at).total_seconds())
        credited = min(max(0.0, played_s), elapsed + WALL_CLOCK_SLACK_S, MAX_BEAT_S)
        self.watched_s = round(self.watched_s + credited, 3)
        self.position_s = max(0.0, position_s)
        self.furthest_s = max(self.furthest_s, self.position_s)
        if event is BeatEvent.PAUSE:
            self.pauses += 1
        elif event is BeatEvent.SEEK:
            self.seeks += 1
        if country and country not in self.countries:
            self.countries.append(country)
        self.last_seen_at = now


@dataclass(frozen=True)
class ViewerReport:
    """What one invited person did with the screener."""

    invitation: Invitation
    views: int
    first_opened_at: datetime | None
    watched_s: float
    completion: float  # 0..1 of the work, by the furthest point reached
    pauses: int
    seeks: int
    countries: tuple[str, ...]
    devices: tuple[str, ...]


def viewer_report(
    invitation: Invitation, viewings: Sequence[Viewing], duration_s: float
) -> ViewerReport:
    furthest = max((v.furthest_s for v in viewings), default=0.0)
    countries: list[str] = []
    devices: list[str] = []
    for viewing in viewings:
        countries += [c for c in viewing.countries if c not in countries]
        if viewing.device and viewing.device not in devices:
            devices.append(viewing.device)
    return ViewerReport(
        invitation=invitation,
        views=len(viewings),
        first_opened_at=min((v.started_at for v in viewings), default=None),
        watched_s=round(sum(v.watched_s for v in viewings), 1),
        completion=min(1.0, furthest / duration_s)
        if duration_s > 0
        else (1.0 if viewings else 0.0),
        pauses=sum(v.pauses for v in viewings),
        seeks=sum(v.seeks for v in viewings),
        countries=tuple(countries),
        devices=tuple(devices),
    )
