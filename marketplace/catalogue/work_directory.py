"""The catalogue's answer to media's question "may this viewer see this work?"."""

from __future__ import annotations

from uuid import UUID

from infra.errors import NotFound
from infra.identity.domain import Principal
from marketplace.catalogue.domain import Visibility, Work, WorkStatus
from marketplace.catalogue.service import CatalogueService
from marketplace.offers.catalogue_port import SellableWork
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


class CatalogueSellableWorks:
    """The catalogue's answer to the marketplace's "may this work be sold, and by whom?"."""

    def __init__(self, catalogue: CatalogueService) -> None:
        self._catalogue = catalogue

    async def work_for(self, work_id: UUID, viewer: Principal | None) -> SellableWork | None:
        try:
            work = await self._catalogue.get_work(viewer, work_id)
        except NotFound:
            return None
        return _sellable(work)

    async def works(self, work_ids: list[UUID]) -> dict[UUID, SellableWork]:
        found: dict[UUID, SellableWork] = {}
        for work_id in dict.fromkeys(work_ids):
            try:
                work = await self._catalogue.get_work(None, work_id)
            except NotFound:
                continue
            found[work_id] = _sellable(work)
        return found


def _sellable(work: Work) -> SellableWork:
    return SellableWork(
        work_id=work.id,
        owner_id=work.owner_id,
        title=work.title,
        discipline=work.details.discipline.value,
        published=work.status is WorkStatus.PUBLISHED
        and work.details.visibility is not Visibility.PRIVATE,
    )
