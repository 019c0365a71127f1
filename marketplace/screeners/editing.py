"""What the maker's pages need beyond making a screener: the works a person may choose (their
own, or a stand's they exhibit on) and changing a screener's settings afterwards.

Changing the settings applies to every invitation at once (the next opening is checked against
them); the views already spent stay spent, and the offered renditions are kept as they were.
Saving also asks again for marked copies whose preparation failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from accounts.passwords import hash_password
from infra.db.unit_of_work import UnitOfWork
from infra.errors import InvalidInput
from marketplace.screeners.domain import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    Screener,
    SessionPolicy,
    Settings,
    check_countries,
)
from marketplace.screeners.errors import ScreenerError
from marketplace.screeners.ports import ABSENT, FAILED, Stands, WorkFacts, Works
from marketplace.screeners.repository import ScreenerRepository
from marketplace.screeners.service import ScreenerService


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SettingsChange:
    opens_at: datetime | None  # None: as it was
    closes_at: datetime
    max_views: int
    countries: tuple[str, ...]
    download_allowed: bool
    session_policy: SessionPolicy
    new_password: str | None = None  # None: keep the current one
    remove_password: bool = False


@dataclass(frozen=True)
class WorkChoice:
    """The works a screener may be made of, and the stand's market when made from a stand."""

    works: list[WorkFacts]
    market_id: UUID | None = None


class ScreenerEditor:
    def __init__(
        self,
        screeners: ScreenerService,
        repository: ScreenerRepository,
        works: Works,
        stands: Stands,
        unit_of_work: Callable[[], UnitOfWork],
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._screeners = screeners
        self._repo = repository
        self._works = works
        self._stands = stands
        self._uow = unit_of_work
        self._now = clock

    @property
    def countries_known(self) -> bool:
        return self._screeners.countries_known

    async def choices(self, who: Principal, stand_id: UUID | None) -> WorkChoice:
        """A stand's works for its exhibitors (anyone else: the stand service's 404 or 403);
        otherwise the person's own works."""
        if stand_id is None:
            return WorkChoice(await self._works.owned(who.user_id))
        stand = await self._stands.exhibited(who.user_id, who.is_staff, stand_id)
        return WorkChoice(await self._works.of_ids(stand.work_ids), stand.market_id)

    async def change_settings(
        self, who: Principal, screener_id: UUID, change: SettingsChange
    ) -> Screener:
        screener = await self._screeners.managed(who, screener_id)
        current = screener.settings
        countries = check_countries(change.countries)
        if countries and not self.countries_known:
            raise InvalidInput(ScreenerError.COUNTRIES_UNAVAILABLE)
        password = change.new_password
        if password is not None and not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
            raise InvalidInput(ScreenerError.INVALID_PASSWORD, min=PASSWORD_MIN, max=PASSWORD_MAX)
        settings = Settings(
            opens_at=change.opens_at or current.opens_at,
            closes_at=change.closes_at,
            max_views=change.max_views,
            countries=countries,
            download_allowed=change.download_allowed,
            renditions=current.renditions,
            session_policy=change.session_policy,
            password_hash=None if change.remove_password else current.password_hash,
        )
        settings.check(self._now(), screener.media_kind, current.renditions)
        if password is not None:
            settings = Settings(**{**vars(settings), "password_hash": hash_password(password)})
        streams = self._screeners.streams
        async with self._uow():
            await self._repo.save_settings(screener.id, settings)
            # Saving is also how a maker retries a preparation that failed (the worker's
            # own retries gave up): asked again, with the settings, or not at all.
            if await streams.state(screener.asset_id) in (ABSENT, FAILED):
                await streams.prepare(screener.asset_id)
        screener.settings = settings
        return screener
