"""Play reports: each becomes a `media.played` event for the indicators."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from infra.db.unit_of_work import UnitOfWork
from infra.events.model import EventRecorder
from media.access.tokens import PlaybackGrant, Scope
from media.assets.repository import AssetRepository
from media.events import MEDIA_PLAYED, PlayEvent

_COUNTRY = re.compile(r"^[A-Z]{2}$")
# A site's origin, as a play from an embed names where it was embedded: scheme, host, port.
ORIGIN_PATTERN = r"^https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$"
_ORIGIN = re.compile(ORIGIN_PATTERN)
SOURCES = ("site", "embed")


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
        self,
        grant: PlaybackGrant,
        seconds: float,
        reported_country: str | None,
        *,
        source: str = "site",
        referrer: str | None = None,
    ) -> None:
        """`reported_country`: what a trusted proxy or CDN said, or None when nobody did;
        `source` and `referrer`: a player embedded on another site and that site's origin (as
        the embed's own page was told by the browser: any client may claim it)."""
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
                    source=source if source in SOURCES else "site",
                    referrer=origin_of(referrer) if source == "embed" else None,
                ),
            )
        )
        async with self._uow() as uow:
            uow.track(report)


def viewer_country(reported: str | None) -> str | None:
    """An ISO country code, or None for absent, malformed, unknown (XX) or Tor (T1) values."""
    value = (reported or "").strip().upper()
    return value if _COUNTRY.match(value) and value not in ("XX", "T1") else None


def origin_of(url: str | None) -> str | None:
    """`https://host[:port]` of an http(s) URL (a Referer header), else None."""
    parts = urlsplit((url or "").strip()[:2000])
    try:
        port = parts.port
    except ValueError:  # a port out of range or not a number
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    origin = f"{parts.scheme}://{parts.hostname}" + (f":{port}" if port else "")
    return origin if _ORIGIN.match(origin) else None
