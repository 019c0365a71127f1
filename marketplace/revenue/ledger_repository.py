"""The ledger in the database: sale entries, refund reversals, payout reservations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from piccolo.query.functions.aggregate import Count, Sum

from infra.db.values import as_utc, as_uuid
from infra.ids import new_id
from marketplace.revenue.domain.allocation import EntryKind, OrderAllocation
from marketplace.revenue.tables import LedgerEntryRow, LineSidesRow, SaleRow

# Fixed namespace: a line's side terms have one id, so recording them twice inserts once.
LINE_SIDES = UUID("0b7c5d2e-4f61-4a8e-9d3b-51c2e8f7a904")


@dataclass(frozen=True)
class LedgerEntry:
    id: UUID
    order_id: str
    line_id: str
    kind: EntryKind
    amount_cents: int
    work_id: UUID | None
    holder_id: UUID | None
    sheet_version: int | None
    refund_id: str | None
    reverses_id: UUID | None
    occurred_at: datetime
    payout_id: UUID | None
    transfer_id: str | None
    side: str | None = None


@dataclass(frozen=True)
class WorkTotals:
    work_id: UUID
    sales: int
    gross_cents: int
    holders_cents: int
    paid_out_cents: int


class PiccoloLedgerRepository:
    async def add_sale(
        self,
        order_id: str,
        paid_at: datetime,
        allocation: OrderAllocation,
        owners: Mapping[UUID, UUID],
    ) -> None:
        entries = [
            LedgerEntryRow(
                id=new_id(),
                order_id=order_id,
                line_id=entry.line_id,
                kind=entry.kind.value,
                amount_cents=entry.amount_cents,
                work_id=entry.work_id,
                holder_id=entry.holder_id,
                sheet_version=entry.sheet_version,
                occurred_at=paid_at,
                side=entry.side.value if entry.side else None,
            )
            for entry in allocation.entries
        ]
        sales = [
            SaleRow(
                id=new_id(),
                order_id=order_id,
                line_id=sale.line_id,
                work_id=sale.work_id,
                owner_id=owners[sale.work_id],
                gross_cents=sale.gross_cents,
                paid_at=paid_at,
            )
            for sale in allocation.work_sales
        ]
        if entries:
            await LedgerEntryRow.insert(*entries)
        if sales:
            await SaleRow.insert(*sales)

    async def record_line_sides(
        self, order_id: str, line_id: str, master_bp: int, now: datetime
    ) -> None:
        """Once per line (a sellable's `paid` may run twice): the first terms stay."""
        await LineSidesRow.insert(
            LineSidesRow(
                id=uuid5(LINE_SIDES, f"{order_id}/{line_id}"),
                order_id=order_id,
                line_id=line_id,
                master_bp=master_bp,
                recorded_at=now,
            )
        ).on_conflict(action="DO NOTHING")

    async def line_sides(self, order_id: str) -> dict[str, int]:
        rows = await LineSidesRow.select(LineSidesRow.line_id, LineSidesRow.master_bp).where(
            LineSidesRow.order_id == order_id
        )
        return {row["line_id"]: int(row["master_bp"]) for row in rows}

    async def sale_entries(self, order_id: str) -> list[LedgerEntry]:
        rows = (
            await LedgerEntryRow.select()
            .where((LedgerEntryRow.order_id == order_id) & LedgerEntryRow.refund_id.is_null())
            .order_by(LedgerEntryRow.id)
        )
        return [_entry(row) for row in rows]

    async def reversed_cents(self, order_id: str) -> dict[UUID, int]:
        """How much refunds already took from each sale entry (positive cents)."""
        rows = await LedgerEntryRow.select(
            LedgerEntryRow.reverses_id, LedgerEntryRow.amount_cents
        ).where((LedgerEntryRow.order_id == order_id) & LedgerEntryRow.refund_id.is_not_null())
        taken: dict[UUID, int] = {}
        for row in rows:
            original = as_uuid(row["reverses_id"])
            taken[original] = taken.get(original, 0) - int(row["amount_cents"])
        return taken

    async def refund_recorded(self, order_id: str, refund_id: str) -> bool:
        return await LedgerEntryRow.exists().where(
            (LedgerEntryRow.order_id == order_id) & (LedgerEntryRow.refund_id == refund_id)
        )

    async def add_reversals(
        self,
        refund_id: str,
        occurred_at: datetime,
        originals: Sequence[LedgerEntry],
        parts: Sequence[int],
    ) -> None:
        rows = [
            LedgerEntryRow(
                id=new_id(),
                order_id=original.order_id,
                line_id=original.line_id,
                kind=original.kind.value,
                amount_cents=-part,
                work_id=original.work_id,
                holder_id=original.holder_id,
                sheet_version=original.sheet_version,
                side=original.side,
                refund_id=refund_id,
                reverses_id=original.id,
                occurred_at=occurred_at,
            )
            for original, part in zip(originals, parts, strict=True)
            if part
        ]
        if rows:
            await LedgerEntryRow.insert(*rows)

    # Payouts ------------------------------------------------------------------------------

    async def unpaid_balances(self) -> dict[UUID, int]:
        """Each holder's entries not yet reserved by a payout, netted (refunds included)."""
        rows = (
            await LedgerEntryRow.select(
                LedgerEntryRow.holder_id, Sum(LedgerEntryRow.amount_cents, alias="total")
            )
            .where(LedgerEntryRow.holder_id.is_not_null() & LedgerEntryRow.payout_id.is_null())
            .group_by(LedgerEntryRow.holder_id)
        )
        return {as_uuid(row["holder_id"]): int(row["total"] or 0) for row in rows}

    async def reserve(self, holder_id: UUID, payout_id: UUID) -> int:
        """Mark every unreserved entry of the holder with the payout; return their sum.

        One UPDATE with RETURNING: a concurrent reservation blocks on the same rows and then
        finds them taken, so each entry is reserved by exactly one payout.
        """
        rows = (
            await LedgerEntryRow.update(
                {LedgerEntryRow.payout_id: payout_id}, use_auto_update=False
            )
            .where((LedgerEntryRow.holder_id == holder_id) & LedgerEntryRow.payout_id.is_null())
            .returning(LedgerEntryRow.amount_cents)
        )
        return sum(int(row["amount_cents"]) for row in rows)

    async def release(self, payout_id: UUID) -> None:
        await LedgerEntryRow.update({LedgerEntryRow.payout_id: None}, use_auto_update=False).where(
            LedgerEntryRow.payout_id == payout_id
        )

    async def mark_paid(self, payout_id: UUID, transfer_id: str) -> None:
        await LedgerEntryRow.update(
            {LedgerEntryRow.transfer_id: transfer_id}, use_auto_update=False
        ).where(LedgerEntryRow.payout_id == payout_id)

    # Reading ------------------------------------------------------------------------------

    async def holder_entries(self, holder_id: UUID) -> list[LedgerEntry]:
        rows = (
            await LedgerEntryRow.select()
            .where(LedgerEntryRow.holder_id == holder_id)
            .order_by(LedgerEntryRow.occurred_at)
            .order_by(LedgerEntryRow.id)
        )
        return [_entry(row) for row in rows]

    async def work_sales(self, work_ids: Sequence[UUID]) -> list[tuple[UUID, datetime, int]]:
        """Each sale of these works: (work, paid at, gross cents), oldest first."""
        if not work_ids:
            return []
        rows = (
            await SaleRow.select(SaleRow.work_id, SaleRow.paid_at, SaleRow.gross_cents)
            .where(SaleRow.work_id.is_in(list(work_ids)))
            .order_by(SaleRow.paid_at)
        )
        return [
            (as_uuid(row["work_id"]), as_utc(row["paid_at"]), int(row["gross_cents"]))
            for row in rows
        ]

    async def owner_totals(self, owner_id: UUID) -> list[WorkTotals]:
        """Per work of the owner: sales and gross, holders' shares, what was paid out."""
        sales = (
            await SaleRow.select(
                SaleRow.work_id,
                Count(SaleRow.id, alias="sales"),
                Sum(SaleRow.gross_cents, alias="gross"),
            )
            .where(SaleRow.owner_id == owner_id)
            .group_by(SaleRow.work_id)
        )
        by_work = {as_uuid(row["work_id"]): row for row in sales}
        if not by_work:
            return []
        shares = await _holder_share_sums(list(by_work))
        return [
            WorkTotals(
                work_id=work_id,
                sales=int(row["sales"]),
                gross_cents=int(row["gross"] or 0),
                holders_cents=shares.get(work_id, (0, 0))[0],
                paid_out_cents=shares.get(work_id, (0, 0))[1],
            )
            for work_id, row in by_work.items()
        ]


async def _holder_share_sums(work_ids: list[UUID]) -> dict[UUID, tuple[int, int]]:
    """(all holder entries, the paid ones) per work."""
    rows = await LedgerEntryRow.select(
        LedgerEntryRow.work_id, LedgerEntryRow.amount_cents, LedgerEntryRow.transfer_id
    ).where(
        LedgerEntryRow.work_id.is_in(work_ids)
        & (LedgerEntryRow.kind == EntryKind.HOLDER_SHARE.value)
    )
    sums: dict[UUID, tuple[int, int]] = {}
    for row in rows:
        work_id = as_uuid(row["work_id"])
        total, paid = sums.get(work_id, (0, 0))
        cents = int(row["amount_cents"])
        sums[work_id] = (total + cents, paid + (cents if row["transfer_id"] else 0))
    return sums


def _entry(row: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(
        id=as_uuid(row["id"]),
        order_id=row["order_id"],
        line_id=row["line_id"],
        kind=EntryKind(row["kind"]),
        amount_cents=int(row["amount_cents"]),
        work_id=as_uuid(row["work_id"]) if row["work_id"] else None,
        holder_id=as_uuid(row["holder_id"]) if row["holder_id"] else None,
        sheet_version=row["sheet_version"],
        refund_id=row["refund_id"],
        reverses_id=as_uuid(row["reverses_id"]) if row["reverses_id"] else None,
        occurred_at=as_utc(row["occurred_at"]),
        payout_id=as_uuid(row["payout_id"]) if row["payout_id"] else None,
        transfer_id=row["transfer_id"],
        side=row.get("side"),
    )
