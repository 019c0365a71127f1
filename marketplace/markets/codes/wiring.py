"""Stand codes' services, for the markets' wiring to register."""

from __future__ import annotations

from collections.abc import Callable

from accounts.rate_limit import RateLimiter
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services
from infra.settings import Settings
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.markets.adapters import CatalogueFacts
from marketplace.markets.codes.adapters import SheetPdf
from marketplace.markets.codes.domain import CodeKeys
from marketplace.markets.codes.repository import CodeRepository
from marketplace.markets.codes.sellable import StandCodeSales
from marketplace.markets.codes.service import StandCodes
from marketplace.markets.stands import StandService
from marketplace.orders.recorded import RecordedSales
from marketplace.orders.repository import OrderRepository
from marketplace.orders.sellable import Sellables
from marketplace.orders.settlement import Settlement
from marketplace.pricing.vat import VatTable
from media.access.entitlements import EntitlementService


def register_codes(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    settings = services.get(Settings)
    sales = RecordedSales(
        services.get(Settlement),
        VatTable.load(settings.payment.vat_table_path),
        OrderRepository(),
    )
    services.get(Sellables).add(StandCodeSales())
    services.register(
        StandCodes(
            services.get(StandService),
            CodeRepository(),
            CodeKeys(settings.secret_key),
            CatalogueFacts(PiccoloCatalogueRepository()),
            sales,
            services.get(EntitlementService),
            services.get(RateLimiter),  # type: ignore[type-abstract]
            unit_of_work,
        )
    )
    services.register(SheetPdf(settings.http.public_url))
