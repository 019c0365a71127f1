"""Search use cases: querying (audience and partner views) and keeping the index in step with
the catalogue (events, and a full rebuild without downtime)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from accounts.organisations.acting import ActingOrganisation
from accounts.organisations.capabilities import PARTNER_VIEW
from infra.events.envelope import EventEnvelope
from infra.events.types import EventType, by_name
from marketplace.catalogue.events import (
    CREATOR_UPDATED,
    WORK_PUBLISHED,
    WORK_UPDATED,
    WORK_WITHDRAWN,
    CreatorEvent,
)
from marketplace.licensing.events import AVAILABILITY_CHANGED
from marketplace.offers.events import OFFER_UPDATED
from media.events import MEDIA_READY, AssetEvent
from search.documents import SearchDocument
from search.port import MAX_SUGGESTIONS, SearchIndex, SearchQuery, Suggestion, View
from search.source import WorkSource

log = logging.getLogger(__name__)

# The events that can change what search shows about a work, and about a creator's works.
WORK_EVENTS: tuple[EventType[Any], ...] = (
    WORK_PUBLISHED,
    WORK_UPDATED,
    WORK_WITHDRAWN,
    MEDIA_READY,
    OFFER_UPDATED,
    AVAILABILITY_CHANGED,
)
INDEXED_EVENTS = (*WORK_EVENTS, CREATOR_UPDATED)
_BY_NAME = by_name(INDEXED_EVENTS)


def view_for(viewer: Principal | None, acting: ActingOrganisation | None = None) -> View:
    """The partner view is for staff, and for people acting as a verified export partner
    (`accounts.organisations`: what verification unlocks); everyone else gets the audience's."""
    if viewer is not None and (
        viewer.is_staff or (acting is not None and acting.unlocks(PARTNER_VIEW))
    ):
        return View.PARTNER
    return View.AUDIENCE


@dataclass(frozen=True)
class SearchPage:
    query: SearchQuery
    items: list[dict[str, Any]]
    total: int
    facets: dict[str, dict[str, int]]
    stats: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "total": self.total,
            "page": self.query.page,
            "page_size": self.query.page_size,
            "sort": self.query.effective_sort.value,
            "view": self.query.view.value,
            "facets": self.facets,
            "stats": self.stats,
        }


class SearchService:
    def __init__(self, index: SearchIndex) -> None:
        self._index = index

    @property
    def index(self) -> SearchIndex:
        return self._index

    async def search(self, query: SearchQuery) -> SearchPage:
        results = await self._index.search(query)
        partner = query.view is View.PARTNER
        return SearchPage(
            query=query,
            # The index holds listed works only (see `documents.build_document`); the view
            # decides whether rights fields are shown.
            items=[document.view(partner) for document in results.hits],
            total=results.total,
            facets={name: dict(values) for name, values in results.facets.items()},
            stats={name: {"min": low, "max": high} for name, (low, high) in results.stats.items()},
        )

    async def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        limit = max(1, min(limit, MAX_SUGGESTIONS))
        return await self._index.suggest(prefix, limit)

    async def ping(self) -> None:
        await self._index.ping()


Progress = Callable[[int, int], None]


class IndexingService:
    """Keeps the index equal to the catalogue's listed works.

    Each event re-reads the work and writes what it is now (upsert, or delete when it is no
    longer listed), so duplicates and replays change nothing. Two events of one work handled
    at once could write in the wrong order; after writing, the work is read again and written
    again if it changed meanwhile, so the last write always matches the database.
    """

    def __init__(self, index: SearchIndex, source: WorkSource, batch_size: int = 1000) -> None:
        self._index = index
        self._source = source
        self._batch_size = batch_size

    async def handle(self, event: EventEnvelope) -> None:
        event_type = _BY_NAME.get(event.type)
        if event_type is None:
            return
        payload = event_type.decode(event)
        if isinstance(payload, CreatorEvent):
            for work_id in await self._source.works_of_creator(payload.creator_id):
                await self.refresh(work_id)
            return
        duration = payload.duration_s if isinstance(payload, AssetEvent) else None
        if isinstance(payload, AssetEvent) and payload.role != "main":
            duration = None
        await self.refresh(payload.work_id, duration)

    async def refresh(
        self, work_id: UUID, duration_s: int | None = None, attempts: int = 3
    ) -> SearchDocument | None:
        document = await self._source.document(work_id, duration_s)
        for _ in range(attempts):
            await self._write(work_id, document)
            again = await self._source.document(work_id, duration_s)
            if again == document:
                break
            document = again
        return document

    async def _write(self, work_id: UUID, document: SearchDocument | None) -> None:
        if document is None:
            await self._index.delete([str(work_id)])
        else:
            await self._index.upsert([document])

    async def reindex(self, progress: Progress | None = None) -> int:
        """Build a new index from the database, swap it in, then catch up with the works that
        changed during the build. Searches keep answering from the old index meanwhile."""
        # A margin for clocks and for transactions that started before and commit after.
        started = datetime.now(UTC) - timedelta(seconds=5)
        total = await self._source.count_listed()
        build = await self._index.rebuild()
        done = 0
        batches = aiter(self._source.listed(self._batch_size))
        # The next batch is read from the database while the engine takes this one.
        upcoming: asyncio.Future[list[SearchDocument]] = asyncio.ensure_future(anext(batches))
        try:
            while True:
                try:
                    batch = await upcoming
                except StopAsyncIteration:
                    break
                upcoming = asyncio.ensure_future(anext(batches))
                await build.add(batch)
                done += len(batch)
                if progress is not None:
                    progress(done, max(total, done))
            await build.publish()
        except BaseException:
            upcoming.cancel()
            await build.discard()
            raise
        changed = await self._source.changed_since(started)
        for work_id in changed:
            await self.refresh(work_id)
        log.info("search reindexed: %d works, %d caught up", done, len(changed))
        return done
