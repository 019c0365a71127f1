"""The activity log's consumer and queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.identity.domain import Principal
from marketplace.activity.tables import ActivityEntry

CONSUMER = "activity.log"
LOGGED_EVENTS = ("work.created", "work.published", "work.withdrawn")


@dataclass(frozen=True)
class Activity:
    id: UUID
    kind: str
    work_id: UUID
    creator_id: UUID
    actor_id: UUID
    title: str
    occurred_at: datetime


async def record_work_event(event: EventEnvelope) -> bool:
    """Idempotent: a second delivery of the same event adds nothing."""
    return await handle_once(CONSUMER, event, _write_entry)


async def _write_entry(event: EventEnvelope) -> None:
    payload = event.payload
    await ActivityEntry.insert(
        ActivityEntry(
            id=event.id,
            kind=event.type,
            work_id=UUID(payload["work_id"]),
            creator_id=UUID(payload["creator_id"]),
            owner_id=UUID(payload["owner_id"]),
            actor_id=UUID(payload["by"]),
            title=str(payload.get("title", ""))[:300],
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
