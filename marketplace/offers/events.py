"""The offers' event: a work's price or availability changed (search shows prices)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class OfferChanged(EventPayload, frozen=True, kw_only=True):
    offer_id: UUID
    work_id: UUID
    kind: str  # work or bundle
    pricing: str  # fixed, pay_what_you_want, free
    price_cents: int | None
    active: bool


OFFER_UPDATED = EventType("offer.updated", OfferChanged, "an offer was set, changed or ended")

PUBLISHED = (OFFER_UPDATED,)
