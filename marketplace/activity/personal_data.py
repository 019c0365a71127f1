"""The activity log's part of a person's data: what happened to their works.

Erasing detaches the entries (owner and actor become the deletion's tombstone): they count
what happened to works that stay, withdrawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.activity.tables import ActivityEntry


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    entries = await ActivityEntry.select(
        ActivityEntry.kind,
        ActivityEntry.work_id,
        ActivityEntry.title,
        ActivityEntry.occurred_at,
    ).where((ActivityEntry.owner_id == user_id) | (ActivityEntry.actor_id == user_id))
    return section({"entries": entries})


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    await ActivityEntry.update({ActivityEntry.owner_id: tombstone}).where(
        ActivityEntry.owner_id == user_id
    )
    await ActivityEntry.update({ActivityEntry.actor_id: tombstone}).where(
        ActivityEntry.actor_id == user_id
    )


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
)
