"""The partner API's marketplace routes (catalogue first), behind organisations' API keys, and
partners' saved searches that tell them of new matching works."""

from __future__ import annotations

from pathlib import Path

from infra.modules import Consumer, ModuleSpec
from marketplace.catalogue.events import WORK_PUBLISHED, WORK_UPDATED
from marketplace.licensing.events import AVAILABILITY_CHANGED
from marketplace.partners.avails import PartnerAvailsController
from marketplace.partners.controllers import PartnerCatalogueController, PartnerMarketController
from marketplace.partners.licences import PartnerLicenceController
from marketplace.partners.saved_searches import events as saved_search_events
from marketplace.partners.saved_searches import tables as saved_search_tables
from marketplace.partners.saved_searches.controllers import PartnerSavedSearchController
from marketplace.partners.saved_searches.notifications import KINDS as SAVED_SEARCH_KINDS
from marketplace.partners.saved_searches.service import CONSUMER, SavedSearchService
from marketplace.partners.saved_searches.wiring import wire

MODULE = ModuleSpec(
    name="partners",
    package="marketplace.partners",
    description=(
        "the partner API's catalogue, export and market routes, read with an organisation's "
        "API key; saved searches that tell an organisation of new matching works"
    ),
    depends_on=("apikeys", "catalogue", "markets", "licensing", "notifications"),
    tables=saved_search_tables.TABLES,
    migrations=saved_search_tables.MIGRATIONS,
    routes=(
        PartnerCatalogueController,
        PartnerMarketController,
        PartnerSavedSearchController,
        PartnerAvailsController,
        PartnerLicenceController,
    ),
    templates=Path(__file__).parent / "templates",
    publishes=saved_search_events.PUBLISHED,
    consumers=(
        Consumer(
            actor=CONSUMER,
            # Published; changed (made public later); offered in new territories or media.
            events=(WORK_PUBLISHED, WORK_UPDATED, AVAILABILITY_CHANGED),
            service=SavedSearchService,
            handle=SavedSearchService.on_work_event,
        ),
    ),
    notifications=SAVED_SEARCH_KINDS,
    wire=wire,
)
