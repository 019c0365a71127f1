"""Reading and writing markets' current visuals (piccolo, both engines)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id
from marketplace.markets.visuals.domain import Visual, VisualRole
from marketplace.markets.visuals.tables import MarketVisualRow


class VisualRepository:
    async def put(self, visual: Visual) -> None:
        """The market's visual for that role, replacing the one before (if any)."""
        values: dict[str, Any] = {
            "sha256": visual.sha256,
            "width": visual.width,
            "height": visual.height,
            "widths": list(visual.widths),
            "uploaded_by": visual.uploaded_by,
            "uploaded_at": visual.uploaded_at,
        }
        await MarketVisualRow.insert(
            MarketVisualRow(
                id=new_id(), market_id=visual.market_id, role=visual.role.value, **values
            )
        ).on_conflict(
            target=(MarketVisualRow.market_id, MarketVisualRow.role),
            action="DO UPDATE",
            values=[getattr(MarketVisualRow, name) for name in values],
        )

    async def of_markets(self, market_ids: Iterable[UUID]) -> dict[UUID, dict[VisualRole, Visual]]:
        wanted = list(set(market_ids))
        found: dict[UUID, dict[VisualRole, Visual]] = {}
        if not wanted:
            return found
        rows = await MarketVisualRow.select().where(MarketVisualRow.market_id.is_in(wanted))
        for visual in map(_visual, rows):
            found.setdefault(visual.market_id, {})[visual.role] = visual
        return found


def _visual(row: dict[str, Any]) -> Visual:
    return Visual(
        market_id=as_uuid(row["market_id"]),
        role=VisualRole(row["role"]),
        sha256=row["sha256"],
        width=int(row["width"]),
        height=int(row["height"]),
        widths=tuple(int(width) for width in as_json(row["widths"])),
        uploaded_by=as_uuid(row["uploaded_by"]),
        uploaded_at=as_utc(row["uploaded_at"]),
    )
