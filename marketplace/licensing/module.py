"""Licensing: rights held (mandates by territory, medium, period, exclusivity and language
version), availability (mandates minus licensed windows) precomputed per work and medium, and
licence deals from a partner's request to a paid, licensed window (sold through the orders
module's `Sellable` port)."""

from __future__ import annotations

from pathlib import Path

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.modules import Consumer, ModuleSpec
from infra.notifications import Notifier
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
from marketplace.licensing.deals import notifications as deal_notifications
from marketplace.licensing.deals.controllers import DealController
from marketplace.licensing.deals.pages import DealPages
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.deals.sellable import DealSellable
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.pages import RightsPages
from marketplace.licensing.repository import LicensingRepository
from marketplace.licensing.service import LicensingService
from marketplace.orders.sellable import Sellables
from marketplace.revenue.split_service import SplitService
from media.access.entitlements import EntitlementService


def wire(services: Services) -> None:
    works = CatalogueRightsWorks(
        services.get(CatalogueService), PiccoloCatalogueRepository(), services.get(SplitService)
    )

    def unit_of_work() -> PiccoloUnitOfWork:
        return PiccoloUnitOfWork(tables.MandateRow._meta.db)

    licensing = LicensingService(LicensingRepository(), works, unit_of_work)
    services.register(licensing)

    def notifier() -> Notifier:
        # Looked up when a deal changes: the notifications module may be wired after this one.
        return services.get(Notifier)  # type: ignore[type-abstract]

    deals = DealService(licensing, works, DealRepository(), notifier, unit_of_work)
    services.register(deals)
    services.get(Sellables).add(DealSellable(deals, services.get(EntitlementService)))
    services.register(RightsFollower(licensing))


MODULE = ModuleSpec(
    name="licensing",
    package="marketplace.licensing",
    description=(
        "rights held (mandates by territory, medium, period, exclusivity, language version) "
        "and availability precomputed per work and medium; the licensed windows' port"
    ),
    depends_on=("catalogue", "revenue", "orders", "media", "organisations"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(
        MandateController,
        AvailabilityController,
        StaffWindowController,
        RightsPages,
        DealController,
        DealPages,
    ),
    notifications=deal_notifications.KINDS,
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
