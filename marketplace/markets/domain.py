"""Markets: a festival's time-boxed virtual market, its window and its states. Pure Python.

A verified organiser organisation creates a market as a draft, publishes it (its page is then
public), and the market opens and closes with its window (the periodic job); an archived
market stays readable. Texts are kept per interface language, French required.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from infra.errors import Conflict, InvalidInput
from infra.events.model import EventRecorder
from infra.events.types import EventType
from infra.i18n.languages import SOURCE, TAGS, canonical
from infra.ids import new_id
from marketplace.catalogue.disciplines import Discipline
from marketplace.markets.errors import MarketError
from marketplace.markets.events import MARKET_CLOSED, MARKET_OPENED, MARKET_PUBLISHED, MarketEvent

MAX_NAME = 200
MAX_EDITION = 100
MAX_DESCRIPTION = 5000
MAX_SLUG = 60
MAX_WINDOW_DAYS = 60
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


class MarketState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


# Who sees the market's page: everyone once it is published.
PUBLIC_STATES = frozenset(
    {MarketState.PUBLISHED, MarketState.OPEN, MarketState.CLOSED, MarketState.ARCHIVED}
)
# The market's details change until it closes.
EDITABLE_STATES = frozenset({MarketState.DRAFT, MarketState.PUBLISHED, MarketState.OPEN})


class TeamRole(StrEnum):
    MANAGER = "manager"  # everything: details, publication, team, stands, accreditations
    REVIEWER = "reviewer"  # decides accreditation requests
    DESK = "desk"  # checks badges at the physical festival's desk


def texts(
    values: Mapping[str, str], *, field_name: str, max_length: int, required: bool
) -> dict[str, str]:
    """Text per interface language, keyed by canonical tags (fr, en, es, gcf-MQ)."""
    result: dict[str, str] = {}
    for key, raw in values.items():
        tag = canonical(key)
        value = unicodedata.normalize("NFC", raw).strip() if isinstance(raw, str) else None
        if tag is None or value is None or "\x00" in value or len(value) > max_length:
            raise InvalidInput(
                MarketError.INVALID_TEXT,
                field=field_name,
                languages=", ".join(TAGS),
                max=max_length,
            )
        if value:
            result[tag] = value
    if required and SOURCE not in result:
        raise InvalidInput(MarketError.DESCRIPTION_FRENCH_REQUIRED)
    return {tag: result[tag] for tag in TAGS if tag in result}


def sections(values: Sequence[str]) -> list[Discipline]:
    allowed = ", ".join(d.value for d in Discipline)
    try:
        chosen = list(dict.fromkeys(Discipline(value) for value in values))
    except ValueError:
        raise InvalidInput(MarketError.INVALID_SECTIONS, allowed=allowed) from None
    if not chosen:
        raise InvalidInput(MarketError.INVALID_SECTIONS, allowed=allowed)
    return chosen


def slug_of(name: str) -> str:
    """A page address from a name: "Marché Lakou 2027" → "marche-lakou-2027"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_SLUG].strip("-")


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime

    def validated(self) -> Window:
        if self.opens_at.tzinfo is None or self.closes_at.tzinfo is None:
            raise InvalidInput(MarketError.WINDOW_NEEDS_ZONE)
        if self.closes_at <= self.opens_at:
            raise InvalidInput(MarketError.WINDOW_ENDS_FIRST)
        if self.closes_at - self.opens_at > timedelta(days=MAX_WINDOW_DAYS):
            raise InvalidInput(MarketError.WINDOW_TOO_LONG, days=MAX_WINDOW_DAYS)
        # Kept in UTC; pages show it in Martinique's time and the visitor's.
        return Window(self.opens_at.astimezone(UTC), self.closes_at.astimezone(UTC))

    def contains(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at


@dataclass(frozen=True)
class MarketDetails:
    name: str
    slug: str
    descriptions: Mapping[str, str]
    sections: Sequence[Discipline]
    window: Window
    edition: str = ""

    def validated(self) -> MarketDetails:
        name = " ".join(self.name.split())
        if not 2 <= len(name) <= MAX_NAME or "\x00" in name:
            raise InvalidInput(MarketError.INVALID_NAME, max=MAX_NAME)
        edition = " ".join(self.edition.split())
        if len(edition) > MAX_EDITION or "\x00" in edition:
            raise InvalidInput(MarketError.INVALID_EDITION, max=MAX_EDITION)
        slug = self.slug.strip().lower() or slug_of(f"{name} {edition}")
        if not 3 <= len(slug) <= MAX_SLUG or not SLUG.match(slug):
            raise InvalidInput(MarketError.INVALID_SLUG, max=MAX_SLUG)
        return replace(
            self,
            name=name,
            edition=edition,
            slug=slug,
            descriptions=texts(
                self.descriptions,
                field_name="descriptions",
                max_length=MAX_DESCRIPTION,
                required=True,
            ),
            sections=sections([str(s) for s in self.sections]),
            window=self.window.validated(),
        )


@dataclass
class Market(EventRecorder):
    id: UUID
    organisation_id: UUID
    created_by: UUID
    details: MarketDetails
    state: MarketState
    created_at: datetime
    updated_at: datetime
    visual_key: str | None = None
    team: dict[UUID, TeamRole] = field(default_factory=dict)

    @classmethod
    def create(
        cls, organisation_id: UUID, by: UUID, details: MarketDetails, now: datetime
    ) -> Market:
        return cls(
            id=new_id(),
            organisation_id=organisation_id,
            created_by=by,
            details=details.validated(),
            state=MarketState.DRAFT,
            created_at=now,
            updated_at=now,
            # Whoever creates a market manages it until they hand it over.
            team={by: TeamRole.MANAGER},
        )

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def window(self) -> Window:
        return self.details.window

    def role_of(self, user_id: UUID) -> TeamRole | None:
        return self.team.get(user_id)

    def update(self, details: MarketDetails, now: datetime) -> None:
        self._require(EDITABLE_STATES)
        valid = details.validated()
        if self.state is not MarketState.DRAFT and valid.window.closes_at <= now:
            raise InvalidInput(MarketError.WINDOW_OVER)
        self.details = valid
        self.updated_at = now

    def publish(self, by: UUID, now: datetime) -> None:
        if self.state is MarketState.PUBLISHED:
            return  # a double click publishes once
        self._require({MarketState.DRAFT})
        if self.window.closes_at <= now:
            raise InvalidInput(MarketError.WINDOW_OVER)
        self.state = MarketState.PUBLISHED
        self.updated_at = now
        self._event(MARKET_PUBLISHED, by)

    def follow_window(self, now: datetime) -> bool:
        """Open or close as the window says (the periodic job); True when the state changed."""
        changed = False
        if self.state is MarketState.PUBLISHED and now >= self.window.opens_at:
            self.state = MarketState.OPEN
            self._event(MARKET_OPENED, None)
            changed = True
        if self.state is MarketState.OPEN and now >= self.window.closes_at:
            self.state = MarketState.CLOSED
            self._event(MARKET_CLOSED, None)
            changed = True
        if changed:
            self.updated_at = now
        return changed

    def archive(self, now: datetime) -> None:
        if self.state is MarketState.ARCHIVED:
            return
        self._require({MarketState.CLOSED})
        self.state = MarketState.ARCHIVED
        self.updated_at = now

    def set_member(self, user_id: UUID, role: TeamRole | None) -> None:
        """Give a member a role (None removes them); a market keeps one manager at least."""
        team = dict(self.team)
        if role is None:
            team.pop(user_id, None)
        else:
            team[user_id] = role
        if TeamRole.MANAGER not in team.values():
            raise Conflict(MarketError.LAST_MANAGER)
        self.team = team

    def _require(self, states: frozenset[MarketState] | set[MarketState]) -> None:
        if self.state not in states:
            raise Conflict(MarketError.WRONG_STATE, state=self.state.value)

    def _event(self, event_type: EventType[MarketEvent], by: UUID | None) -> None:
        self.record(
            event_type.event(
                self.id,
                MarketEvent(
                    market_id=self.id,
                    organisation_id=self.organisation_id,
                    by=by,
                    state=self.state.value,
                ),
            )
        )
