"""Stands: one exhibitor's place in a market. Pure Python.

An exhibitor is a creator profile, or an organisation (a label, a production company, an
institution's pavilion). The stand holds a presentation per language, works the exhibitor owns,
the team and contacts, documents (public or for accredited professionals), the tables it meets
at (the scheduling module books them) and live slots linking to an external stream.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID

from infra.errors import InvalidInput
from infra.ids import new_id
from marketplace.markets.domain import texts
from marketplace.markets.errors import MarketError

MAX_PRESENTATION = 5000
MAX_TABLES = 20
MAX_WORKS = 50
MAX_CONTACTS = 20
MAX_SLOTS = 30
MAX_FIELD = 200
MAX_URL = 500


class ExhibitorKind(StrEnum):
    CREATOR = "creator"
    LABEL = "label"
    PRODUCTION_COMPANY = "production_company"
    INSTITUTION = "institution"


class DocumentKind(StrEnum):
    PRESS_KIT = "press_kit"
    TECHNICAL_SHEET = "technical_sheet"


class Audience(StrEnum):
    PUBLIC = "public"
    ACCREDITED = "accredited"  # accredited professionals and the market's team


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    email: str = ""
    phone: str = ""

    def validated(self) -> Contact:
        values = [" ".join(v.split()) for v in (self.name, self.role, self.email, self.phone)]
        if not values[0] or not values[1] or any(len(v) > MAX_FIELD or "\x00" in v for v in values):
            raise InvalidInput(MarketError.INVALID_CONTACT)
        if values[2] and "@" not in values[2]:
            raise InvalidInput(MarketError.INVALID_CONTACT)
        return Contact(*values)


def https_link(url: str) -> str:
    """An external stream's address: https only (no script, no plain http, no credentials)."""
    url = url.strip()
    parts = urlsplit(url)
    if (
        len(url) > MAX_URL
        or parts.scheme != "https"
        or not parts.hostname
        or parts.username
        or parts.password
        or any(c in url for c in " \x00\n\r\t\"'<>")
    ):
        raise InvalidInput(MarketError.INVALID_LINK)
    return url


@dataclass(frozen=True)
class LiveSlot:
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str
    # The slot's recording, uploaded afterwards as one of the exhibitor's own works.
    recording_work_id: UUID | None = None

    def validated(self) -> LiveSlot:
        title = " ".join(self.title.split())
        if (
            not title
            or len(title) > MAX_FIELD
            or self.starts_at.tzinfo is None
            or self.ends_at.tzinfo is None
            or self.ends_at <= self.starts_at
        ):
            raise InvalidInput(MarketError.INVALID_SLOT)
        return LiveSlot(
            title, self.starts_at, self.ends_at, https_link(self.url), self.recording_work_id
        )


@dataclass(frozen=True)
class StandDetails:
    presentations: Mapping[str, str] = field(default_factory=dict)
    contacts: Sequence[Contact] = ()
    tables: int = 1
    live_slots: Sequence[LiveSlot] = ()

    @property
    def recordings(self) -> list[UUID]:
        return [s.recording_work_id for s in self.live_slots if s.recording_work_id is not None]

    def validated(self) -> StandDetails:
        if isinstance(self.tables, bool) or not 0 <= self.tables <= MAX_TABLES:
            raise InvalidInput(MarketError.INVALID_TABLES, max=MAX_TABLES)
        _bounded(self.contacts, "contacts", MAX_CONTACTS)
        _bounded(self.live_slots, "live_slots", MAX_SLOTS)
        return StandDetails(
            presentations=texts(
                self.presentations,
                field_name="presentations",
                max_length=MAX_PRESENTATION,
                required=False,
            ),
            contacts=[contact.validated() for contact in self.contacts],
            tables=self.tables,
            live_slots=sorted(
                (slot.validated() for slot in self.live_slots), key=lambda s: s.starts_at
            ),
        )


def _bounded(values: Sequence[object], name: str, limit: int) -> None:
    if len(values) > limit:
        raise InvalidInput(MarketError.TOO_MANY, field=name, max=limit)


@dataclass
class Stand:
    id: UUID
    market_id: UUID
    exhibitor_kind: ExhibitorKind
    # A creator's stand is theirs (the profile's owner); an organisation's, its members'.
    creator_id: UUID | None
    organisation_id: UUID | None
    owner_id: UUID | None  # the creator profile's owner (None for organisations)
    name: str
    commune_code: str | None
    disciplines: list[str]
    details: StandDetails
    created_at: datetime
    updated_at: datetime
    work_ids: list[UUID] = field(default_factory=list)
    # Staff hid it or took it down after a report ('' otherwise): only its exhibitors and
    # staff see it then. Set by moderation alone; an exhibitor's edit never changes it.
    moderation: str = ""

    @property
    def moderated(self) -> bool:
        return bool(self.moderation)

    @classmethod
    def create(
        cls,
        market_id: UUID,
        kind: ExhibitorKind,
        *,
        name: str,
        creator_id: UUID | None,
        organisation_id: UUID | None,
        owner_id: UUID | None,
        commune_code: str | None,
        disciplines: Sequence[str],
        now: datetime,
    ) -> Stand:
        if (kind is ExhibitorKind.CREATOR) != (creator_id is not None) or (
            creator_id is None and organisation_id is None
        ):
            raise InvalidInput(MarketError.INVALID_EXHIBITOR)
        return cls(
            id=new_id(),
            market_id=market_id,
            exhibitor_kind=kind,
            creator_id=creator_id,
            organisation_id=organisation_id if creator_id is None else None,
            owner_id=owner_id,
            name=name[:MAX_FIELD],
            commune_code=commune_code,
            disciplines=list(disciplines),
            details=StandDetails(),
            created_at=now,
            updated_at=now,
        )

    def update(self, details: StandDetails, now: datetime) -> None:
        self.details = details.validated()
        self.updated_at = now

    def select_works(self, work_ids: Sequence[UUID], now: datetime) -> None:
        chosen = list(dict.fromkeys(work_ids))
        _bounded(chosen, "work_ids", MAX_WORKS)
        self.work_ids = chosen
        self.updated_at = now
