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

PUBLISHED = (MARKET_PUBLISHED, MARKET_OPENED, MARKET_CLOSED, ACCREDITATION_GRANTED, STAND_VISITED)
