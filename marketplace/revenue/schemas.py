"""Revenue's JSON shapes. Rules (roles, shares, accounts) are checked by the domain, so a
client gets one stable 422 code per mistake rather than a generic validation message."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.revenue.domain.payouts import MIN_PAYOUT_CENTS, Payout, PayoutRun
from marketplace.revenue.domain.splits import HolderInput, RightsHolder, SplitSheet
from marketplace.revenue.statement_service import WorkSummary

Loose = Annotated[str, msgspec.Meta(max_length=1000)]
Cents = Annotated[int, msgspec.Meta(ge=-(2**53), le=2**53)]


class HolderIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Loose
    role: Loose
    share_bp: Cents
    holder_id: UUID | None = None
    user_id: UUID | None = None
    payout_account: Loose | None = None
    # A music work's master (recording) or publishing (composition) side; none: by the role.
    side: Loose | None = None

    def to_input(self) -> HolderInput:
        return HolderInput(
            name=self.name,
            role=self.role,
            share_bp=self.share_bp,
            holder_id=self.holder_id,
            user_id=self.user_id,
            payout_account=self.payout_account,
            side=self.side,
        )


class SplitSheetIn(msgspec.Struct, forbid_unknown_fields=True):
    holders: Annotated[list[HolderIn], msgspec.Meta(max_length=500)]


class HolderOut(msgspec.Struct):
    holder_id: UUID
    name: str
    role: str
    share_bp: int
    user_id: UUID | None
    payout_account: str | None
    side: str | None  # as declared, or the role's (master, publishing), or none: both

    @classmethod
    def of(cls, holder: RightsHolder) -> HolderOut:
        return cls(
            holder.holder_id,
            holder.name,
            holder.role.value,
            holder.share_bp,
            holder.user_id,
            holder.payout_account,
            side.value if (side := holder.sided().side) else None,
        )


class SplitSheetOut(msgspec.Struct):
    work_id: UUID
    version: int  # 0: no sheet saved yet, everything goes to the work's owner
    is_default: bool
    created_at: datetime
    holders: list[HolderOut]

    @classmethod
    def of(cls, sheet: SplitSheet) -> SplitSheetOut:
        return cls(
            sheet.work_id,
            sheet.version,
            sheet.is_default,
            sheet.created_at,
            [HolderOut.of(holder) for holder in sheet.holders],
        )


class PayoutRunIn(msgspec.Struct, forbid_unknown_fields=True):
    min_payout_cents: Annotated[int, msgspec.Meta(ge=MIN_PAYOUT_CENTS, le=10**9)] = MIN_PAYOUT_CENTS


class PayoutOut(msgspec.Struct):
    id: UUID
    holder_id: UUID
    destination_account: str
    amount_cents: int
    currency: str
    status: str
    transfer_id: str | None
    failure: str | None

    @classmethod
    def of(cls, payout: Payout) -> PayoutOut:
        return cls(
            payout.id,
            payout.holder_id,
            payout.destination_account,
            payout.amount_cents,
            payout.currency,
            payout.status.value,
            payout.transfer_id,
            payout.failure,
        )


class PayoutRunOut(msgspec.Struct):
    id: UUID
    status: str
    requested_at: datetime
    completed_at: datetime | None
    min_payout_cents: int
    payouts: list[PayoutOut]

    @classmethod
    def of(cls, run: PayoutRun, payouts: list[Payout] | None = None) -> PayoutRunOut:
        return cls(
            run.id,
            run.status.value,
            run.requested_at,
            run.completed_at,
            run.min_payout_cents,
            [PayoutOut.of(payout) for payout in payouts or []],
        )


class WorkSummaryOut(msgspec.Struct):
    work_id: UUID
    title: str
    sales: int
    gross_cents: int
    holders_cents: int
    paid_out_cents: int
    balance_cents: int


class SummaryOut(msgspec.Struct):
    works: list[WorkSummaryOut]
    sales: int
    gross_cents: int
    holders_cents: int
    paid_out_cents: int
    balance_cents: int

    @classmethod
    def of(cls, works: list[WorkSummary]) -> SummaryOut:
        items = [_as_struct(w) for w in works]
        return cls(
            works=items,
            sales=sum(w.sales for w in works),
            gross_cents=sum(w.gross_cents for w in works),
            holders_cents=sum(w.holders_cents for w in works),
            paid_out_cents=sum(w.paid_out_cents for w in works),
            balance_cents=sum(w.balance_cents for w in works),
        )


def _as_struct(summary: WorkSummary) -> WorkSummaryOut:
    return WorkSummaryOut(
        summary.work_id,
        summary.title,
        summary.sales,
        summary.gross_cents,
        summary.holders_cents,
        summary.paid_out_cents,
        summary.balance_cents,
    )
