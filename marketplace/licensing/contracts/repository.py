"""Reads and writes contracts (`contracts/tables.py`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from marketplace.licensing.contracts.domain import Acceptance, Contract, DealKind
from marketplace.licensing.contracts.tables import ContractRow

SIDES = ("partner", "rights")


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _acceptance(row: dict[str, Any], side: str) -> Acceptance | None:
    if row[f"{side}_at"] is None:
        return None
    return Acceptance(
        user_id=as_uuid(row[f"{side}_user_id"]),
        name=row[f"{side}_name"],
        at=as_utc(row[f"{side}_at"]),
        ip=row[f"{side}_ip"],
        sha256=row[f"{side}_sha256"],
    )


def _contract(row: dict[str, Any]) -> Contract:
    return Contract(
        id=as_uuid(row["id"]),
        deal_id=as_uuid(row["deal_id"]),
        kind=DealKind(row["kind"]),
        languages=tuple(_json(row["languages"])),
        storage_key=row["storage_key"],
        sha256=row["sha256"],
        size=int(row["size"]),
        drawn_at=as_utc(row["drawn_at"]),
        partner=_acceptance(row, "partner"),
        rights=_acceptance(row, "rights"),
    )


class ContractRepository:
    async def add(self, contract: Contract) -> None:
        await ContractRow.insert(
            ContractRow(
                id=contract.id,
                deal_id=contract.deal_id,
                kind=contract.kind.value,
                languages=list(contract.languages),
                storage_key=contract.storage_key,
                sha256=contract.sha256,
                size=contract.size,
                drawn_at=contract.drawn_at,
                billing={},
                invoicer={},
            )
        ).on_conflict(action="DO NOTHING")

    async def of_deal(self, deal_id: UUID) -> Contract | None:
        row = await ContractRow.select().where(ContractRow.deal_id == deal_id).first()
        return _contract(row) if row else None

    async def record_acceptance(
        self, contract: Contract, side: str, details: dict[str, Any]
    ) -> None:
        """The side's acceptance, with what the invoice needs from it (`billing` from the
        partner, `invoicer` from the rights side)."""
        acceptance = contract.partner if side == "partner" else contract.rights
        assert acceptance is not None
        assert side in SIDES
        column = ContractRow.billing if side == "partner" else ContractRow.invoicer
        await ContractRow.update(
            {
                getattr(ContractRow, f"{side}_user_id"): acceptance.user_id,
                getattr(ContractRow, f"{side}_name"): acceptance.name,
                getattr(ContractRow, f"{side}_at"): acceptance.at,
                getattr(ContractRow, f"{side}_ip"): acceptance.ip,
                getattr(ContractRow, f"{side}_sha256"): acceptance.sha256,
                column: json.dumps(details),
            }
        ).where(ContractRow.id == contract.id)

    async def unsigned_since(self, before: datetime, limit: int = 100) -> list[UUID]:
        """Deals whose contract, drawn before `before`, one side has still not accepted."""
        rows = (
            await ContractRow.select(ContractRow.deal_id)
            .where(
                (ContractRow.drawn_at < before)
                & (ContractRow.partner_at.is_null() | ContractRow.rights_at.is_null())
            )
            .limit(limit)
        )
        return [as_uuid(row["deal_id"]) for row in rows]

    async def details(self, deal_id: UUID) -> tuple[dict[str, Any], dict[str, Any]]:
        """The partner's billing details and the rights side's invoicer, as accepted."""
        row = (
            await ContractRow.select(ContractRow.billing, ContractRow.invoicer)
            .where(ContractRow.deal_id == deal_id)
            .first()
        )
        if row is None:
            return {}, {}
        return dict(_json(row["billing"]) or {}), dict(_json(row["invoicer"]) or {})
