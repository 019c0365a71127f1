"""How many plays one client address may open a minute (docs/indicators.md, "Plays").

Opening a play writes a row and may set a cookie: without a limit, a script could fill the
plays table and the listeners' counts. The counter is the accounts' shared Redis limiter
(through the port below, owned here), keyed by the client's address.
"""

from __future__ import annotations

from typing import Protocol

from infra.errors import RateLimited
from infra.services import Services
from infra.settings import Settings
from media.errors import MediaError

WINDOW_S = 60


class AttemptCounter(Protocol):
    async def hit(self, key: str, limit: int, window_s: int) -> int | None:
        """Count one attempt; the seconds to wait when over `limit`, else None."""
        ...


class PlayOpenings:
    def __init__(self, counter: AttemptCounter, per_minute: int) -> None:
        self._counter = counter
        self._per_minute = per_minute

    async def admit(self, address: str) -> None:
        """Count an opening from `address`; 429 `too_many_plays` past the minute's allowance."""
        wait = await self._counter.hit(f"plays:open:{address}", self._per_minute, WINDOW_S)
        if wait is not None:
            raise RateLimited(MediaError.PLAYS_TOO_FAST, retry_after_s=wait)


def register_play_openings(services: Services, counter: AttemptCounter) -> None:
    services.register(PlayOpenings(counter, services.get(Settings).media.play_opens_per_minute))
