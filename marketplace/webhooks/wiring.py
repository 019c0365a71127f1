"""The webhooks' service, for the composition root to register, with its two small ports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from accounts.organisations.repository import OrganisationRepository
from infra.db.unit_of_work import UnitOfWork
from infra.notifications import Notifier
from infra.services import Services
from infra.settings import Environment, SettingsError, SettingsReader
from marketplace.catalogue.service import CatalogueService
from marketplace.webhooks.repository import WebhookRepository
from marketplace.webhooks.sender import WebhookSender
from marketplace.webhooks.service import WebhookService
from marketplace.webhooks.ssrf import Resolver

# As the API keys' overlap: a month at most, so an old secret does not sign forever.
MAX_OVERLAP_H = 720


@dataclass(frozen=True)
class WebhookSettings:
    # Tests only: the local receiver listens on 127.0.0.1 over plain http.
    allow_loopback: bool = False
    deadline_s: float = 15
    # How long a rotated secret still signs beside the new one.
    secret_overlap_h: int = 24

    @classmethod
    def read(cls, reader: SettingsReader) -> WebhookSettings:
        allow_loopback = reader.boolean("LAKOU_WEBHOOKS_ALLOW_LOOPBACK", False)
        production = reader.choice("LAKOU_ENV", Environment, Environment.DEVELOPMENT)
        if allow_loopback and production is Environment.PRODUCTION:
            # No risk to accept here: it would let partners reach Lakou's own network.
            raise SettingsError("LAKOU_WEBHOOKS_ALLOW_LOOPBACK is for tests: never in production")
        overlap_h = reader.integer("LAKOU_WEBHOOKS_SECRET_OVERLAP_HOURS", 24, minimum=0)
        if overlap_h > MAX_OVERLAP_H:
            raise SettingsError(f"LAKOU_WEBHOOKS_SECRET_OVERLAP_HOURS: at most {MAX_OVERLAP_H}")
        return cls(
            allow_loopback=allow_loopback,
            deadline_s=reader.integer("LAKOU_WEBHOOKS_TIMEOUT_S", 15, minimum=1),
            secret_overlap_h=overlap_h,
        )


def register_webhooks(services: Services, unit_of_work: Callable[[], UnitOfWork]) -> None:
    services.register(build_webhooks(services, unit_of_work, services.get(WebhookSettings)))


def build_webhooks(
    services: Services,
    unit_of_work: Callable[[], UnitOfWork],
    settings: WebhookSettings,
    *,
    resolver: Resolver | None = None,
    clock: Callable[[], datetime] | None = None,
) -> WebhookService:
    """The service (tests build their own: loopback allowed, a resolver stub, a clock)."""
    organisations = OrganisationRepository()

    async def public_work(work_id: UUID) -> bool:
        return work_id in await services.get(CatalogueService).public_works([work_id])

    async def managers(organisation_id: UUID) -> tuple[str, list[UUID]]:
        found = await organisations.get(organisation_id)
        members = await organisations.members(organisation_id)
        name = found.details.name if found else ""
        return name, [member.user_id for member in members if member.role.manages]

    def notifier() -> Notifier:
        return services.get(Notifier)  # type: ignore[type-abstract]

    sender = WebhookSender(
        deadline_s=settings.deadline_s, allow_loopback=settings.allow_loopback, resolver=resolver
    )
    extra = {"clock": clock} if clock is not None else {}
    return WebhookService(
        WebhookRepository(),
        sender,
        unit_of_work,
        public_work,
        managers,
        notifier,
        allow_plain_http=settings.allow_loopback,
        secret_overlap=timedelta(hours=settings.secret_overlap_h),
        **extra,
    )
