"""The organisations' services, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from accounts.audit.port import AuditTrail
from accounts.organisations.members import MembershipService
from accounts.organisations.repository import OrganisationRepository
from accounts.organisations.service import OrganisationService
from infra.db.unit_of_work import UnitOfWork
from infra.notifications import Notifier
from infra.services import Services


def register_organisations(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    """The audit trail and the notifier are found in `services` when first used, so the
    modules that provide them may be wired in any order (and tests may replace them)."""

    def audit() -> AuditTrail:
        return services.get(AuditTrail)  # type: ignore[type-abstract]

    def notifier() -> Notifier:
        return services.get(Notifier)  # type: ignore[type-abstract]

    organisations = OrganisationService(OrganisationRepository(), unit_of_work, audit, notifier)
    services.register(organisations)
    services.register(MembershipService(organisations, unit_of_work, audit, notifier))
