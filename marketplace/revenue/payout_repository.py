"""Payout runs and payouts in the database."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from marketplace.revenue.domain.payouts import Payout, PayoutRun, PayoutStatus, RunStatus
from marketplace.revenue.tables import PayoutRow, PayoutRunRow


class PiccoloPayoutRepository:
    async def add_run(self, run: PayoutRun) -> None:
        await PayoutRunRow.insert(PayoutRunRow(**_run_fields(run)))

    async def save_run(self, run: PayoutRun) -> None:
        fields: dict[Any, Any] = _run_fields(run)
        fields.pop("id")
        await PayoutRunRow.update(fields, use_auto_update=False).where(PayoutRunRow.id == run.id)

    async def get_run(self, run_id: UUID) -> PayoutRun | None:
        row = await PayoutRunRow.select().where(PayoutRunRow.id == run_id).first()
        return _run(row) if row else None

    async def run_of_period(self, period: str) -> PayoutRun | None:
        row = await PayoutRunRow.select().where(PayoutRunRow.period == period).first()
        return _run(row) if row else None

    async def list_runs(self, limit: int = 50) -> list[PayoutRun]:
        rows = await PayoutRunRow.select().order_by(PayoutRunRow.id, ascending=False).limit(limit)
        return [_run(row) for row in rows]

    async def add_payout(self, payout: Payout) -> None:
        await PayoutRow.insert(PayoutRow(**_payout_fields(payout)))

    async def save_payout(self, payout: Payout) -> None:
        fields: dict[Any, Any] = _payout_fields(payout)
        fields.pop("id")
        await PayoutRow.update(fields, use_auto_update=False).where(PayoutRow.id == payout.id)

    async def get_payout(self, payout_id: UUID, *, for_update: bool = False) -> Payout | None:
        select = PayoutRow.select().where(PayoutRow.id == payout_id)
        # Two executions of one run (the worker and an operator) must not both mark it sent.
        if for_update and PayoutRow._meta.db.engine_type == "postgres":
            select = select.lock_rows("UPDATE")
        row = await select.first()
        return payout_of_row(row) if row else None

    async def payouts_of(self, run_id: UUID) -> list[Payout]:
        rows = await PayoutRow.select().where(PayoutRow.run_id == run_id).order_by(PayoutRow.id)
        return [payout_of_row(row) for row in rows]

    async def payouts_of_runs(self, run_ids: list[UUID]) -> dict[UUID, list[Payout]]:
        if not run_ids:
            return {}
        rows = await PayoutRow.select().where(PayoutRow.run_id.is_in(run_ids))
        by_run: dict[UUID, list[Payout]] = {}
        for payout in map(payout_of_row, rows):
            by_run.setdefault(payout.run_id, []).append(payout)
        return by_run

    async def pending(self) -> list[Payout]:
        rows = (
            await PayoutRow.select()
            .where(PayoutRow.status == PayoutStatus.PENDING.value)
            .order_by(PayoutRow.id)
        )
        return [payout_of_row(row) for row in rows]

    async def payout_of(self, run_id: UUID, holder_id: UUID) -> Payout | None:
        row = (
            await PayoutRow.select()
            .where((PayoutRow.run_id == run_id) & (PayoutRow.holder_id == holder_id))
            .first()
        )
        return payout_of_row(row) if row else None


def _run_fields(run: PayoutRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "requested_by": run.requested_by,
        "requested_at": run.requested_at,
        "min_payout_cents": run.min_payout_cents,
        "status": run.status.value,
        "completed_at": run.completed_at,
        "period": run.period,
    }


def _run(row: dict[str, Any]) -> PayoutRun:
    return PayoutRun(
        id=as_uuid(row["id"]),
        requested_by=as_uuid(row["requested_by"]) if row["requested_by"] else None,
        requested_at=as_utc(row["requested_at"]),
        min_payout_cents=int(row["min_payout_cents"]),
        status=RunStatus(row["status"]),
        completed_at=as_utc(row["completed_at"]) if row["completed_at"] else None,
        period=row.get("period"),
    )


def _payout_fields(payout: Payout) -> dict[str, Any]:
    return {
        "id": payout.id,
        "run_id": payout.run_id,
        "holder_id": payout.holder_id,
        "destination_account": payout.destination_account,
        "amount_cents": payout.amount_cents,
        "currency": payout.currency,
        "status": payout.status.value,
        "transfer_id": payout.transfer_id,
        "failure": payout.failure,
        "created_at": payout.created_at,
        "sent_at": payout.sent_at,
    }


def payout_of_row(row: dict[str, Any]) -> Payout:
    return Payout(
        id=as_uuid(row["id"]),
        run_id=as_uuid(row["run_id"]),
        holder_id=as_uuid(row["holder_id"]),
        destination_account=row["destination_account"],
        amount_cents=int(row["amount_cents"]),
        created_at=as_utc(row["created_at"]),
        currency=row["currency"],
        status=PayoutStatus(row["status"]),
        transfer_id=row["transfer_id"],
        failure=row["failure"],
        sent_at=as_utc(row["sent_at"]) if row["sent_at"] else None,
    )
