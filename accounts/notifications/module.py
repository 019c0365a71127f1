"""Notifications: what the modules tell people, in the centre and by e-mail, as each chose."""

from __future__ import annotations

from pathlib import Path

from accounts.notifications import tables
from accounts.notifications.controllers import NotificationController
from accounts.notifications.delivery import MailDelivery
from accounts.notifications.pages import MailboxPages, NotificationPages, UnsubscribePages
from accounts.notifications.personal_data import PERSONAL_DATA
from infra.i18n.context import N_
from infra.modules import Job, ModuleSpec, NavEntry


async def deliver_mail(delivery: MailDelivery) -> int:
    return await delivery.deliver_due()


MODULE = ModuleSpec(
    name="notifications",
    package="accounts.notifications",
    description="the in-app notification centre, e-mail through the mail queue, preferences",
    depends_on=("accounts",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(NotificationController, NotificationPages, UnsubscribePages, MailboxPages),
    templates=Path(__file__).parent / "templates",
    jobs=(
        Job(name="notifications.deliver_mail", every_s=5, service=MailDelivery, run=deliver_mail),
    ),
    nav=(
        NavEntry(
            label=N_("Notifications"),
            path="/notifications",
            order=85,
            audience="signed_in",
            element_id="nav-notifications",
            count_url="/api/notifications/unread",
        ),
    ),
    personal_data=PERSONAL_DATA,
)
