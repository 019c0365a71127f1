"""Play reports: each becomes a `media.played` event for the indicators."""

from __future__ import annotations

import re
from collections.abc import Callable

from infra.db.unit_of_work import UnitOfWork
from infra.events.model import EventRecorder
from media.access.tokens import PlaybackGrant, Scope
from media.assets.repository import AssetRepository
from media.events import MEDIA_PLAYED, PlayEvent

_COUNTRY = re.compile(r"^[A-Z]{2}$")


class _PlayReport(EventRecorder):
    pass


class PlayService:
    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        repository: AssetRepository,
    ) -> None:
        self._uow = unit_of_work
        self._repo = repository

    async def record(
        self, grant: PlaybackGrant, seconds: float, reported_country: str | None
    ) -> None:
        """`reported_country`: what a trusted proxy or CDN said, or None when nobody did."""
        asset = await self._repo.get(grant.asset_id)
        if asset is None:
            return
        report = _PlayReport()
        report.record(
            MEDIA_PLAYED.event(
                asset.work_id,
                PlayEvent(
                    work_id=asset.work_id,
                    asset_id=asset.id,
                    viewer_id=grant.viewer_id,
                    seconds=round(seconds, 1),
                    full=grant.scope is Scope.FULL,
                    country=viewer_country(reported_country),
                ),
            )
        )
        async with self._uow() as uow:
            uow.track(report)


def viewer_country(reported: str | None) -> str | None:
    """An ISO country code, or None for absent, malformed, unknown (XX) or Tor (T1) values."""
    value = (reported or "").strip().upper()
    return value if _COUNTRY.match(value) and value not in ("XX", "T1") else None
