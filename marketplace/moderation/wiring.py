"""The moderation services, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from accounts.rate_limit import RateLimiter
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services
from marketplace.moderation.ports import ReportTargets
from marketplace.moderation.repository import ModerationRepository
from marketplace.moderation.service import ModerationService


def register_moderation(
    services: Services, unit_of_work: Callable[[], UnitOfWork], limiter: RateLimiter
) -> ReportTargets:
    """The registry of reportable kinds is returned (and registered): each module whose things
    can be reported adds its `ReportTarget` to it."""
    targets = ReportTargets()
    services.register(targets)
    services.register(
        ModerationService(ModerationRepository(), unit_of_work, targets, limiter, services)
    )
    return targets
