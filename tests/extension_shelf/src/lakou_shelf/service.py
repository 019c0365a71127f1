"""Pins per person, a limit read from the extension's own setting, and a published-works feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from infra.errors import Conflict
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.ids import new_id
from infra.settings import SettingsReader
from lakou_shelf.errors import ShelfError
from lakou_shelf.tables import PinRow, SeenWorkRow
from marketplace.catalogue.events import WORK_PUBLISHED

CONSUMER = "shelf.seen_works"


@dataclass(frozen=True)
class ShelfSettings:
    max_pins: int

    @classmethod
    def read(cls, reader: SettingsReader) -> ShelfSettings:
        return cls(max_pins=reader.integer("LAKOU_SHELF_MAX_PINS", 50, minimum=1))


class ShelfService:
    def __init__(self, settings: ShelfSettings) -> None:
        self._settings = settings

    async def pin(self, owner_id: UUID, work_id: UUID) -> UUID:
        if await PinRow.count().where(PinRow.owner_id == owner_id) >= self._settings.max_pins:
            raise Conflict(ShelfError.SHELF_FULL, max=self._settings.max_pins)
        pin_id = new_id()
        await PinRow.insert(
            PinRow(id=pin_id, owner_id=owner_id, work_id=work_id, pinned_at=datetime.now(UTC))
        )
        return pin_id

    async def pins(self, owner_id: UUID) -> list[UUID]:
        rows = await PinRow.select(PinRow.work_id).where(PinRow.owner_id == owner_id)
        return [UUID(str(row["work_id"])) for row in rows]

    async def count(self) -> int:
        return await PinRow.count()

    async def note_published(self, event: EventEnvelope) -> bool:
        return await handle_once(CONSUMER, event, self._remember)

    async def _remember(self, event: EventEnvelope) -> None:
        published = WORK_PUBLISHED.decode(event)
        await SeenWorkRow.insert(
            SeenWorkRow(id=event.id, work_id=published.work_id, seen_at=event.occurred_at)
        )

    async def seen_works(self) -> list[UUID]:
        rows = await SeenWorkRow.select(SeenWorkRow.work_id).order_by(SeenWorkRow.id)
        return [UUID(str(row["work_id"])) for row in rows]

    async def forget_old(self) -> int:
        """The job: drop what the feed saw more than 30 days ago."""
        cutoff = datetime.now(UTC) - timedelta(days=30)
        old = await SeenWorkRow.select(SeenWorkRow.id).where(SeenWorkRow.seen_at < cutoff)
        if old:
            await SeenWorkRow.delete().where(SeenWorkRow.id.is_in([row["id"] for row in old]))
        return len(old)
