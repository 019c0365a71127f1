"""The partner API's marketplace routes (catalogue first), behind organisations' API keys, and
partners' saved searches that tell them of new matching works."""

from __future__ import annotations

from pathlib import Path

from infra.modules import Consumer, Job, ModuleSpec
from infra.services import Services
from marketplace.catalogue.events import WORK_PUBLISHED, WORK_UPDATED
from marketplace.licensing.events import AVAILABILITY_CHANGED
from marketplace.partners.avails import PartnerAvailsController
from marketplace.partners.catalogue_exports import events as export_events
from marketplace.partners.catalogue_exports import tables as export_tables
from marketplace.partners.catalogue_exports.controllers import (
    ExportDownloadController,
    PartnerAvailsExportController,
    PartnerExportController,
    PartnerWorkExportController,
)
from marketplace.partners.catalogue_exports.notifications import KINDS as EXPORT_KINDS
from marketplace.partners.catalogue_exports.service import EXPORT, ExportJobService
from marketplace.partners.catalogue_exports.wiring import build_exports
from marketplace.partners.controllers import PartnerCatalogueController, PartnerMarketController
from marketplace.partners.licences import PartnerLicenceController
from marketplace.partners.saved_searches import events as saved_search_events
from marketplace.partners.saved_searches import tables as saved_search_tables
from marketplace.partners.saved_searches.controllers import PartnerSavedSearchController
from marketplace.partners.saved_searches.notifications import KINDS as SAVED_SEARCH_KINDS
from marketplace.partners.saved_searches.pages import SavedSearchPages
from marketplace.partners.saved_searches.service import CONSUMER, SavedSearchService
from marketplace.partners.saved_searches.wiring import wire as wire_saved_searches


def wire(services: Services) -> None:
    wire_saved_searches(services)
    services.register(build_exports(services))


async def purge_exports(exports: ExportJobService) -> int:
    return await exports.purge_expired() + await exports.close_abandoned()


MODULE = ModuleSpec(
    name="partners",
    package="marketplace.partners",
    description=(
        "the partner API's catalogue, export and market routes, read with an organisation's "
        "API key; saved searches that tell an organisation of new matching works; catalogue "
        "exports built by a worker into the storage"
    ),
    depends_on=("apikeys", "catalogue", "markets", "licensing", "notifications"),
    tables=saved_search_tables.TABLES + export_tables.TABLES,
    migrations=(
        saved_search_tables.MIGRATIONS
        + export_tables.MIGRATIONS
        + saved_search_tables.LATER_MIGRATIONS
    ),
    routes=(
        PartnerCatalogueController,
        PartnerMarketController,
        PartnerSavedSearchController,
        SavedSearchPages,
        PartnerAvailsController,
        PartnerLicenceController,
        PartnerWorkExportController,
        PartnerAvailsExportController,
        PartnerExportController,
        ExportDownloadController,
    ),
    templates=Path(__file__).parent / "templates",
    publishes=saved_search_events.PUBLISHED + export_events.PUBLISHED,
    consumers=(
        Consumer(
            actor=CONSUMER,
            # Published; changed (made public later); offered in new territories or media.
            events=(WORK_PUBLISHED, WORK_UPDATED, AVAILABILITY_CHANGED),
            service=SavedSearchService,
            handle=SavedSearchService.on_work_event,
        ),
        Consumer(
            actor="partners.build_export",
            events=(export_events.EXPORT_REQUESTED,),
            service=ExportJobService,
            handle=ExportJobService.build,
            retry=EXPORT,
        ),
    ),
    jobs=(
        Job(
            name="partners.purge_exports", every_s=3600, service=ExportJobService, run=purge_exports
        ),
    ),
    notifications=SAVED_SEARCH_KINDS + EXPORT_KINDS,
    wire=wire,
)
