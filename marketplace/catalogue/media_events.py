"""How works follow their media: waiting while the main media is processed, covers when ready."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from infra.db.unit_of_work import UnitOfWork
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.events.types import by_name
from marketplace.catalogue.repository import CatalogueRepository
from media.events import MEDIA_FAILED, MEDIA_PROCESSING, MEDIA_READY, MEDIA_REJECTED

CONSUMER = "catalogue.media"
MEDIA_EVENTS = (MEDIA_PROCESSING, MEDIA_READY, MEDIA_FAILED, MEDIA_REJECTED)
_BY_NAME = by_name(MEDIA_EVENTS)


class MediaFollower:
    def __init__(
        self, repository: CatalogueRepository, unit_of_work: Callable[[], UnitOfWork]
    ) -> None:
        self._repo = repository
        self._uow = unit_of_work

    async def handle(self, event: EventEnvelope) -> bool:
        return await handle_once(CONSUMER, event, self._apply)

    async def _apply(self, event: EventEnvelope) -> None:
        payload = _BY_NAME[event.type].decode(event)
        # Runs inside handle_once's transaction: the lock holds until the save commits.
        work = await self._repo.get_work(payload.work_id, for_update=True)
        if work is None:
            return
        now = datetime.now(UTC)
        async with self._uow() as uow:
            if payload.role == "main":
                if not work.follow_main_media(
                    event.type, event.occurred_at, payload.duration_s, now
                ):
                    return
            elif payload.role == "cover" and event.type == MEDIA_READY.name:
                work.set_cover(str(payload.asset_id), payload.owner_id, now)
            else:
                return
            await self._repo.save_work(work)
            uow.track(work)
