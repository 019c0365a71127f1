"""The catalogue's answer to the calls' question "is this work in this person's catalogue?".

Calls sit below the marketplace and may not import it; this adapter, in the composition root,
reads the catalogue for them. A work someone else owns is answered as no work at all, so a
submission naming it is a 404, as the catalogue answers elsewhere.
"""

from __future__ import annotations

from uuid import UUID

from calls.ports import ApplicantWork
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CatalogueRepository, CreatorQuery, WorkQuery

MAX_LISTED = 200


class CatalogueApplicantWorks:
    def __init__(self, repository: CatalogueRepository) -> None:
        self._repo = repository

    async def work_of(self, person_id: UUID, work_id: UUID) -> ApplicantWork | None:
        work = await self._repo.get_work(work_id)
        if work is None or work.owner_id != person_id:
            return None
        return _applicant_work(work)

    async def works_of(self, person_id: UUID) -> list[ApplicantWork]:
        works: list[Work] = []
        for creator in await self._repo.list_creators(CreatorQuery(owner_id=person_id, limit=100)):
            works.extend(
                await self._repo.list_works(
                    WorkQuery(
                        viewer_id=person_id,
                        viewer_is_staff=False,
                        creator_id=creator.id,
                        limit=MAX_LISTED,
                    )
                )
            )
        works = [work for work in works if work.owner_id == person_id]
        works.sort(key=lambda work: work.id, reverse=True)
        return [_applicant_work(work) for work in works[:MAX_LISTED]]

    def disciplines(self) -> frozenset[str]:
        return frozenset(discipline.value for discipline in Discipline)


def _applicant_work(work: Work) -> ApplicantWork:
    return ApplicantWork(id=work.id, title=work.title, discipline=work.details.discipline.value)
