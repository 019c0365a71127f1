"""The API keys' service, for the composition root to register."""

from __future__ import annotations

from collections.abc import Callable

from accounts.apikeys.domain import KeyHasher
from accounts.apikeys.repository import ApiKeyRepository
from accounts.apikeys.service import ApiKeyService
from accounts.audit.port import AuditTrail
from accounts.organisations.service import OrganisationService
from infra.db.unit_of_work import UnitOfWork
from infra.services import Services
from infra.settings import Settings


def register_api_keys(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    """After the organisations; the audit trail is found when first used (tests replace it)."""

    def audit() -> AuditTrail:
        return services.get(AuditTrail)  # type: ignore[type-abstract]

    services.register(
        ApiKeyService(
            ApiKeyRepository(),
            services.get(OrganisationService),
            unit_of_work,
            audit,
            KeyHasher(services.get(Settings).secret_key),
        )
    )
