"""Connected accounts, and the holders and payouts a person sees, in the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from piccolo.query.functions.aggregate import Sum

from infra.db.values import as_json, as_utc, as_uuid
from marketplace.revenue.domain.connect import ConnectAccount
from marketplace.revenue.domain.payouts import Payout
from marketplace.revenue.payout_repository import payout_of_row
from marketplace.revenue.split_repository import HolderRecord, holder_record
from marketplace.revenue.tables import (
    ConnectAccountRow,
    LedgerEntryRow,
    PayoutRow,
    RightsHolderRow,
    SplitSheetRow,
)


class PiccoloConnectRepository:
    async def of_user(self, user_id: UUID) -> ConnectAccount | None:
        row = await ConnectAccountRow.select().where(ConnectAccountRow.user_id == user_id).first()
        return _account(row) if row else None

    async def of_users(self, user_ids: Iterable[UUID]) -> dict[UUID, ConnectAccount]:
        ids = list(set(user_ids))
        if not ids:
            return {}
        rows = await ConnectAccountRow.select().where(ConnectAccountRow.user_id.is_in(ids))
        return {account.user_id: account for account in map(_account, rows)}

    async def by_account(self, account_id: str) -> ConnectAccount | None:
        row = (
            await ConnectAccountRow.select()
            .where(ConnectAccountRow.account_id == account_id)
            .first()
        )
        return _account(row) if row else None

    async def made_here(self, account_ids: Iterable[str]) -> set[str]:
        """Which of these accounts are Connect accounts Lakou made (the rest were typed)."""
        ids = sorted(set(account_ids))
        if not ids:
            return set()
        rows = await ConnectAccountRow.select(ConnectAccountRow.account_id).where(
            ConnectAccountRow.account_id.is_in(ids)
        )
        return {str(row["account_id"]) for row in rows}

    async def add_once(self, account: ConnectAccount) -> None:
        """Insert unless the person has one already (two clicks at once: the first stays)."""
        await ConnectAccountRow.insert(ConnectAccountRow(**_fields(account))).on_conflict(
            action="DO NOTHING"
        )

    async def save(self, account: ConnectAccount) -> None:
        await ConnectAccountRow.update(
            {
                ConnectAccountRow.details_submitted: account.details_submitted,
                ConnectAccountRow.payouts_enabled: account.payouts_enabled,
                ConnectAccountRow.updated_at: account.updated_at,
                ConnectAccountRow.account_id: account.account_id,
                ConnectAccountRow.disconnected_at: account.disconnected_at,
            },
            use_auto_update=False,
        ).where(ConnectAccountRow.id == account.id)

    async def holders_of_user(self, user_id: UUID) -> list[HolderRecord]:
        rows = (
            await RightsHolderRow.select()
            .where(RightsHolderRow.user_id == user_id)
            .order_by(RightsHolderRow.name)
        )
        return [holder_record(row) for row in rows]

    async def sheets_naming(self, holder_id: UUID) -> list[tuple[UUID, int, dict[str, Any]]]:
        """(work, version, the holder's line) of every work whose *current* sheet names the
        holder. Sheets keep their lines as JSON: candidates are found by the id's text, then
        only each work's newest version counts."""
        pattern = f'%"{holder_id}"%'
        candidates = await SplitSheetRow.raw(
            "SELECT DISTINCT work_id FROM lakou_split_sheets WHERE CAST(holders AS TEXT) LIKE {}",
            pattern,
        )
        found: list[tuple[UUID, int, dict[str, Any]]] = []
        for candidate in candidates:
            work_id = as_uuid(candidate["work_id"])
            newest = (
                await SplitSheetRow.select(SplitSheetRow.version, SplitSheetRow.holders)
                .where(SplitSheetRow.work_id == work_id)
                .order_by(SplitSheetRow.version, ascending=False)
                .first()
            )
            if newest is None:
                continue
            for line in as_json(newest["holders"]):
                if line.get("holder_id") == str(holder_id):
                    found.append((work_id, int(newest["version"]), line))
        return found

    async def balances(self, holder_ids: Iterable[UUID]) -> dict[UUID, int]:
        """What each holder is owed and no payout has taken yet (refunds netted)."""
        ids = list(set(holder_ids))
        if not ids:
            return {}
        rows = (
            await LedgerEntryRow.select(
                LedgerEntryRow.holder_id, Sum(LedgerEntryRow.amount_cents, alias="total")
            )
            .where(LedgerEntryRow.holder_id.is_in(ids) & LedgerEntryRow.payout_id.is_null())
            .group_by(LedgerEntryRow.holder_id)
        )
        return {as_uuid(row["holder_id"]): int(row["total"] or 0) for row in rows}

    async def works_paid_to(self, holder_id: UUID) -> list[UUID]:
        """The works whose sales paid this holder (a creator's own works, without a sheet)."""
        rows = (
            await LedgerEntryRow.select(LedgerEntryRow.work_id)
            .where((LedgerEntryRow.holder_id == holder_id) & LedgerEntryRow.work_id.is_not_null())
            .distinct()
        )
        return [as_uuid(row["work_id"]) for row in rows]

    async def works_with_sheets(self, work_ids: Iterable[UUID]) -> set[UUID]:
        ids = list(set(work_ids))
        if not ids:
            return set()
        rows = (
            await SplitSheetRow.select(SplitSheetRow.work_id)
            .where(SplitSheetRow.work_id.is_in(ids))
            .distinct()
        )
        return {as_uuid(row["work_id"]) for row in rows}

    async def payouts_to(self, holder_ids: Iterable[UUID], limit: int = 100) -> list[Payout]:
        ids = list(set(holder_ids))
        if not ids:
            return []
        rows = (
            await PayoutRow.select()
            .where(PayoutRow.holder_id.is_in(ids))
            .order_by(PayoutRow.id, ascending=False)
            .limit(limit)
        )
        return [payout_of_row(row) for row in rows]


def _fields(account: ConnectAccount) -> dict[str, Any]:
    return {
        "id": account.id,
        "user_id": account.user_id,
        "account_id": account.account_id,
        "country": account.country,
        "details_submitted": account.details_submitted,
        "payouts_enabled": account.payouts_enabled,
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    }


def _account(row: dict[str, Any]) -> ConnectAccount:
    return ConnectAccount(
        id=as_uuid(row["id"]),
        user_id=as_uuid(row["user_id"]),
        account_id=row["account_id"],
        country=row["country"],
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        details_submitted=bool(row["details_submitted"]),
        payouts_enabled=bool(row["payouts_enabled"]),
        disconnected_at=as_utc(row["disconnected_at"]) if row.get("disconnected_at") else None,
    )
