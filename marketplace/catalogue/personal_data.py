"""The catalogue's part of a person's data: the creator profiles and works they own.

Erasing withdraws the works (people who bought one keep what they bought: their orders and
entitlements name the work, not its owner) and detaches profiles and works from the person:
the owner id becomes the deletion's tombstone, a profile's name, biographies, links and commune
are erased. Titles, descriptions and credits stay with the withdrawn works: they describe a
work, and the work's sales must stay explainable (invoices, ledgers).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from infra.events.outbox import append_to_outbox
from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.catalogue.events import WORK_WITHDRAWN, WorkEvent
from marketplace.catalogue.tables import CreatorRow, WorkRow
from marketplace.catalogue.values import Visibility, WorkStatus

# What stays of an erased profile's name (a person's name is theirs; the profile stays because
# withdrawn works and past sales point at it).
ERASED_NAME = "—"


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    creators = await CreatorRow.select().where(CreatorRow.owner_id == user_id)
    works = await WorkRow.select().where(WorkRow.owner_id == user_id)
    return section({"creators": creators, "works": works})


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    now = datetime.now(UTC)
    published = await WorkRow.select(WorkRow.id, WorkRow.creator).where(
        (WorkRow.owner_id == user_id) & (WorkRow.status == WorkStatus.PUBLISHED.value)
    )
    await WorkRow.update(
        {
            WorkRow.owner_id: tombstone,
            WorkRow.status: WorkStatus.WITHDRAWN.value,
            WorkRow.visibility: Visibility.PRIVATE.value,
            WorkRow.updated_at: now,
        }
    ).where(WorkRow.owner_id == user_id)
    await CreatorRow.update(
        {
            CreatorRow.owner_id: tombstone,
            CreatorRow.name: ERASED_NAME,
            CreatorRow.bios: {},
            CreatorRow.links: [],
            CreatorRow.commune: None,
            CreatorRow.commune_code: None,
            CreatorRow.updated_at: now,
        }
    ).where(CreatorRow.owner_id == user_id)
    # The search index and the activity log learn it as any withdrawal (ids only).
    await append_to_outbox(
        WORK_WITHDRAWN.event(
            row["id"],
            WorkEvent(
                work_id=row["id"],
                creator_id=row["creator"],
                owner_id=tombstone,
                by=tombstone,
                status=WorkStatus.WITHDRAWN.value,
            ),
        )
        for row in published
    )


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
)
