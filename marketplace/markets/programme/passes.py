"""Premiere passes: who may stream a premiere's work in full while it plays.

A premiere is a watch party: everyone attending plays the work from the scheduled start. For a
paid work that means more than its preview, so while a premiere is under way (from
`PASS_MARGIN` before its start to `PASS_MARGIN` after its end) the people who may see the session
— anyone signed in for a public premiere, the market's accredited people and its team for an
accredited-only one — stream the whole work. Only a work exhibited on one of the market's stands
(that visitors find) gets a pass: its rights holder put it in the market, whereas a manager can
link any published work to a session and must not give someone else's work away by doing so.
A pass streams; it never downloads (downloads go through the buyer's library).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.domain import Principal
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.domain import MarketState
from marketplace.markets.programme.repository import ProgrammeRepository
from marketplace.markets.service import MarketService
from marketplace.markets.stand_repository import StandRepository

# Viewers arrive a little early and a work may run a little late.
PASS_MARGIN = timedelta(minutes=15)
# A premiere plays while its market can be visited.
LIVE_STATES = frozenset({MarketState.PUBLISHED, MarketState.OPEN})


def _now() -> datetime:
    return datetime.now(UTC)


class PremierePasses:
    """Media's `PlaybackPasses`, on the programme's word."""

    def __init__(
        self,
        markets: MarketService,
        accreditations: AccreditationService,
        programme: ProgrammeRepository,
        stands: StandRepository,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._markets = markets
        self._accreditations = accreditations
        self._programme = programme
        self._stands = stands
        self.now = now

    async def holds_pass(self, viewer: Principal, work_id: UUID) -> bool:
        for session in await self._programme.premieres_playing(self.now(), PASS_MARGIN):
            if work_id not in session.details.work_ids:
                continue
            market = await self._markets.get(session.market_id)
            if market.state not in LIVE_STATES:
                continue
            if not await self._stands.exhibits(market.id, work_id):
                continue
            if session.public or await self._accreditations.is_accredited(market, viewer):
                return True
        return False
