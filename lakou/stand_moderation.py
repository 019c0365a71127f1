"""Markets' answer to moderation's questions about stands (a `ReportTarget` of kind "stand").

Hiding and taking down both keep the stand from its market's visitors (its list, its page);
its exhibitors and staff still see it, so the exhibitor can mend what was reported. A take-down
differs in what staff decided and told, not in what the public sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from marketplace.markets.stands import StandService
from marketplace.moderation.ports import TargetSummary

HIDDEN = "hidden"
TAKEN_DOWN = "taken_down"


class StandTarget:
    kind = "stand"

    def __init__(self, stands: StandService) -> None:
        self._stands = stands

    async def summary(self, target_id: UUID) -> TargetSummary | None:
        found = await self._stands.found(target_id)
        if found is None:
            return None
        stand, market = found
        return TargetSummary(
            kind=self.kind,
            id=stand.id,
            title=f"{stand.name} · {market.details.name}",
            # A creator's stand is its profile owner's; an organisation's has no one owner, so
            # the decision is told to whoever runs the market (its creator).
            owner_id=stand.owner_id or market.created_by,
            status=stand.moderation or "shown",
            public=market.is_public and not stand.moderated,
            link=f"/marches/{market.details.slug}/stands/{stand.id}",
        )

    async def hide(self, staff: Principal, target_id: UUID, reason: str) -> Mapping[str, Any]:
        return {"moderation": await self._stands.moderate(staff, target_id, HIDDEN, reason)}

    async def take_down(self, staff: Principal, target_id: UUID, reason: str) -> Mapping[str, Any]:
        return {"moderation": await self._stands.moderate(staff, target_id, TAKEN_DOWN, reason)}

    async def restore(self, staff: Principal, target_id: UUID, undo: Mapping[str, Any]) -> None:
        await self._stands.moderate(staff, target_id, str(undo.get("moderation", "")), "")
