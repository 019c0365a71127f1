"""Reads and writes batches of stand codes and their codes' hashes (piccolo)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from infra.ids import new_id
from marketplace.markets.codes.domain import Batch, BatchState
from marketplace.markets.codes.tables import CodeBatchRow, StandCodeRow

MAX_LISTED = 200


@dataclass(frozen=True)
class StoredCode:
    id: UUID
    batch_id: UUID
    redeemed: bool


class CodeRepository:
    async def add(self, batch: Batch, digests: Sequence[str]) -> None:
        """The batch and its codes' hashes, in their order on the sheet (1, 2, ...)."""
        await CodeBatchRow.insert(CodeBatchRow(**_values(batch))).run()
        await StandCodeRow.insert(
            *(
                StandCodeRow(id=new_id(), batch_id=batch.id, position=place, digest=digest)
                for place, digest in enumerate(digests, start=1)
            )
        ).run()

    async def get(self, batch_id: UUID) -> Batch | None:
        row = await CodeBatchRow.select().where(CodeBatchRow.id == batch_id).first()
        return await self._batch(row) if row else None

    async def of_stand(self, stand_id: UUID) -> list[Batch]:
        rows = (
            await CodeBatchRow.select()
            .where(CodeBatchRow.stand_id == stand_id)
            .order_by(CodeBatchRow.created_at, ascending=False)
            .limit(MAX_LISTED)
        )
        return [await self._batch(row) for row in rows]

    async def close(self, batch_id: UUID, state: BatchState, now: datetime) -> bool:
        """A printed batch sold or voided; False when another request already closed it (the
        row decides: `… WHERE state = 'printed'`, so two clicks sell it once)."""
        moment = CodeBatchRow.sold_at if state is BatchState.SOLD else CodeBatchRow.voided_at
        changed = (
            await CodeBatchRow.update({CodeBatchRow.state: state.value, moment: now})
            .where((CodeBatchRow.id == batch_id) & (CodeBatchRow.state == BatchState.PRINTED.value))
            .returning(CodeBatchRow.id)
        )
        return bool(changed)

    async def set_order(self, batch_id: UUID, order_id: UUID) -> None:
        await CodeBatchRow.update({CodeBatchRow.order_id: order_id}).where(
            CodeBatchRow.id == batch_id
        )

    async def code(self, digest: str) -> StoredCode | None:
        row = (
            await StandCodeRow.select(
                StandCodeRow.id, StandCodeRow.batch_id, StandCodeRow.redeemed_at
            )
            .where(StandCodeRow.digest == digest)
            .first()
        )
        if row is None:
            return None
        return StoredCode(
            as_uuid(row["id"]), as_uuid(row["batch_id"]), row["redeemed_at"] is not None
        )

    async def redeem(self, code_id: UUID, user_id: UUID, now: datetime) -> bool:
        """Mark the code redeemed; False when someone else did first. One conditional UPDATE:
        of two redemptions at the same instant, the database lets exactly one through."""
        changed = (
            await StandCodeRow.update(
                {StandCodeRow.redeemed_by: user_id, StandCodeRow.redeemed_at: now}
            )
            .where((StandCodeRow.id == code_id) & StandCodeRow.redeemed_at.is_null())
            .returning(StandCodeRow.id)
        )
        return bool(changed)

    async def _batch(self, row: dict[str, Any]) -> Batch:
        redeemed = await StandCodeRow.count().where(
            (StandCodeRow.batch_id == row["id"]) & StandCodeRow.redeemed_at.is_not_null()
        )
        return Batch(
            id=as_uuid(row["id"]),
            market_id=as_uuid(row["market_id"]),
            stand_id=as_uuid(row["stand_id"]),
            work_id=as_uuid(row["work_id"]),
            created_by=as_uuid(row["created_by"]),
            size=int(row["size"]),
            price_cents=int(row["price_cents"]),
            state=BatchState(row["state"]),
            created_at=as_utc(row["created_at"]),
            order_id=as_uuid(row["order_id"]) if row["order_id"] else None,
            sold_at=as_utc(row["sold_at"]) if row["sold_at"] else None,
            voided_at=as_utc(row["voided_at"]) if row["voided_at"] else None,
            redeemed=int(redeemed),
        )


def _values(batch: Batch) -> dict[str, Any]:
    return {
        "id": batch.id,
        "market_id": batch.market_id,
        "stand_id": batch.stand_id,
        "work_id": batch.work_id,
        "created_by": batch.created_by,
        "size": batch.size,
        "price_cents": batch.price_cents,
        "state": batch.state.value,
        "order_id": batch.order_id,
        "created_at": batch.created_at,
        "sold_at": batch.sold_at,
        "voided_at": batch.voided_at,
    }
