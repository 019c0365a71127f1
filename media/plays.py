"""Play reports: each becomes a `media.played` event for the indicators."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from infra.db.unit_of_work import UnitOfWork
from infra.events.model import DomainEvent, EventRecorder
from media.access.tokens import PlaybackGrant
from media.assets.repository import AssetRepository

_COUNTRY = re.compile(r"^[A-Z]{2}$")


class _PlayReport(EventRecorder):
    pass


class PlayService:
    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        country_header: str | None,
        repository: AssetRepository | None = None,
    ) -> None:
        self._uow = unit_of_work
        self._country_header = country_header
        self._repo = repository or AssetRepository()

    def country(self, headers: Mapping[str, str]) -> str | None:
        """From a trusted proxy or CDN header when configured; unknown otherwise."""
        if self._country_header is None:
            return None
        value = (headers.get(self._country_header) or "").strip().upper()
        return value if _COUNTRY.match(value) and value not in ("XX", "T1") else None

    async def record(
        self, grant: PlaybackGrant, seconds: float, headers: Mapping[str, str]
    ) -> None:
        asset = await self._repo.get(grant.asset_id)
        if asset is None:
            return
        report = _PlayReport()
        report.record(
            DomainEvent(
                "media.played",
                asset.work_id,
                {
                    "work_id": str(asset.work_id),
                    "asset_id": str(asset.id),
                    "viewer_id": str(grant.viewer_id) if grant.viewer_id else None,
                    "seconds": round(seconds, 1),
                    "full": grant.scope.value == "f",
                    "country": self.country(headers),
                },
            )
        )
        async with self._uow() as uow:
            uow.track(report)
