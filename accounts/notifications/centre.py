"""A person's notification centre and choices: what they were told, what they want told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from accounts.notifications.errors import NotificationError
from accounts.notifications.kinds import NotificationKinds
from accounts.notifications.rendering import fill_subject
from accounts.notifications.tables import Notification, NotificationPreference
from infra.db.values import as_json
from infra.errors import InvalidInput, NotFound
from infra.ids import new_id
from infra.notifications import NotificationKind

PAGE_SIZE = 30


@dataclass(frozen=True)
class CentreItem:
    id: UUID
    kind: str
    text: str
    link: str
    created_at: datetime
    read: bool


@dataclass(frozen=True)
class Choice:
    kind: NotificationKind
    email: bool
    in_app: bool


class NotificationCentre:
    def __init__(self, kinds: NotificationKinds) -> None:
        self._kinds = kinds

    async def items(
        self, user_id: UUID, *, before: datetime | None = None, limit: int = PAGE_SIZE
    ) -> list[CentreItem]:
        """Newest first; `before` pages back from the oldest item already shown."""
        where: Any = Notification.user == user_id
        if before is not None:
            where = where & (Notification.created_at < before)
        rows = (
            await Notification.select()
            .where(where)
            .order_by(Notification.created_at, ascending=False)
            .limit(max(1, min(limit, 100)))
        )
        return [self._item(row) for row in rows]

    def _item(self, row: dict[str, Any]) -> CentreItem:
        kind = self._kinds.get(row["kind"])
        # Worded now, in the reader's language; a kind no longer enabled shows its name.
        text = fill_subject(kind, as_json(row["params"]) or {}) if kind else row["kind"]
        return CentreItem(
            id=row["id"],
            kind=row["kind"],
            text=text,
            link=row["link"],
            created_at=row["created_at"],
            read=row["read_at"] is not None,
        )

    async def unread(self, user_id: UUID) -> int:
        return int(
            await Notification.count().where(
                (Notification.user == user_id) & Notification.read_at.is_null()
            )
        )

    async def mark_read(self, user_id: UUID, notification_id: UUID) -> None:
        """Another person's notification is not found, as if it did not exist."""
        found = await Notification.exists().where(
            (Notification.id == notification_id) & (Notification.user == user_id)
        )
        if not found:
            raise NotFound(NotificationError.NOT_FOUND)
        await Notification.update({Notification.read_at: datetime.now(UTC)}).where(
            (Notification.id == notification_id) & Notification.read_at.is_null()
        )

    async def mark_all_read(self, user_id: UUID) -> None:
        await Notification.update({Notification.read_at: datetime.now(UTC)}).where(
            (Notification.user == user_id) & Notification.read_at.is_null()
        )

    async def choices(self, user_id: UUID) -> list[Choice]:
        rows = await NotificationPreference.select().where(NotificationPreference.user == user_id)
        chosen = {row["kind"]: row for row in rows}
        result = []
        for kind in sorted(self._kinds, key=lambda kind: kind.name):
            row = chosen.get(kind.name)
            result.append(
                Choice(
                    kind=kind,
                    email=kind.transactional or row is None or bool(row["email"]),
                    in_app=kind.in_app and (row is None or bool(row["in_app"])),
                )
            )
        return result

    async def choose(self, user_id: UUID, kind_name: str, *, email: bool, in_app: bool) -> None:
        kind = self._kinds.get(kind_name)
        if kind is None:
            raise NotFound(NotificationError.UNKNOWN_KIND, kind=kind_name[:80])
        if kind.transactional and not email:
            raise InvalidInput(NotificationError.TRANSACTIONAL)
        updated = (
            await NotificationPreference.update(
                {
                    NotificationPreference.email: email,
                    NotificationPreference.in_app: in_app,
                    NotificationPreference.updated_at: datetime.now(UTC),
                }
            )
            .where(
                (NotificationPreference.user == user_id)
                & (NotificationPreference.kind == kind.name)
            )
            .returning(NotificationPreference.id)
        )
        if not updated:
            await NotificationPreference.insert(
                NotificationPreference(
                    id=new_id(),
                    user=user_id,
                    kind=kind.name,
                    email=email,
                    in_app=in_app,
                    updated_at=datetime.now(UTC),
                )
            ).on_conflict(action="DO NOTHING")

    async def unsubscribe(self, user_id: UUID, kind_name: str) -> bool:
        """One kind's mails off (the link in a mail); False when the kind cannot be turned off."""
        kind = self._kinds.get(kind_name)
        if kind is None or kind.transactional:
            return False
        current = next(
            (choice for choice in await self.choices(user_id) if choice.kind.name == kind_name),
            None,
        )
        await self.choose(
            user_id, kind_name, email=False, in_app=current.in_app if current else True
        )
        return True

    def kind(self, name: str) -> NotificationKind | None:
        return self._kinds.get(name)
