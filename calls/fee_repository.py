"""Reading and writing how submissions' entry fees were settled (piccolo, both engines)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from calls.fees import FeeRecord, FeeState
from calls.tables import FeeRow
from infra.db.values import as_utc, as_uuid
from infra.ids import new_id


class FeeRepository:
    async def add(self, record: FeeRecord) -> bool:
        """True when stored; False when the submission's fee was already settled (a retried
        settlement or a waiver racing a payment: the unique index keeps the first)."""
        rows = (
            await FeeRow.insert(
                FeeRow(
                    id=new_id(),
                    submission=record.submission_id,
                    call_id=record.call_id,
                    state=record.state.value,
                    amount_cents=record.amount_cents,
                    order_id=record.order_id,
                    by=record.by,
                    note=record.note,
                    settled_at=record.settled_at,
                    updated_at=record.settled_at,
                )
            )
            .on_conflict(target=FeeRow.submission, action="DO NOTHING")
            .returning(FeeRow.id)
        )
        return bool(rows)

    async def refund(self, submission_id: UUID, order_id: UUID, now: datetime) -> bool:
        """Mark the fee paid by `order_id` refunded: True the first time only."""
        rows = (
            await FeeRow.update({FeeRow.state: FeeState.REFUNDED.value, FeeRow.updated_at: now})
            .where(
                (FeeRow.submission == submission_id)
                & (FeeRow.order_id == order_id)
                & (FeeRow.state == FeeState.PAID.value)
            )
            .returning(FeeRow.id)
        )
        return bool(rows)

    async def of(self, submission_id: UUID) -> FeeRecord | None:
        row = await FeeRow.select().where(FeeRow.submission == submission_id).first()
        return _record(row) if row else None

    async def of_many(self, submission_ids: Collection[UUID]) -> dict[UUID, FeeRecord]:
        if not submission_ids:
            return {}
        rows = await FeeRow.select().where(FeeRow.submission.is_in(list(submission_ids)))
        return {record.submission_id: record for record in map(_record, rows)}


def _record(row: dict[str, Any]) -> FeeRecord:
    return FeeRecord(
        submission_id=as_uuid(row["submission"]),
        call_id=as_uuid(row["call_id"]),
        state=FeeState(row["state"]),
        amount_cents=int(row["amount_cents"]),
        order_id=as_uuid(row["order_id"]) if row["order_id"] else None,
        by=as_uuid(row["by"]),
        note=row["note"],
        settled_at=as_utc(row["settled_at"]),
    )
