"""The catalogue behind revenue's `WorkDirectory` port: same visibility and ownership rules."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from accounts.domain import Principal
from infra.errors import Forbidden
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.ports import WorkRef


def _title(work: Work) -> str:
    titles = work.details.titles
    return titles.get("fr") or next(iter(titles.values()), "")


class CatalogueWorks:
    def __init__(self, catalogue: CatalogueService, repository: CatalogueRepository) -> None:
        self._catalogue = catalogue
        self._repo = repository

    async def _ref(self, work: Work) -> WorkRef:
        creator = await self._repo.get_creator(work.creator_id)
        return WorkRef(work.id, work.owner_id, creator.name if creator else "", _title(work))

    async def editable(self, who: Principal, work_id: UUID) -> WorkRef:
        work = await self._catalogue.get_work(who, work_id)  # NotFound when not visible
        if not (who.is_staff or work.owner_id == who.user_id):
            raise Forbidden(RevenueError.NOT_OWNER)
        return await self._ref(work)

    async def facts(self, work_id: UUID) -> WorkRef | None:
        work = await self._repo.get_work(work_id)
        return await self._ref(work) if work else None

    async def titles(self, work_ids: Iterable[UUID]) -> dict[UUID, str]:
        # One query for a whole statement, whatever its length.
        return {work.id: _title(work) for work in await self._repo.works_by_ids(set(work_ids))}
