"""Entitlements to full media: the port the marketplace fills when it sells or gives a work."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from infra.ids import new_id
from media.assets.tables import EntitlementRow

FREE_SOURCE = "free"


class EntitlementService:
    async def grant(self, work_id: UUID, user_id: UUID | None, source: str) -> bool:
        """Idempotent per (work, source): True when this call created the entitlement."""
        inserted = (
            await EntitlementRow.insert(
                EntitlementRow(
                    id=new_id(),
                    work_id=work_id,
                    user_id=user_id,
                    source=source[:40],
                    granted_at=datetime.now(UTC),
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(EntitlementRow.id)
        )
        if inserted:
            return True
        # Granting again what was revoked restores it.
        await EntitlementRow.update({EntitlementRow.revoked_at: None}, use_auto_update=False).where(
            (EntitlementRow.work_id == work_id) & (EntitlementRow.source == source[:40])
        )
        return False

    async def revoke(self, work_id: UUID, source: str) -> None:
        await EntitlementRow.update(
            {EntitlementRow.revoked_at: datetime.now(UTC)}, use_auto_update=False
        ).where(
            (EntitlementRow.work_id == work_id)
            & (EntitlementRow.source == source[:40])
            & EntitlementRow.revoked_at.is_null()
        )

    async def set_free(self, work_id: UUID, free: bool) -> None:
        if free:
            await self.grant(work_id, None, FREE_SOURCE)
        else:
            await self.revoke(work_id, FREE_SOURCE)

    async def is_free(self, work_id: UUID) -> bool:
        return await EntitlementRow.exists().where(
            (EntitlementRow.work_id == work_id)
            & EntitlementRow.user_id.is_null()
            & EntitlementRow.revoked_at.is_null()
        )

    async def is_entitled(self, user_id: UUID | None, work_id: UUID) -> bool:
        if await self.is_free(work_id):
            return True
        if user_id is None:
            return False
        return await EntitlementRow.exists().where(
            (EntitlementRow.work_id == work_id)
            & (EntitlementRow.user_id == user_id)
            & EntitlementRow.revoked_at.is_null()
        )
