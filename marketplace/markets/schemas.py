"""JSON shapes for markets, stands and accreditations. Unknown fields are refused."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.markets.accreditation import Accreditation
from marketplace.markets.domain import Market, MarketDetails, Window
from marketplace.markets.ports import Price, WorkFacts, WorkPrices
from marketplace.markets.stand import Contact, LiveSlot, Stand, StandDetails
from marketplace.markets.stand_repository import StandDocument

Short = Annotated[str, msgspec.Meta(max_length=300)]
Texts = Annotated[
    dict[str, Annotated[str, msgspec.Meta(max_length=6000)]], msgspec.Meta(max_length=10)
]


class MarketIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Short
    descriptions: Texts
    sections: Annotated[list[Short], msgspec.Meta(max_length=20)]
    opens_at: datetime
    closes_at: datetime
    edition: Short = ""
    slug: Short = ""

    def details(self) -> MarketDetails:
        return MarketDetails(
            name=self.name,
            slug=self.slug,
            edition=self.edition,
            descriptions=self.descriptions,
            sections=self.sections,  # type: ignore[arg-type]  # checked by the domain
            window=Window(self.opens_at, self.closes_at),
        )


class MarketOut(msgspec.Struct):
    id: UUID
    slug: str
    organisation_id: UUID
    name: str
    edition: str
    descriptions: dict[str, str]
    sections: list[str]
    opens_at: datetime
    closes_at: datetime
    state: str
    url: str

    @classmethod
    def of(cls, market: Market) -> MarketOut:
        details = market.details
        return cls(
            id=market.id,
            slug=details.slug,
            organisation_id=market.organisation_id,
            name=details.name,
            edition=details.edition,
            descriptions=dict(details.descriptions),
            sections=[str(s) for s in details.sections],
            opens_at=details.window.opens_at,
            closes_at=details.window.closes_at,
            state=market.state.value,
            url=f"/marches/{details.slug}",
        )


class TeamMemberIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Short


class TeamMemberOut(msgspec.Struct):
    user_id: UUID
    role: str


class StandIn(msgspec.Struct, forbid_unknown_fields=True):
    exhibitor_kind: Short
    creator_id: UUID | None = None
    organisation_id: UUID | None = None


class ContactIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Short
    role: Short
    email: Short = ""
    phone: Short = ""


class SlotIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Short
    starts_at: datetime
    ends_at: datetime
    url: Annotated[str, msgspec.Meta(max_length=600)]
    recording_work_id: UUID | None = None


class StandDetailsIn(msgspec.Struct, forbid_unknown_fields=True):
    presentations: Texts = msgspec.field(default_factory=dict)
    contacts: Annotated[list[ContactIn], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )
    tables: int = 1
    live_slots: Annotated[list[SlotIn], msgspec.Meta(max_length=50)] = msgspec.field(
        default_factory=list
    )
    disciplines: Annotated[list[Short], msgspec.Meta(max_length=20)] | None = None

    def details(self) -> StandDetails:
        return StandDetails(
            presentations=self.presentations,
            contacts=[Contact(c.name, c.role, c.email, c.phone) for c in self.contacts],
            tables=self.tables,
            live_slots=[
                LiveSlot(s.title, s.starts_at, s.ends_at, s.url, s.recording_work_id)
                for s in self.live_slots
            ],
        )


class StandWorksIn(msgspec.Struct, forbid_unknown_fields=True):
    work_ids: Annotated[list[UUID], msgspec.Meta(max_length=100)]


class PriceOut(msgspec.Struct):
    offer_id: UUID
    pricing: str
    price_cents: int
    minimum_cents: int

    @classmethod
    def of(cls, price: Price | None) -> PriceOut | None:
        if price is None:
            return None
        return cls(price.offer_id, price.pricing, price.price_cents, price.minimum_cents)


class StandWorkOut(msgspec.Struct):
    id: UUID
    titles: dict[str, str]
    discipline: str
    everyday_price: PriceOut | None = None
    market_price: PriceOut | None = None

    @classmethod
    def of(cls, work: WorkFacts, prices: WorkPrices | None) -> StandWorkOut:
        return cls(
            id=work.id,
            titles=dict(work.titles),
            discipline=work.discipline,
            everyday_price=PriceOut.of(prices.everyday) if prices else None,
            market_price=PriceOut.of(prices.market) if prices else None,
        )


class DocumentOut(msgspec.Struct):
    id: UUID
    kind: str
    audience: str
    filename: str
    size: int
    url: str

    @classmethod
    def of(cls, market_id: UUID, document: StandDocument) -> DocumentOut:
        return cls(
            id=document.id,
            kind=document.kind.value,
            audience=document.audience.value,
            filename=document.filename,
            size=document.size,
            url=f"/api/markets/{market_id}/documents/{document.id}",
        )


class StandOut(msgspec.Struct):
    id: UUID
    market_id: UUID
    exhibitor_kind: str
    creator_id: UUID | None
    organisation_id: UUID | None
    name: str
    commune_code: str | None
    disciplines: list[str]
    presentations: dict[str, str]
    contacts: list[dict[str, str]]
    tables: int
    live_slots: list[dict[str, str | None]]
    work_ids: list[UUID]
    works: list[StandWorkOut] = msgspec.field(default_factory=list)
    documents: list[DocumentOut] = msgspec.field(default_factory=list)

    @classmethod
    def of(cls, stand: Stand) -> StandOut:
        details = stand.details
        return cls(
            id=stand.id,
            market_id=stand.market_id,
            exhibitor_kind=stand.exhibitor_kind.value,
            creator_id=stand.creator_id,
            organisation_id=stand.organisation_id,
            name=stand.name,
            commune_code=stand.commune_code,
            disciplines=list(stand.disciplines),
            presentations=dict(details.presentations),
            contacts=[vars(c) for c in details.contacts],
            tables=details.tables,
            live_slots=[
                {
                    "title": s.title,
                    "starts_at": s.starts_at.isoformat(),
                    "ends_at": s.ends_at.isoformat(),
                    "url": s.url,
                    "recording_work_id": str(s.recording_work_id) if s.recording_work_id else None,
                }
                for s in details.live_slots
            ],
            work_ids=list(stand.work_ids),
        )


class AccreditationIn(msgspec.Struct, forbid_unknown_fields=True):
    category: Short


class RefusalIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=2000)]


class AccreditationOut(msgspec.Struct):
    id: UUID
    market_id: UUID
    user_id: UUID
    organisation_id: UUID
    category: str
    state: str
    reason: str
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def of(cls, a: Accreditation) -> AccreditationOut:
        return cls(
            id=a.id,
            market_id=a.market_id,
            user_id=a.user_id,
            organisation_id=a.organisation_id,
            category=a.category.value,
            state=a.state.value,
            reason=a.reason,
            created_at=a.created_at,
            decided_at=a.decided_at,
        )


class BadgeOut(msgspec.Struct):
    token: str
    category: str
    market_id: UUID
    user_id: UUID


class BadgeCheckOut(msgspec.Struct):
    valid: bool  # the signature holds
    current: bool  # the accreditation is still granted, in this category
    market_id: UUID
    user_id: UUID
    category: str
    organisation_id: UUID | None
