"""The activity log's consumer and queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from accounts.domain import Principal
from infra.db.values import as_utc, as_uuid
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.events.types import by_name
from marketplace.activity.tables import ActivityEntry
from marketplace.catalogue.events import (
    WORK_CREATED,
    WORK_PUBLISHED,
    WORK_WITHDRAWN,
    WorkEvent,
)

CONSUMER = "activity.log"
LOGGED_EVENTS = (WORK_CREATED, WORK_PUBLISHED, WORK_WITHDRAWN)
_BY_NAME = by_name(LOGGED_EVENTS)


class WorkTitles(Protocol):
    """The catalogue's answer to "what is this work called?" (payloads carry ids only)."""

    async def title(self, work_id: UUID) -> str | None: ...


@dataclass(frozen=True)
class Activity:
    id: UUID
    kind: str
    work_id: UUID
    creator_id: UUID
    actor_id: UUID
    title: str
    occurred_at: datetime


class ActivityLog:
    """The consumer that writes the log; a service so the worker can look it up by type."""

    def __init__(self, titles: WorkTitles) -> None:
        self._titles = titles

    async def record(self, event: EventEnvelope) -> bool:
        """Idempotent: a second delivery of the same event adds nothing."""
        payload = _BY_NAME[event.type].decode(event)
        # Read before the write transaction opens (on SQLite it holds the one write lock):
        # the title as it is now, since the event itself carries ids only.
        title = await self._titles.title(payload.work_id) or ""

        async def write_entry(event: EventEnvelope) -> None:
            await self._write_entry(event, payload, title)

        return await handle_once(CONSUMER, event, write_entry)

    async def _write_entry(self, event: EventEnvelope, payload: WorkEvent, title: str) -> None:
        await ActivityEntry.insert(
            ActivityEntry(
                id=event.id,
                kind=event.type,
                work_id=payload.work_id,
                creator_id=payload.creator_id,
                owner_id=payload.owner_id,
                actor_id=payload.by,
                title=title[:300],
                occurred_at=event.occurred_at,
            )
        )


async def list_activity(
    who: Principal, work_id: UUID | None, before_id: UUID | None, limit: int
) -> list[Activity]:
    """A creator sees the activity of their own works; staff see everything."""
    select = ActivityEntry.select().order_by(ActivityEntry.id, ascending=False).limit(limit)
    if not who.is_staff:
        select = select.where(ActivityEntry.owner_id == who.user_id)
    if work_id is not None:
        select = select.where(ActivityEntry.work_id == work_id)
    if before_id is not None:
        select = select.where(ActivityEntry.id < before_id)
    return [_activity(row) for row in await select]


def _activity(row: dict[str, Any]) -> Activity:
    return Activity(
        id=as_uuid(row["id"]),
        kind=row["kind"],
        work_id=as_uuid(row["work_id"]),
        creator_id=as_uuid(row["creator_id"]),
        actor_id=as_uuid(row["actor_id"]),
        title=row["title"],
        occurred_at=as_utc(row["occurred_at"]),
    )
