"""The revenue module's part of a person's data: the rights holders that are them or that they
manage, the split sheets they wrote or are paid by, their ledger entries and payouts.

Ledger entries, sales and payouts are accounting records kept ten years (Code de commerce
L123-22): erasing keeps them and detaches the person. A holder linked to them loses the link and
its payout account; its name stays on the split sheets of works other people own (their
contract). Holders, sheets and sales they manage take the deletion's tombstone as owner. A
payout on its way to them blocks the deletion until it settles. Their Connect account's link is
removed (the account itself is Stripe's and theirs: they close it there).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.revenue.domain.payouts import PayoutStatus
from marketplace.revenue.tables import (
    ConnectAccountRow,
    LedgerEntryRow,
    PayoutRow,
    RightsHolderRow,
    SaleRow,
    SplitSheetRow,
)


async def _holder_ids(user_id: UUID) -> list[UUID]:
    rows = await RightsHolderRow.select(RightsHolderRow.id).where(
        RightsHolderRow.user_id == user_id
    )
    return [row["id"] for row in rows]


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    holders = await RightsHolderRow.select().where(
        (RightsHolderRow.user_id == user_id) | (RightsHolderRow.owner_id == user_id)
    )
    own = await _holder_ids(user_id)
    entries = (
        await LedgerEntryRow.select(
            LedgerEntryRow.holder_id,
            LedgerEntryRow.order_id,
            LedgerEntryRow.work_id,
            LedgerEntryRow.kind,
            LedgerEntryRow.amount_cents,
            LedgerEntryRow.occurred_at,
            LedgerEntryRow.payout_id,
        ).where(LedgerEntryRow.holder_id.is_in(own))
        if own
        else []
    )
    paid_by = sorted({str(row["work_id"]) for row in entries if row["work_id"]})
    wrote = SplitSheetRow.created_by == user_id
    sheets = await SplitSheetRow.select().where(
        (wrote | SplitSheetRow.work_id.is_in(paid_by)) if paid_by else wrote
    )
    payouts = (
        await PayoutRow.select(
            PayoutRow.holder_id,
            PayoutRow.amount_cents,
            PayoutRow.currency,
            PayoutRow.status,
            PayoutRow.created_at,
            PayoutRow.sent_at,
        ).where(PayoutRow.holder_id.is_in(own))
        if own
        else []
    )
    connect = await ConnectAccountRow.select(
        ConnectAccountRow.account_id,
        ConnectAccountRow.country,
        ConnectAccountRow.details_submitted,
        ConnectAccountRow.payouts_enabled,
        ConnectAccountRow.created_at,
        ConnectAccountRow.updated_at,
    ).where(ConnectAccountRow.user_id == user_id)
    return section(
        {
            "connect_accounts": connect,
            "rights_holders": holders,
            "split_sheets": sheets,
            "statement_entries": entries,
            "payouts": payouts,
        }
    )


async def payout_in_progress(_: Services, user_id: UUID) -> bool:
    own = await _holder_ids(user_id)
    return bool(own) and await PayoutRow.exists().where(
        PayoutRow.holder_id.is_in(own) & (PayoutRow.status == PayoutStatus.PENDING.value)
    )


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    await RightsHolderRow.update(
        {RightsHolderRow.user_id: None, RightsHolderRow.payout_account: None}
    ).where(RightsHolderRow.user_id == user_id)
    await RightsHolderRow.update({RightsHolderRow.owner_id: tombstone}).where(
        RightsHolderRow.owner_id == user_id
    )
    await SplitSheetRow.update({SplitSheetRow.created_by: tombstone}).where(
        SplitSheetRow.created_by == user_id
    )
    await SaleRow.update({SaleRow.owner_id: tombstone}).where(SaleRow.owner_id == user_id)
    await ConnectAccountRow.delete().where(ConnectAccountRow.user_id == user_id)


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
    blocks_erasure=payout_in_progress,
)
