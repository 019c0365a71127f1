"""The catalogue's answer to media's question "may this viewer see this work?"."""

from __future__ import annotations

from uuid import UUID

from infra.errors import NotFound
from infra.identity.domain import Principal
from marketplace.catalogue.domain import WorkStatus
from marketplace.catalogue.service import CatalogueService
from media.access.works import WorkFacts


class CatalogueWorkDirectory:
    def __init__(self, catalogue: CatalogueService) -> None:
        self._catalogue = catalogue

    async def visible_work(self, work_id: UUID, viewer: Principal | None) -> WorkFacts | None:
        try:
            work = await self._catalogue.get_work(viewer, work_id)
        except NotFound:
            return None
        return WorkFacts(work.id, work.owner_id, work.status is WorkStatus.PUBLISHED)
