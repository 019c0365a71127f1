"""Entitlements to full media: the port the marketplace fills when it sells or gives a work.

Besides what a person owns, other modules may vouch for a passing right to stream a work in
full (`PlaybackPasses`: a market's premiere while it plays). A pass streams, never downloads:
downloads go through the buyer's library and its orders.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from accounts.domain import Principal
from infra.ids import new_id
from media.assets.tables import EntitlementRow

FREE_SOURCE = "free"


class PlaybackPasses(Protocol):
    async def holds_pass(self, viewer: Principal, work_id: UUID) -> bool:
        """Whether the person may stream the whole work now, on this module's word."""
        ...


class EntitlementService:
    def __init__(self) -> None:
        self._passes: list[PlaybackPasses] = []

    def add_passes(self, passes: PlaybackPasses) -> None:
        """Registered by the composition root once the vouching module is built."""
        self._passes.append(passes)

    async def may_stream(self, viewer: Principal | None, work_id: UUID) -> bool:
        """Owns it (or it is free), or holds a pass for it now."""
        if await self.is_entitled(viewer.user_id if viewer else None, work_id):
            return True
        if viewer is None:
            return False
        for passes in self._passes:
            if await passes.holds_pass(viewer, work_id):
                return True
        return False

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
