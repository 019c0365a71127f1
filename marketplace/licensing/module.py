"""Licensing: rights held (mandates by territory, medium, period, exclusivity and language
version) and availability (mandates minus licensed windows), precomputed per work and medium.
Licence deals, sync licences and payouts build on its `LicensedWindows` port."""

from __future__ import annotations

from pathlib import Path

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.modules import Consumer, ModuleSpec
from infra.services import Services
from marketplace.catalogue.events import WORK_PUBLISHED
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.catalogue.service import CatalogueService
from marketplace.licensing import events, tables
from marketplace.licensing.adapters import CatalogueRightsWorks
from marketplace.licensing.consumers import RightsFollower
from marketplace.licensing.controllers import (
    AvailabilityController,
    MandateController,
    StaffWindowController,
)
from marketplace.licensing.pages import RightsPages
from marketplace.licensing.repository import LicensingRepository
from marketplace.licensing.service import LicensingService
from marketplace.revenue.split_service import SplitService


def wire(services: Services) -> None:
    works = CatalogueRightsWorks(
        services.get(CatalogueService), PiccoloCatalogueRepository(), services.get(SplitService)
    )
    licensing = LicensingService(
        LicensingRepository(), works, lambda: PiccoloUnitOfWork(tables.MandateRow._meta.db)
    )
    services.register(licensing)
    services.register(RightsFollower(licensing))


MODULE = ModuleSpec(
    name="licensing",
    package="marketplace.licensing",
    description=(
        "rights held (mandates by territory, medium, period, exclusivity, language version) "
        "and availability precomputed per work and medium; the licensed windows' port"
    ),
    depends_on=("catalogue", "revenue"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(MandateController, AvailabilityController, StaffWindowController, RightsPages),
    templates=Path(__file__).parent / "templates",
    publishes=events.PUBLISHED,
    consumers=(
        Consumer(
            actor="licensing.follow_release",
            events=(WORK_PUBLISHED,),
            service=RightsFollower,
            handle=RightsFollower.handle,
        ),
    ),
    wire=wire,
)
