"""The round's services, for the markets' wiring to register."""

from __future__ import annotations

from collections.abc import Callable

from infra.db.unit_of_work import UnitOfWork
from infra.notifications import Notifier
from infra.services import Services
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.meetings.adapters import AccountNames
from marketplace.markets.meetings.repository import MeetingRepository
from marketplace.markets.meetings.service import MeetingService
from marketplace.markets.round.adapters import GrantedCategories
from marketplace.markets.round.repository import RoundRepository
from marketplace.markets.round.run import RoundRunner
from marketplace.markets.round.service import RoundService
from marketplace.markets.service import MarketService
from marketplace.markets.stands import StandService
from scheduling.service import SchedulingService


def register_round(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    def notifier() -> Notifier:
        # Looked up when used: the notifications module may be wired after this one.
        return services.get(Notifier)  # type: ignore[type-abstract]

    markets, stands = services.get(MarketService), services.get(StandService)
    meetings, repository = services.get(MeetingService), RoundRepository()
    granted = GrantedCategories()
    services.register(
        RoundService(
            markets,
            services.get(AccreditationService),
            stands,
            meetings,
            granted,
            repository,
            AccountNames(),
            unit_of_work,
        )
    )
    services.register(
        RoundRunner(
            markets,
            stands,
            meetings,
            services.get(SchedulingService),
            granted,
            repository,
            MeetingRepository(),
            notifier,
            unit_of_work,
        )
    )
