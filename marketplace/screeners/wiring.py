"""The screeners' services, for the composition root to register.

`MarkedStreams` (media's marked copies) is registered by the composition root, not here: the
screeners find it when they use it, and serve nothing unmarked.
"""

from __future__ import annotations

from collections.abc import Callable

from accounts.organisations.repository import OrganisationRepository
from accounts.rate_limit import RateLimiter
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services
from infra.settings import Settings
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.markets.repository import AccreditationRepository, MarketRepository
from marketplace.markets.stands import StandService
from marketplace.screeners.adapters import (
    AccountPeople,
    AssetWorkMedia,
    CatalogueWorks,
    MarketStands,
)
from marketplace.screeners.audiences import LiveAudiences
from marketplace.screeners.editing import ScreenerEditor
from marketplace.screeners.links import ViewingLinks
from marketplace.screeners.reports import ScreenerReports
from marketplace.screeners.repository import ScreenerRepository
from marketplace.screeners.service import ScreenerService
from marketplace.screeners.viewing import ViewingService
from media.assets.repository import AssetRepository


def register_screeners(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    settings = services.get(Settings)
    repository = ScreenerRepository()
    works = CatalogueWorks(PiccoloCatalogueRepository())
    people = AccountPeople(OrganisationRepository(), MarketRepository(), AccreditationRepository())
    stands = MarketStands(services.get(StandService))
    screeners = ScreenerService(
        repository,
        works,
        AssetWorkMedia(AssetRepository()),
        stands,
        people,
        services,
        unit_of_work,
        # A country restriction needs the country: without the header it is refused.
        countries_known=settings.media.country_header is not None,
    )
    services.register(screeners)
    services.register(LiveAudiences(screeners, repository, people))
    services.register(
        ViewingService(
            repository,
            ViewingLinks(settings.secret_key),
            services.get(RateLimiter),  # type: ignore[type-abstract]
            services,
            unit_of_work,
            works,
        )
    )
    services.register(ScreenerReports(screeners, repository))
    services.register(ScreenerEditor(screeners, repository, works, stands, unit_of_work))
