"""Use cases for a market's visuals: its managers upload a poster or a banner; everyone who
may see the market gets its files.

An upload is checked for size before anything else (413), decoded and re-encoded off the event
loop (422 for what is not a readable image, or one too large or too small in pixels), its
files put in object storage under keys made of its SHA-256 (an upload already stored is not
written again), then the market's row for that role points at it, in one transaction. The
files of a replaced visual stay: another market may show the same image, and they are never
read again through this market.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import anyio.to_thread

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, NotFound
from marketplace.markets.errors import MarketError
from marketplace.markets.service import MANAGERS, MarketService
from marketplace.markets.visuals.domain import (
    MAX_VISUAL_BYTES,
    SHA256,
    WIDTHS,
    Visual,
    VisualFormat,
    VisualRole,
    visual_key,
)
from marketplace.markets.visuals.imaging import render
from marketplace.markets.visuals.repository import VisualRepository
from media.storage.port import ObjectNotFound, ObjectStorage


class VisualTooLarge(AppError):
    status_code = 413


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class VisualFile:
    content: bytes
    content_type: str
    public: bool  # the market's page is public: caches may keep it


class MarketVisuals:
    def __init__(
        self,
        markets: MarketService,
        repository: VisualRepository,
        storage: Callable[[], ObjectStorage],
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._markets = markets
        self._repo = repository
        self._storage = storage  # looked up when used: media registers it with the app
        self._uow = unit_of_work
        self._now = now

    async def upload(
        self, who: Principal, market_id: UUID, role: VisualRole, content: bytes
    ) -> Visual:
        market = await self._markets.managed(who, market_id, MANAGERS)
        if len(content) > MAX_VISUAL_BYTES:
            raise VisualTooLarge(
                MarketError.VISUAL_TOO_LARGE, max=MAX_VISUAL_BYTES // (1024 * 1024)
            )
        sha256 = hashlib.sha256(content).hexdigest()
        current = (await self._repo.of_markets([market.id])).get(market.id, {}).get(role)
        if current is not None and current.sha256 == sha256:
            return current  # the same file again: nothing to do
        rendered = await anyio.to_thread.run_sync(render, content, WIDTHS[role])
        storage = self._storage()
        for item in rendered.renditions:
            key = visual_key(sha256, item.width, item.fmt)
            if not await anyio.to_thread.run_sync(storage.exists, key):
                await anyio.to_thread.run_sync(
                    storage.put, key, [item.content], item.fmt.content_type
                )
        visual = Visual(
            market.id,
            role,
            sha256,
            rendered.width,
            rendered.height,
            rendered.widths,
            who.user_id,
            self._now(),
        )
        async with self._uow():
            await self._repo.put(visual)
        return visual

    async def of_market(
        self, viewer: Principal | None, market_id: UUID
    ) -> dict[VisualRole, Visual]:
        market = await self._markets.visible(viewer, market_id)
        return (await self._repo.of_markets([market.id])).get(market.id, {})

    async def of_markets(self, market_ids: Iterable[UUID]) -> dict[UUID, dict[VisualRole, Visual]]:
        """For lists of markets the caller already may see."""
        return await self._repo.of_markets(market_ids)

    async def file(
        self,
        viewer: Principal | None,
        market_id: UUID,
        role: VisualRole,
        sha256: str,
        width: int,
        fmt: VisualFormat,
    ) -> VisualFile:
        """One stored file of the market's current visual (an older one, or a width or a
        market it is not of: 404)."""
        market = await self._markets.visible(viewer, market_id)
        visual = (await self._repo.of_markets([market.id])).get(market.id, {}).get(role)
        if (
            visual is None
            or not SHA256.fullmatch(sha256)
            or visual.sha256 != sha256
            or width not in visual.widths
        ):
            raise NotFound(MarketError.VISUAL_NOT_FOUND)
        storage = self._storage()
        key = visual.key(width, fmt)
        try:
            # A few hundred kilobytes at most: read whole, off the event loop.
            content = await anyio.to_thread.run_sync(_read, storage, key)
        except ObjectNotFound:
            raise NotFound(MarketError.VISUAL_NOT_FOUND) from None
        return VisualFile(content, fmt.content_type, market.is_public)


def _read(storage: ObjectStorage, key: str) -> bytes:
    return b"".join(storage.read_range(key))


__all__ = ["MarketVisuals", "VisualFile", "VisualTooLarge"]
