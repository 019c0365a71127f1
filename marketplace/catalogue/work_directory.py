"""The catalogue's answer to media's question "may this viewer see this work?"."""

from __future__ import annotations

from uuid import UUID

from accounts.domain import Principal
from infra.errors import NotFound
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.values import Visibility, WorkStatus
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


class CatalogueWorkTitles:
    """The catalogue's answer to the activity log's "what is this work called?"."""

    def __init__(self, repository: CatalogueRepository) -> None:
        self._repo = repository

    async def title(self, work_id: UUID) -> str | None:
        work = await self._repo.get_work(work_id)
        return work.title if work else None


class CatalogueOwnedTitles:
    """The catalogue's answer to the library's "what are these works called, in each language?"."""

    def __init__(self, repository: CatalogueRepository) -> None:
        self._repo = repository

    async def titles(self, work_ids: list[UUID]) -> dict[UUID, dict[str, str]]:
        # One query for a whole library, whatever its size.
        return {
            work.id: dict(work.details.titles) for work in await self._repo.works_by_ids(work_ids)
        }


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
        # One query for a whole cart, whatever its size.
        public = await self._catalogue.public_works(work_ids)
        return {work_id: _sellable(work) for work_id, work in public.items()}


def _sellable(work: Work) -> SellableWork:
    return SellableWork(
        work_id=work.id,
        owner_id=work.owner_id,
        title=work.title,
        titles=dict(work.details.titles),
        discipline=work.details.discipline.value,
        published=work.status is WorkStatus.PUBLISHED
        and work.details.visibility is not Visibility.PRIVATE,
    )
