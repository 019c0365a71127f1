"""Rows of marked renditions and marked copies, as plain records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

from piccolo.columns import Column

from infra.db.values import as_uuid
from infra.events.model import EventRecorder
from infra.ids import new_id
from media.watermark.events import MARKED_RENDITIONS_REQUESTED, MarkedRenditionsEvent
from media.watermark.tables import MarkedCopyRow, MarkedRenditionRow


@dataclass
class MarkedRenditions(EventRecorder):
    asset_id: UUID
    kind: str
    state: str
    prefix: str | None = None
    layout: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
    error: str | None = None

    def request(self) -> None:
        self.state, self.error = "preparing", None
        self.record(
            MARKED_RENDITIONS_REQUESTED.event(
                self.asset_id, MarkedRenditionsEvent(asset_id=self.asset_id)
            )
        )


def _now() -> datetime:
    return datetime.now(UTC)


class MarkedRepository:
    async def renditions(self, asset_id: UUID) -> MarkedRenditions | None:
        row = (
            await MarkedRenditionRow.select().where(MarkedRenditionRow.asset_id == asset_id).first()
        )
        if row is None:
            return None
        layout = row["layout"]
        if isinstance(layout, str):  # piccolo hands JSON columns back as text
            layout = json.loads(layout)
        return MarkedRenditions(
            asset_id=as_uuid(row["asset_id"]),
            kind=row["kind"],
            state=row["state"],
            prefix=row["prefix"],
            layout=layout if isinstance(layout, dict) else {},
            attempts=row["attempts"],
            error=row["error"],
        )

    async def ready(self, kind: str) -> list[MarkedRenditions]:
        rows = await MarkedRenditionRow.select(MarkedRenditionRow.asset_id).where(
            (MarkedRenditionRow.state == "ready") & (MarkedRenditionRow.kind == kind)
        )
        found = [await self.renditions(as_uuid(row["asset_id"])) for row in rows]
        return [item for item in found if item is not None]

    async def save(self, item: MarkedRenditions, *, new: bool = False) -> None:
        values: dict[str, Any] = {
            "kind": item.kind,
            "state": item.state,
            "prefix": item.prefix,
            "layout": item.layout,
            "attempts": item.attempts,
            "error": item.error,
            "updated_at": _now(),
        }
        if new:
            await MarkedRenditionRow.insert(MarkedRenditionRow(asset_id=item.asset_id, **values))
        else:
            changes = cast(dict[Column | str, Any], values)
            await MarkedRenditionRow.update(changes).where(
                MarkedRenditionRow.asset_id == item.asset_id
            )

    async def codeword(self, asset_id: UUID, holder_ref: str) -> str | None:
        row = (
            await MarkedCopyRow.select(MarkedCopyRow.codeword)
            .where((MarkedCopyRow.asset_id == asset_id) & (MarkedCopyRow.holder_ref == holder_ref))
            .first()
        )
        return None if row is None else str(row["codeword"])

    async def add_copy(self, asset_id: UUID, holder_ref: str, codeword: str) -> None:
        await MarkedCopyRow.insert(
            MarkedCopyRow(
                id=new_id(),
                asset_id=asset_id,
                holder_ref=holder_ref,
                codeword=codeword,
                created_at=_now(),
            )
        )

    async def copies(self, asset_id: UUID) -> dict[str, str]:
        """holder_ref -> codeword, for every copy of the asset issued so far."""
        rows = await MarkedCopyRow.select(MarkedCopyRow.holder_ref, MarkedCopyRow.codeword).where(
            MarkedCopyRow.asset_id == asset_id
        )
        return {row["holder_ref"]: row["codeword"] for row in rows}

    async def holder_of(self, codeword: str) -> tuple[UUID, str] | None:
        row = (
            await MarkedCopyRow.select(MarkedCopyRow.asset_id, MarkedCopyRow.holder_ref)
            .where(MarkedCopyRow.codeword == codeword)
            .first()
        )
        return None if row is None else (as_uuid(row["asset_id"]), row["holder_ref"])
