"""The catalogue exports' service, for the partners module's `wire` to register."""

from __future__ import annotations

from uuid import UUID

from infra.notifications import Notifier
from infra.services import Services
from infra.settings import Settings
from marketplace.catalogue.service import CatalogueService
from marketplace.partners.catalogue_exports.links import ExportLinks
from marketplace.partners.catalogue_exports.service import ExportJobService, ExportStorage
from marketplace.partners.saved_searches.service import SavedSearchService
from media.storage.port import ObjectStorage


def build_exports(services: Services) -> ExportJobService:
    # Looked up when used: these modules may be wired after this one.
    async def matched_works(organisation_id: UUID, saved_search_id: UUID) -> list[UUID]:
        found = await services.get(SavedSearchService).matches(
            organisation_id, saved_search_id, limit=None
        )
        return [work_id for work_id, _ in found]

    def storage() -> ExportStorage:
        return services.get(ObjectStorage)  # type: ignore[type-abstract]

    def notifier() -> Notifier:
        return services.get(Notifier)  # type: ignore[type-abstract]

    return ExportJobService(
        lambda: services.get(CatalogueService),
        matched_works,
        storage,
        ExportLinks(services.get(Settings).secret_key),
        notifier,
    )
