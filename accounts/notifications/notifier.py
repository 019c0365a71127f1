"""The notifier: a notification kept in the centre and its mail queued, as each person chose.

Both rows are written in the caller's transaction (piccolo joins the one in progress), so a
change that rolls back tells nobody, and a change that commits has its mail waiting in the
queue even if the process dies the next instant. Unique indexes on (person, kind, key) and
(kind, address, key) make a redelivered event tell once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from piccolo.engine.base import Engine

from accounts.notifications.kinds import NotificationKinds
from accounts.notifications.rendering import MailRenderer
from accounts.notifications.tables import Notification, NotificationPreference, QueuedMail
from accounts.notifications.unsubscribe import UnsubscribeLinks
from accounts.tables import User
from infra.db.engine import write_transaction
from infra.i18n.languages import SOURCE, canonical
from infra.ids import new_id
from infra.notifications import NotificationKind, ParamValue

PENDING = "pending"


class NotificationService:
    """Implements `infra.notifications.Notifier`."""

    def __init__(
        self,
        engine: Engine[Any],
        kinds: NotificationKinds,
        renderer: MailRenderer,
        unsubscribe: UnsubscribeLinks,
        public_url: str,
    ) -> None:
        self._engine = engine
        self._kinds = kinds
        self._renderer = renderer
        self._unsubscribe = unsubscribe
        self._public_url = public_url

    async def notify(
        self,
        kind: NotificationKind,
        user_id: UUID,
        *,
        key: str,
        params: Mapping[str, ParamValue] | None = None,
        link: str = "",
    ) -> None:
        kind = self._kinds.require(kind)
        values = dict(params or {})
        person = (
            await User.select(User.email, User.display_name, User.language, User.is_active)
            .where(User.id == user_id)
            .first()
        )
        if person is None or not person["is_active"]:
            return
        choice = (
            await NotificationPreference.select(
                NotificationPreference.email, NotificationPreference.in_app
            )
            .where(
                (NotificationPreference.user == user_id)
                & (NotificationPreference.kind == kind.name)
            )
            .first()
        )
        in_app = kind.in_app and (choice is None or choice["in_app"])
        by_mail = kind.transactional or choice is None or choice["email"]
        async with write_transaction(self._engine):
            if in_app:
                await Notification.insert(
                    Notification(
                        id=new_id(),
                        user=user_id,
                        kind=kind.name,
                        dedup_key=key[:200],
                        params=values,
                        link=link[:500],
                        created_at=datetime.now(UTC),
                    )
                ).on_conflict(action="DO NOTHING")
            if by_mail:
                unsubscribe = (
                    None if kind.transactional else self._unsubscribe.url(user_id, kind.name)
                )
                await self._queue(
                    kind,
                    str(person["email"]),
                    key=key,
                    language=str(person["language"]),
                    params=values,
                    link=link,
                    recipient_name=str(person["display_name"]),
                    user_id=user_id,
                    unsubscribe_url=unsubscribe,
                )

    async def mail_address(
        self,
        kind: NotificationKind,
        address: str,
        *,
        key: str,
        language: str,
        params: Mapping[str, ParamValue] | None = None,
    ) -> None:
        kind = self._kinds.require(kind)
        async with write_transaction(self._engine):
            await self._queue(
                kind,
                address,
                key=key,
                language=language,
                params=dict(params or {}),
                link="",
                recipient_name="",
                user_id=None,
                unsubscribe_url=None,
            )

    def _absolute(self, link: str) -> str:
        return f"{self._public_url}{link}" if link.startswith("/") else link

    async def _queue(
        self,
        kind: NotificationKind,
        address: str,
        *,
        key: str,
        language: str,
        params: dict[str, ParamValue],
        link: str,
        recipient_name: str,
        user_id: UUID | None,
        unsubscribe_url: str | None,
    ) -> None:
        language = canonical(language) or SOURCE
        # A site path, given as the link or as a `link` parameter, becomes a whole URL.
        params = {
            name: self._absolute(value) if name == "link" and isinstance(value, str) else value
            for name, value in params.items()
        }
        rendered = self._renderer.render(
            kind,
            language,
            {
                "params": params,
                "recipient_name": recipient_name,
                "link": self._absolute(link),
                "site_url": self._public_url,
                "preferences_url": f"{self._public_url}/notifications/preferences",
                "unsubscribe_url": unsubscribe_url,
            },
        )
        now = datetime.now(UTC)
        await QueuedMail.insert(
            QueuedMail(
                id=new_id(),
                kind=kind.name,
                dedup_key=key[:200],
                user=user_id,
                address=address,
                language=language,
                subject=rendered.subject[:300],
                text_body=rendered.text,
                html_body=rendered.html,
                unsubscribe_url=unsubscribe_url,
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                last_error="",
                created_at=now,
            )
        ).on_conflict(action="DO NOTHING")
