"""Split sheets and rights holders in the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from infra.errors import Conflict
from marketplace.revenue.db_errors import is_unique_violation
from marketplace.revenue.domain.sides import Side
from marketplace.revenue.domain.splits import HolderRole, RightsHolder, SplitSheet
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.tables import RightsHolderRow, SplitSheetRow


@dataclass(frozen=True)
class HolderRecord:
    id: UUID
    owner_id: UUID
    name: str
    user_id: UUID | None
    payout_account: str | None


class SplitRepository(Protocol):
    async def sheet_at(
        self, work_id: UUID, moment: datetime | None = None
    ) -> SplitSheet | None: ...
    async def add_sheet(self, sheet: SplitSheet) -> None: ...
    async def get_holder(self, holder_id: UUID) -> HolderRecord | None: ...
    async def holders(self, holder_ids: Iterable[UUID]) -> dict[UUID, HolderRecord]: ...
    async def save_holder(self, owner_id: UUID, holder: RightsHolder, now: datetime) -> None: ...
    async def ensure_holder(self, owner_id: UUID, holder: RightsHolder, now: datetime) -> None: ...


class PiccoloSplitRepository:
    async def sheet_at(self, work_id: UUID, moment: datetime | None = None) -> SplitSheet | None:
        """The newest version saved at or before `moment` (now when None)."""
        select = (
            SplitSheetRow.select()
            .where(SplitSheetRow.work_id == work_id)
            .order_by(SplitSheetRow.version, ascending=False)
            .limit(1)
        )
        if moment is not None:
            select = select.where(SplitSheetRow.created_at <= moment)
        row = await select.first()
        return _sheet(row) if row else None

    async def add_sheet(self, sheet: SplitSheet) -> None:
        try:
            await self._insert_sheet(sheet)
        except Exception as error:
            if is_unique_violation(error):  # someone saved the same version first
                raise Conflict(RevenueError.SPLIT_SHEET_CHANGED) from error
            raise

    async def _insert_sheet(self, sheet: SplitSheet) -> None:
        await SplitSheetRow.insert(
            SplitSheetRow(
                id=sheet.id,
                work_id=sheet.work_id,
                version=sheet.version,
                holders=[_holder_json(holder) for holder in sheet.holders],
                created_at=sheet.created_at,
                created_by=sheet.created_by,
            )
        )

    async def get_holder(self, holder_id: UUID) -> HolderRecord | None:
        return (await self.holders([holder_id])).get(holder_id)

    async def holders(self, holder_ids: Iterable[UUID]) -> dict[UUID, HolderRecord]:
        ids = list(set(holder_ids))
        if not ids:
            return {}
        rows = await RightsHolderRow.select().where(RightsHolderRow.id.is_in(ids))
        return {record.id: record for record in map(holder_record, rows)}

    async def save_holder(self, owner_id: UUID, holder: RightsHolder, now: datetime) -> None:
        """Insert or update: the latest sheet naming a holder sets its name and account."""
        fields: dict[Any, Any] = {
            RightsHolderRow.name: holder.name,
            RightsHolderRow.user_id: holder.user_id,
            RightsHolderRow.payout_account: holder.payout_account,
            RightsHolderRow.updated_at: now,
        }
        updated = (
            await RightsHolderRow.update(fields, use_auto_update=False)
            .where(RightsHolderRow.id == holder.holder_id)
            .returning(RightsHolderRow.id)
        )
        if not updated:
            await self.ensure_holder(owner_id, holder, now)

    async def ensure_holder(self, owner_id: UUID, holder: RightsHolder, now: datetime) -> None:
        """Insert unless it exists (the owner's default holder, first met in a sale)."""
        await RightsHolderRow.insert(
            RightsHolderRow(
                id=holder.holder_id,
                owner_id=owner_id,
                name=holder.name,
                user_id=holder.user_id,
                payout_account=holder.payout_account,
                updated_at=now,
            )
        ).on_conflict(action="DO NOTHING")


def _holder_json(holder: RightsHolder) -> dict[str, Any]:
    return {
        "holder_id": str(holder.holder_id),
        "name": holder.name,
        "role": holder.role.value,
        "share_bp": holder.share_bp,
        "user_id": str(holder.user_id) if holder.user_id else None,
        "payout_account": holder.payout_account,
        "side": holder.side.value if holder.side else None,
    }


def _sheet(row: dict[str, Any]) -> SplitSheet:
    holders = tuple(
        RightsHolder(
            holder_id=UUID(line["holder_id"]),
            name=line["name"],
            role=HolderRole(line["role"]),
            share_bp=int(line["share_bp"]),
            user_id=UUID(line["user_id"]) if line.get("user_id") else None,
            payout_account=line.get("payout_account"),
            side=Side(line["side"]) if line.get("side") else None,
        )
        for line in as_json(row["holders"])
    )
    return SplitSheet(
        id=as_uuid(row["id"]),
        work_id=as_uuid(row["work_id"]),
        version=int(row["version"]),
        holders=holders,
        created_at=as_utc(row["created_at"]),
        created_by=as_uuid(row["created_by"]) if row["created_by"] else None,
    )


def holder_record(row: dict[str, Any]) -> HolderRecord:
    return HolderRecord(
        id=as_uuid(row["id"]),
        owner_id=as_uuid(row["owner_id"]),
        name=row["name"],
        user_id=as_uuid(row["user_id"]) if row["user_id"] else None,
        payout_account=row["payout_account"],
    )
