"""The markets' services, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from accounts.organisations.repository import OrganisationRepository
from calls.ports import CallScopes, EntryFees
from calls.repository import CallRepository
from calls.service import CallService
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services
from infra.settings import Settings
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.markets.accreditation import BadgeSigner
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.adapters import CatalogueFacts, OfferPrices, OrganisationDirectory
from marketplace.markets.analytics.adapters import ScopedOffers
from marketplace.markets.analytics.consumers import MarketCounters
from marketplace.markets.analytics.online_sales import OnlineSales
from marketplace.markets.analytics.repository import CounterRepository
from marketplace.markets.analytics.service import MarketAnalytics
from marketplace.markets.codes.wiring import register_codes
from marketplace.markets.entries.acceptance import AcceptedEntries
from marketplace.markets.entries.adapters import SubmissionApplicants
from marketplace.markets.entries.calls import MarketCalls
from marketplace.markets.entries.fees import MarketFeePayees
from marketplace.markets.market_prices import MarketPrices
from marketplace.markets.meetings.wiring import register_meetings
from marketplace.markets.programme.adapters import ScheduledRooms
from marketplace.markets.programme.passes import PremierePasses
from marketplace.markets.programme.repository import ProgrammeRepository
from marketplace.markets.programme.service import ProgrammeService
from marketplace.markets.repository import AccreditationRepository, MarketRepository
from marketplace.markets.round.wiring import register_round
from marketplace.markets.service import MarketService
from marketplace.markets.stand_repository import StandRepository
from marketplace.markets.stands import StandService
from marketplace.markets.team_scopes import SCOPE_KIND, MarketTeamManagers
from marketplace.markets.visitors import VisitorKeys
from marketplace.markets.visuals.repository import VisualRepository
from marketplace.markets.visuals.service import MarketVisuals
from marketplace.offers.repository import OfferRepository
from marketplace.offers.service import OfferService
from media.storage.port import ObjectStorage
from scheduling.ports import ManagersByScope
from scheduling.service import SchedulingService
from scheduling.spans import SpanBookings


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
    # Their tables and rooms are booked by the markets' own services (meetings, programme).
    services.get(ManagersByScope).add(SCOPE_KIND, team, booked_by_owner=True)
    services.register(accreditations)
    services.register(stands)
    services.register(
        MarketPrices(stands, services.get(OfferService), OfferPrices(OfferRepository()))
    )
    services.register(VisitorKeys(secret))
    # Posters and banners (marketplace/markets/visuals/): files in the media storage.
    services.register(
        MarketVisuals(
            markets,
            VisualRepository(),
            lambda: services.get(ObjectStorage),  # type: ignore[type-abstract]
            unit_of_work,
        )
    )
    # Stand codes (marketplace/markets/codes/): sold at the stand, redeemed into libraries.
    register_codes(services, unit_of_work)
    register_entries(services, unit_of_work)
    register_analytics(services, unit_of_work)
    register_programme(services, unit_of_work)


def register_entries(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    """Accepted entries of the markets' calls become stands (`entry.accepted`)."""
    services.register(
        AcceptedEntries(
            services.get(MarketService),
            services.get(StandService),
            StandRepository(),
            CatalogueFacts(PiccoloCatalogueRepository()),
            SubmissionApplicants(CallRepository(), OrganisationRepository()),
            unit_of_work,
        )
    )
    services.register(MarketCalls(services.get(MarketService), services.get(CallService)))
    # The fees of its calls for entries go to the market's organiser.
    services.get(EntryFees).register(
        SCOPE_KIND, MarketFeePayees(services.get(MarketService), OrganisationRepository())
    )


def register_analytics(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    """The daily counters' consumers, online market sales, and the team's analytics pages."""
    counters = CounterRepository()
    markets = services.get(MarketService)
    services.register(MarketCounters(counters, markets))
    services.register(OnlineSales(ScopedOffers(OfferRepository()), counters, unit_of_work))
    services.register(MarketAnalytics(markets, counters))


def register_programme(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    """The programme: its rooms are resources of the market's "programme" calendar."""
    scheduling = services.get(SchedulingService)
    services.register(
        ProgrammeService(
            services.get(MarketService),
            services.get(AccreditationService),
            ProgrammeRepository(),
            ScheduledRooms(scheduling, SpanBookings(scheduling, unit_of_work)),
            CatalogueFacts(PiccoloCatalogueRepository()),
            unit_of_work,
        )
    )
    # Premieres let those who may attend stream the work in full while they play (media's
    # `PlaybackPasses`, registered with the entitlements in the composition root).
    services.register(
        PremierePasses(
            services.get(MarketService),
            services.get(AccreditationService),
            ProgrammeRepository(),
            StandRepository(),
        )
    )
    # Meetings (marketplace/markets/meetings): asked of stands, booked through scheduling.
    register_meetings(services, unit_of_work)
    # The hosted-buyer round (marketplace/markets/round): wishes, scheduled into meetings.
    register_round(services, unit_of_work)
