"""The markets' services, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from accounts.organisations.repository import OrganisationRepository
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services
from infra.settings import Settings
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.markets.accreditation import BadgeSigner
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.adapters import CatalogueFacts, OfferPrices, OrganisationDirectory
from marketplace.markets.market_prices import MarketPrices
from marketplace.markets.repository import AccreditationRepository, MarketRepository
from marketplace.markets.service import MarketService
from marketplace.markets.stand_repository import StandRepository
from marketplace.markets.stands import StandService
from marketplace.markets.visitors import VisitorKeys
from marketplace.offers.repository import OfferRepository
from marketplace.offers.service import OfferService


def register_markets(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    secret = services.get(Settings).secret_key
    organisations = OrganisationDirectory(OrganisationRepository())
    markets = MarketService(MarketRepository(), organisations, unit_of_work)
    accreditations = AccreditationService(
        markets, AccreditationRepository(), BadgeSigner(secret), unit_of_work
    )
    stands = StandService(
        markets,
        accreditations,
        StandRepository(),
        CatalogueFacts(PiccoloCatalogueRepository()),
        organisations,
        unit_of_work,
    )
    services.register(markets)
    services.register(accreditations)
    services.register(stands)
    services.register(
        MarketPrices(stands, services.get(OfferService), OfferPrices(OfferRepository()))
    )
    services.register(VisitorKeys(secret))
