"""The consumers that fill a market's daily counters, each event counted once.

`handle_once` records the event's id in the same transaction as the counter's upsert: a
redelivered event finds its mark and adds nothing. Plays come from `media.play_counted` (the
plays that count: never the owner's or staff's) and, before the play protocol, `media.played`:
a play of a work shown on a stand of a market whose window holds the moment counts for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.markets.analytics.counters import martinique_day
from marketplace.markets.analytics.repository import CounterRepository
from marketplace.markets.events import (
    ACCREDITATION_GRANTED,
    CODE_REDEEMED,
    MARKET_SALE,
    MEETING_BOOKED,
    MEETING_CANCELLED,
    STAND_VISITED,
)
from marketplace.markets.service import MarketService
from media.events import MEDIA_PLAY_COUNTED, MEDIA_PLAYED

CONSUMER = "markets.analytics"
Count = list[tuple[UUID, str, dict[str, int]]]  # (market, day, increments)


def _visit(event: EventEnvelope) -> Count:
    visit = STAND_VISITED.decode(event)
    return [(visit.market_id, visit.day, {"stand_visits": 1})]


def _meeting(event: EventEnvelope) -> Count:
    meeting = MEETING_BOOKED.decode(event)
    return [(meeting.market_id, meeting.day, {"meetings": 1})]


def _called_off(event: EventEnvelope) -> Count:
    """A cancelled meeting leaves its day's count: the counter says how many meetings are held
    (a late cancellation delivered before its booking only makes the day's sum right later)."""
    meeting = MEETING_CANCELLED.decode(event)
    return [(meeting.market_id, meeting.day, {"meetings": -1})]


def _accreditation(event: EventEnvelope) -> Count:
    granted = ACCREDITATION_GRANTED.decode(event)
    return [(granted.market_id, martinique_day(event.occurred_at), {"accreditations": 1})]


def _sale(event: EventEnvelope) -> Count:
    sale = MARKET_SALE.decode(event)
    return [
        (
            sale.market_id,
            sale.day,
            {"sales_units": sale.units, "sales_gross_cents": sale.gross_cents},
        )
    ]


def _redemption(event: EventEnvelope) -> Count:
    redeemed = CODE_REDEEMED.decode(event)
    return [(redeemed.market_id, redeemed.day, {"redemptions": 1})]


COUNTED: dict[str, Callable[[EventEnvelope], Count]] = {
    STAND_VISITED.name: _visit,
    MEETING_BOOKED.name: _meeting,
    MEETING_CANCELLED.name: _called_off,
    ACCREDITATION_GRANTED.name: _accreditation,
    MARKET_SALE.name: _sale,
    CODE_REDEEMED.name: _redemption,
}
EVENTS = (
    STAND_VISITED,
    MEETING_BOOKED,
    MEETING_CANCELLED,
    ACCREDITATION_GRANTED,
    MARKET_SALE,
    CODE_REDEEMED,
    MEDIA_PLAYED,
    MEDIA_PLAY_COUNTED,
)


class MarketCounters:
    def __init__(self, repository: CounterRepository, markets: MarketService) -> None:
        self._repo = repository
        self._markets = markets

    async def count(self, event: EventEnvelope) -> bool:
        """Add the event to its market's day; True when it was counted now (not before)."""
        if event.type == MEDIA_PLAYED.name:
            counts = await self._plays(event, MEDIA_PLAYED.decode(event).work_id)
        elif event.type == MEDIA_PLAY_COUNTED.name:
            play = MEDIA_PLAY_COUNTED.decode(event)
            counted = play.counted and not play.excluded
            counts = await self._plays(event, play.work_id) if counted else []
        else:
            counts = COUNTED[event.type](event)
        if not counts:
            return False

        async def add(_: Any) -> None:
            for market_id, day, increments in counts:
                await self._repo.add(market_id, day, increments)

        return await handle_once(CONSUMER, event, add)

    async def _plays(self, event: EventEnvelope, work_id: UUID) -> Count:
        shown = await self._repo.markets_showing([work_id])
        day = martinique_day(event.occurred_at)
        counts: Count = []
        for market_id in shown:
            window = (await self._markets.get(market_id)).window
            if window.opens_at <= event.occurred_at < window.closes_at:
                counts.append((market_id, day, {"plays": 1}))
        return counts
