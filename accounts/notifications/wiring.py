"""The notifications context's services, built once by the composition root."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from piccolo.engine.base import Engine

from accounts.notifications.centre import NotificationCentre
from accounts.notifications.delivery import MailDelivery
from accounts.notifications.kinds import NotificationKinds, template_dirs
from accounts.notifications.notifier import NotificationService
from accounts.notifications.rendering import MailRenderer
from accounts.notifications.unsubscribe import UnsubscribeLinks
from infra.db.engine import is_postgres
from infra.mail import MailTransport
from infra.modules import ModuleSpec
from infra.notifications import Notifier
from infra.services import Services
from infra.settings import Settings


@dataclass(frozen=True)
class Notifications:
    notifier: NotificationService
    centre: NotificationCentre
    delivery: MailDelivery
    unsubscribe: UnsubscribeLinks

    def register(self, services: Services) -> None:
        services.register(self.notifier, as_type=Notifier)
        services.register(self.notifier)
        services.register(self.centre)
        services.register(self.delivery)
        services.register(self.unsubscribe)


def build_notifications(
    settings: Settings,
    modules: Sequence[ModuleSpec],
    engine: Engine[Any],
    transport: MailTransport,
) -> Notifications:
    kinds = NotificationKinds.from_modules(modules)
    public_url = settings.http.public_url
    unsubscribe = UnsubscribeLinks(settings.secret_key, public_url)
    return Notifications(
        notifier=NotificationService(
            engine, kinds, MailRenderer(template_dirs(modules)), unsubscribe, public_url
        ),
        centre=NotificationCentre(kinds),
        delivery=MailDelivery(
            transport,
            settings.mail.sender,
            settings.mail.dkim,
            # SQLite has one writer: its marks would only queue behind each other.
            parallel=4 if is_postgres(engine) else 1,
        ),
        unsubscribe=unsubscribe,
    )
