"""The markets' services, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from accounts.organisations.repository import OrganisationRepository
from calls.ports import CallScopes
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services
from infra.settings import Settings
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.markets.accreditation import BadgeSigner
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.adapters import CatalogueFacts, OfferPrices, OrganisationDirectory
from marketplace.markets.market_prices import MarketPrices
from marketplace.markets.meetings.wiring import register_meetings
from marketplace.markets.repository import AccreditationRepository, MarketRepository
from marketplace.markets.service import MarketService
from marketplace.markets.stand_repository import StandRepository
from marketplace.markets.stands import StandService
from marketplace.markets.team_scopes import SCOPE_KIND, MarketTeamManagers
from marketplace.markets.visitors import VisitorKeys
from marketplace.offers.repository import OfferRepository
from marketplace.offers.service import OfferService
from scheduling.ports import ManagersByScope


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
    # A market's managers manage its calls for entries and its calendars (meetings, programme).
    team = MarketTeamManagers(markets)
    services.get(CallScopes).register(SCOPE_KIND, team)
    services.get(ManagersByScope).add(SCOPE_KIND, team)
    services.register(accreditations)
    services.register(stands)
    services.register(
        MarketPrices(stands, services.get(OfferService), OfferPrices(OfferRepository()))
    )
    services.register(VisitorKeys(secret))
    # Meetings (marketplace/markets/meetings): asked of stands, booked through scheduling.
    register_meetings(services, unit_of_work)
