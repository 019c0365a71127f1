"""The markets' events and their payloads (ids, states and days only)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class MarketEvent(EventPayload, frozen=True, kw_only=True):
    market_id: UUID
    organisation_id: UUID
    by: UUID | None  # who did it; None for the window's job
    state: str  # the market's state after the change


class AccreditationEvent(EventPayload, frozen=True, kw_only=True):
    market_id: UUID
    accreditation_id: UUID
    user_id: UUID
    organisation_id: UUID
    category: str
    by: UUID


class StandVisit(EventPayload, frozen=True, kw_only=True):
    market_id: UUID
    stand_id: UUID
    day: str  # ISO date in Martinique: one visit per visitor and day
    signed_in: bool


class MeetingBooked(EventPayload, frozen=True, kw_only=True):
    market_id: UUID
    meeting_id: UUID
    stand_id: UUID
    professional_id: UUID  # the accredited person who meets the exhibitor
    slot_start: str  # ISO instant in UTC
    day: str  # ISO date in Martinique
    by: UUID  # who made it final: the exhibitor accepting, or the organiser's scheduler run


class MeetingCancelled(EventPayload, frozen=True, kw_only=True):
    market_id: UUID
    meeting_id: UUID
    stand_id: UUID
    professional_id: UUID
    slot_start: str  # ISO instant in UTC of the slot it held
    day: str  # ISO date in Martinique
    by: UUID  # who called it off
    side: str  # "professional" or "exhibitor" (the stand's team, or staff)


class CodeRedeemed(EventPayload, frozen=True, kw_only=True):
    market_id: UUID
    stand_id: UUID
    batch_id: UUID
    work_id: UUID
    user_id: UUID
    day: str  # ISO date in Martinique


class MarketSale(EventPayload, frozen=True, kw_only=True):
    market_id: UUID
    stand_id: UUID | None  # None when a sale online cannot be tied to one stand
    order_id: UUID
    channel: str  # "online" (market price, checkout) or "stand" (a batch of codes, cash)
    units: int
    gross_cents: int
    currency: str
    day: str  # ISO date in Martinique


MARKET_PUBLISHED = EventType(
    "market.published", MarketEvent, "a market's page became public (before its window)"
)
MARKET_OPENED = EventType("market.opened", MarketEvent, "a market's window began")
MARKET_CLOSED = EventType("market.closed", MarketEvent, "a market's window ended")
ACCREDITATION_GRANTED = EventType(
    "accreditation.granted",
    AccreditationEvent,
    "a market's team accredited a professional (buyer, programmer, press, distributor)",
)
STAND_VISITED = EventType(
    "stand.visited", StandVisit, "someone visited a stand (once per visitor and day)"
)

MEETING_BOOKED = EventType(
    "meeting.booked",
    MeetingBooked,
    "a professional's meeting with an exhibitor was booked (accepted, or set by the scheduler)",
)
MEETING_CANCELLED = EventType(
    "meeting.cancelled",
    MeetingCancelled,
    "a booked meeting was called off by the professional or the stand's team (seats freed)",
)
CODE_REDEEMED = EventType(
    "code.redeemed",
    CodeRedeemed,
    "a stand code delivered its work into a library (a diffusion of the market)",
)
MARKET_SALE = EventType(
    "market.sale",
    MarketSale,
    "a market made a sale: at the market price online, or a batch of codes sold at a stand",
)

PUBLISHED = (
    MARKET_PUBLISHED,
    MARKET_OPENED,
    MARKET_CLOSED,
    ACCREDITATION_GRANTED,
    STAND_VISITED,
    MEETING_BOOKED,
    CODE_REDEEMED,
    MARKET_SALE,
    MEETING_CANCELLED,
)
