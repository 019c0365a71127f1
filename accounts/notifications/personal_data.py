"""The notifications module's part of a person's data: the centre, choices, mails queued."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from accounts.notifications.tables import Notification, NotificationPreference, QueuedMail
from infra.personal_data import PersonalData, section
from infra.services import Services


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    centre = await Notification.select(
        Notification.kind,
        Notification.params,
        Notification.link,
        Notification.created_at,
        Notification.read_at,
    ).where(Notification.user == user_id)
    choices = await NotificationPreference.select(
        NotificationPreference.kind, NotificationPreference.email, NotificationPreference.in_app
    ).where(NotificationPreference.user == user_id)
    mails = await QueuedMail.select(
        QueuedMail.kind,
        QueuedMail.address,
        QueuedMail.subject,
        QueuedMail.status,
        QueuedMail.created_at,
        QueuedMail.sent_at,
    ).where(QueuedMail.user == user_id)
    return section({"notifications": centre, "preferences": choices, "mails": mails})


async def erase(_: Services, user_id: UUID, __: UUID) -> None:
    # Mails still queued for the person are dropped with their address; the deletion notice
    # is queued after this, to the address alone (no account), so it still leaves.
    await Notification.delete().where(Notification.user == user_id)
    await NotificationPreference.delete().where(NotificationPreference.user == user_id)
    await QueuedMail.delete().where(QueuedMail.user == user_id)


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
)
