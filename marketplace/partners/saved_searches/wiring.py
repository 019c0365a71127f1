"""The saved searches' service, for the partners module's `wire` to register."""

from __future__ import annotations

from uuid import UUID

from accounts.organisations.repository import OrganisationRepository
from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.notifications import Notifier
from infra.services import Services
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.licensing.domain import Span
from marketplace.licensing.service import LicensingService
from marketplace.partners.saved_searches.ports import SearchMatcher
from marketplace.partners.saved_searches.repository import SavedSearchRepository
from marketplace.partners.saved_searches.service import SavedSearchService
from marketplace.partners.saved_searches.tables import SavedSearchRow


def build_saved_searches(services: Services) -> SavedSearchService:
    organisations = OrganisationRepository()
    works = PiccoloCatalogueRepository()

    async def title(work_id: UUID) -> str:
        work = await works.get_work(work_id)
        if work is None:
            return ""
        titles = dict(work.details.titles)
        return titles.get("fr") or next(iter(titles.values()), "")

    async def members(organisation_id: UUID) -> list[UUID]:
        return [member.user_id for member in await organisations.members(organisation_id)]

    async def availability(work_id: UUID) -> list[Span]:
        # Looked up when used: licensing may be wired after this module.
        return await services.get(LicensingService).availability(work_id)

    def matcher() -> SearchMatcher:
        return services.get(SearchMatcher)  # type: ignore[type-abstract]

    def notifier() -> Notifier:
        return services.get(Notifier)  # type: ignore[type-abstract]

    def unit_of_work() -> PiccoloUnitOfWork:
        return PiccoloUnitOfWork(SavedSearchRow._meta.db)

    return SavedSearchService(
        SavedSearchRepository(), matcher, unit_of_work, availability, title, members, notifier
    )


def wire(services: Services) -> None:
    services.register(build_saved_searches(services))
