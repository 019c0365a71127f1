"""Scheduling's services, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from infra.db.unit_of_work import UnitOfWork
from infra.services import Services
from scheduling.feeds import CalendarFeeds
from scheduling.ports import ManagersByScope
from scheduling.service import SchedulingService


def register_scheduling(
    services: Services, unit_of_work: Callable[[], UnitOfWork], secret_key: str
) -> None:
    """`ManagersByScope` starts with staff only; the modules owning scopes add theirs."""
    managers = ManagersByScope()
    services.register(managers)
    scheduling = SchedulingService(unit_of_work, managers)
    services.register(scheduling)
    services.register(CalendarFeeds(secret_key, scheduling, unit_of_work))
