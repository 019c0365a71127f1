"""Reads and writes deliverables and their delivery links (`deliverables/tables.py`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from marketplace.licensing.deliverables.domain import Deliverable, DeliverableKind, DeliveryLink
from marketplace.licensing.deliverables.tables import DeliverableRow, DeliveryLinkRow


def _deliverable(row: dict[str, Any]) -> Deliverable:
    return Deliverable(
        id=as_uuid(row["id"]),
        deal_id=as_uuid(row["deal_id"]),
        kind=DeliverableKind(row["kind"]),
        label=row["label"],
        storage_key=row["storage_key"],
        content_type=row["content_type"],
        size=int(row["size"]),
    )


def _link(row: dict[str, Any]) -> DeliveryLink:
    return DeliveryLink(
        id=as_uuid(row["id"]),
        deliverable_id=as_uuid(row["deliverable_id"]),
        partner_user_id=as_uuid(row["partner_user_id"]),
        expires_at=as_utc(row["expires_at"]),
        max_downloads=int(row["max_downloads"]),
        downloads=int(row["downloads"]),
    )


class DeliverableRepository:
    async def replace(self, deal_id: UUID, items: list[Deliverable]) -> None:
        """The quote's items (a new quote replaces the last one's)."""
        await DeliverableRow.delete().where(DeliverableRow.deal_id == deal_id)
        if items:
            await DeliverableRow.insert(
                *(
                    DeliverableRow(id=i.id, deal_id=deal_id, kind=i.kind.value, label=i.label)
                    for i in items
                )
            )

    async def of_deal(self, deal_id: UUID) -> list[Deliverable]:
        rows = (
            await DeliverableRow.select()
            .where(DeliverableRow.deal_id == deal_id)
            .order_by(DeliverableRow.kind)
        )
        return [_deliverable(row) for row in rows]

    async def get(self, deliverable_id: UUID) -> Deliverable | None:
        row = await DeliverableRow.select().where(DeliverableRow.id == deliverable_id).first()
        return _deliverable(row) if row else None

    async def uploaded(
        self, item: Deliverable, key: str, content_type: str, size: int, now: Any
    ) -> None:
        await DeliverableRow.update(
            {
                DeliverableRow.storage_key: key,
                DeliverableRow.content_type: content_type,
                DeliverableRow.size: size,
                DeliverableRow.uploaded_at: now,
            }
        ).where(DeliverableRow.id == item.id)

    async def downloads(self, item_ids: list[UUID]) -> dict[UUID, int]:
        """How many times each item was downloaded, over all its links."""
        if not item_ids:
            return {}
        rows = await DeliveryLinkRow.select(
            DeliveryLinkRow.deliverable_id, DeliveryLinkRow.downloads
        ).where(DeliveryLinkRow.deliverable_id.is_in(item_ids))
        counted = dict.fromkeys(item_ids, 0)
        for row in rows:
            counted[as_uuid(row["deliverable_id"])] += int(row["downloads"])
        return counted

    async def add_link(self, link: DeliveryLink, now: Any) -> None:
        await DeliveryLinkRow.insert(
            DeliveryLinkRow(
                id=link.id,
                deliverable_id=link.deliverable_id,
                partner_user_id=link.partner_user_id,
                expires_at=link.expires_at,
                max_downloads=link.max_downloads,
                downloads=0,
                created_at=now,
            )
        )

    async def link(self, link_id: UUID) -> DeliveryLink | None:
        row = await DeliveryLinkRow.select().where(DeliveryLinkRow.id == link_id).first()
        return _link(row) if row else None

    async def count_download(self, link: DeliveryLink) -> bool:
        """One more download, unless the count is reached meanwhile (one statement: two
        downloads at once cannot both take the last one)."""
        changed = (
            await DeliveryLinkRow.update({DeliveryLinkRow.downloads: DeliveryLinkRow.downloads + 1})
            .where(
                (DeliveryLinkRow.id == link.id)
                & (DeliveryLinkRow.downloads < DeliveryLinkRow.max_downloads)
            )
            .returning(DeliveryLinkRow.id)
        )
        return bool(changed)
