"""What rights holders and creators read: a holder's statement (CSV) and a creator's summary."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from accounts.domain import Principal
from infra.csv_cells import safe_cell
from infra.errors import NotFound
from marketplace.revenue.domain.allocation import EntryKind
from marketplace.revenue.domain.money import euros
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.ledger_repository import LedgerEntry, PiccoloLedgerRepository, WorkTotals
from marketplace.revenue.ports import WorkDirectory
from marketplace.revenue.split_repository import SplitRepository

STATEMENT_COLUMNS = (
    "date",
    "order",
    "work",
    "work_title",
    "line",
    "entry_kind",
    "amount_eur",
    "payout",
    # A music work's master (recording) or publishing (composition) side when the sale was
    # shared between sides (a sync licence by its tier's terms); empty otherwise.
    "side",
)


@dataclass(frozen=True)
class WorkSummary:
    work_id: UUID
    title: str
    sales: int
    gross_cents: int
    holders_cents: int  # what the work's holders earned, refunds deducted
    paid_out_cents: int
    balance_cents: int


class StatementService:
    def __init__(
        self, ledger: PiccoloLedgerRepository, splits: SplitRepository, works: WorkDirectory
    ) -> None:
        self._ledger = ledger
        self._splits = splits
        self._works = works

    async def statement_csv(self, who: Principal, holder_id: UUID) -> str:
        """Staff, the user linked to the holder, or the owner managing it; others get 404."""
        holder = await self._splits.get_holder(holder_id)
        allowed = holder is not None and (
            who.is_staff or who.user_id in (holder.user_id, holder.owner_id)
        )
        if not allowed:
            raise NotFound(RevenueError.HOLDER_NOT_FOUND)
        entries = await self._ledger.holder_entries(holder_id)
        titles = await self._works.titles(e.work_id for e in entries if e.work_id)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(STATEMENT_COLUMNS)
        for entry in entries:
            writer.writerow(_row(entry, titles))
        return out.getvalue()

    async def work_sales(self, work_ids: list[UUID]) -> list[tuple[UUID, datetime, int]]:
        """Each sale of these works (work, paid at, gross cents), for the studio's figures over
        time; the caller has checked that the works are the viewer's."""
        return await self._ledger.work_sales(work_ids)

    async def summary(self, who: Principal) -> list[WorkSummary]:
        totals = await self._ledger.owner_totals(who.user_id)
        titles = await self._works.titles(t.work_id for t in totals)
        return [_summary(t, titles.get(t.work_id, "")) for t in totals]


def _row(entry: LedgerEntry, titles: dict[UUID, str]) -> list[str]:
    kind = entry.kind.value  # holder_share, or cash_collected (the seller's cash sales)
    if entry.refund_id:
        kind = "refund" if entry.kind is EntryKind.HOLDER_SHARE else f"refund:{kind}"
    return [
        entry.occurred_at.isoformat(timespec="seconds"),
        safe_cell(entry.order_id),
        str(entry.work_id or ""),
        safe_cell(titles.get(entry.work_id, "") if entry.work_id else ""),
        safe_cell(entry.line_id),
        kind,
        euros(entry.amount_cents),  # written by Lakou from integer cents: stays a number
        safe_cell(entry.transfer_id or ""),
        entry.side or "",
    ]


def _summary(totals: WorkTotals, title: str) -> WorkSummary:
    return WorkSummary(
        work_id=totals.work_id,
        title=title,
        sales=totals.sales,
        gross_cents=totals.gross_cents,
        holders_cents=totals.holders_cents,
        paid_out_cents=totals.paid_out_cents,
        balance_cents=totals.holders_cents - totals.paid_out_cents,
    )
