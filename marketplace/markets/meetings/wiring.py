"""The meetings' services, for the markets' wiring to register."""

from __future__ import annotations

from collections.abc import Callable

from infra.db.unit_of_work import UnitOfWork
from infra.notifications import Notifier
from infra.services import Services
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.meetings.adapters import AccountNames, StandExhibitors
from marketplace.markets.meetings.cancellation import MeetingCancellations
from marketplace.markets.meetings.reminders import MeetingReminders
from marketplace.markets.meetings.repository import MeetingRepository
from marketplace.markets.meetings.service import MeetingService
from marketplace.markets.service import MarketService
from marketplace.markets.stands import StandService
from scheduling.service import SchedulingService


def register_meetings(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    def notifier() -> Notifier:
        # Looked up when used: the notifications module may be wired after this one.
        return services.get(Notifier)  # type: ignore[type-abstract]

    stands, repository = services.get(StandService), MeetingRepository()
    services.register(
        MeetingService(
            services.get(MarketService),
            services.get(AccreditationService),
            stands,
            services.get(SchedulingService),
            repository,
            AccountNames(),
            StandExhibitors(),
            notifier,
            unit_of_work,
        )
    )
    services.register(MeetingReminders(stands, repository, notifier, unit_of_work))
    services.register(
        MeetingCancellations(
            stands,
            services.get(SchedulingService),
            repository,
            StandExhibitors(),
            notifier,
            unit_of_work,
        )
    )
