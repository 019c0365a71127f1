"""Reads and writes the sync tiers a work's rights holder set and the sync licences sold."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from infra.db.values import as_utc, as_uuid
from marketplace.licensing.media import Medium
from marketplace.licensing.sync.domain import (
    Billing,
    LicenceState,
    SyncLicence,
    SyncTier,
    TierScope,
    TierTerms,
)
from marketplace.licensing.tables import SyncLicenceRow, SyncTierRow

LISTED = 200
# Fixed namespace: a work's tier has one row id, so saving it again updates the same row.
TIER_ROWS = UUID("5a0f8e21-93c4-4d7a-b6e2-0c1d9f3a7b58")


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _licence(row: dict[str, Any]) -> SyncLicence:
    tier = SyncTier(row["tier"])
    return SyncLicence(
        id=as_uuid(row["id"]),
        work_id=as_uuid(row["work_id"]),
        work_title=row["work_title"],
        terms=TierTerms(tier, int(row["price_cents"]), int(row["master_bp"])),
        scope=TierScope(Medium(row["medium"]), row["territory"], row["term_months"]),
        use=row["use"],
        licensee=row["licensee"],
        partner_org_id=as_uuid(row["partner_org_id"]),
        buyer_id=as_uuid(row["buyer_id"]),
        seller_id=as_uuid(row["seller_id"]),
        state=LicenceState(row["state"]),
        created_at=as_utc(row["created_at"]),
        order_id=as_uuid(row["order_id"]) if row["order_id"] else None,
        starts_on=_day(row["starts_on"]),
        number=row["number"],
        billing=_billing(row),
    )


def _billing(row: dict[str, Any]) -> Billing | None:
    if not row.get("vat_rule"):
        return None
    return Billing(
        country=row["billing_country"],
        address=tuple(line for line in str(row["billing_address"]).split("\n") if line),
        vat_number=row["buyer_vat_number"],
        vies=row["vies"],
        vies_name=row["vies_name"],
        vat_rule=row["vat_rule"],
    )


class SyncRepository:
    async def tiers(self, work_id: UUID) -> dict[SyncTier, TierTerms]:
        rows = await SyncTierRow.select().where(SyncTierRow.work_id == work_id)
        return {
            SyncTier(row["tier"]): TierTerms(
                SyncTier(row["tier"]),
                int(row["price_cents"]),
                int(row["master_bp"]),
                bool(row["offered"]),
            )
            for row in rows
        }

    async def save_tier(self, work_id: UUID, terms: TierTerms, by: UUID, now: datetime) -> None:
        row_id = uuid5(TIER_ROWS, f"{work_id}/{terms.tier.value}")
        values: dict[Any, Any] = {
            SyncTierRow.price_cents: terms.price_cents,
            SyncTierRow.master_bp: terms.master_bp,
            SyncTierRow.offered: terms.offered,
            SyncTierRow.updated_by: by,
            SyncTierRow.updated_at: now,
        }
        updated = (
            await SyncTierRow.update(values, use_auto_update=False)
            .where(SyncTierRow.id == row_id)
            .returning(SyncTierRow.id)
        )
        if not updated:
            await SyncTierRow.insert(
                SyncTierRow(
                    id=row_id,
                    work_id=work_id,
                    tier=terms.tier.value,
                    price_cents=terms.price_cents,
                    master_bp=terms.master_bp,
                    offered=terms.offered,
                    updated_by=by,
                    updated_at=now,
                )
            )

    async def add(self, licence: SyncLicence) -> None:
        await SyncLicenceRow.insert(
            SyncLicenceRow(
                id=licence.id,
                work_id=licence.work_id,
                work_title=licence.work_title,
                tier=licence.terms.tier.value,
                price_cents=licence.terms.price_cents,
                master_bp=licence.terms.master_bp,
                medium=licence.scope.medium.value,
                territory=licence.scope.territory,
                term_months=licence.scope.term_months,
                use=licence.use,
                licensee=licence.licensee,
                partner_org_id=licence.partner_org_id,
                buyer_id=licence.buyer_id,
                seller_id=licence.seller_id,
                state=licence.state.value,
                order_id=licence.order_id,
                starts_on=licence.starts_on,
                number=licence.number,
                created_at=licence.created_at,
                **_billing_columns(licence.billing),
            )
        )

    async def move(self, licence: SyncLicence, expected: LicenceState) -> bool:
        """Save the new state only if the row is still in `expected` (a second delivery of
        the same payment, or a refund racing it, changes nothing twice)."""
        moved = (
            await SyncLicenceRow.update(
                {
                    SyncLicenceRow.state: licence.state.value,
                    SyncLicenceRow.order_id: licence.order_id,
                    SyncLicenceRow.starts_on: licence.starts_on,
                    SyncLicenceRow.number: licence.number,
                },
                use_auto_update=False,
            )
            .where((SyncLicenceRow.id == licence.id) & (SyncLicenceRow.state == expected.value))
            .returning(SyncLicenceRow.id)
        )
        return bool(moved)

    async def of_order(self, order_id: UUID) -> list[SyncLicence]:
        """The licences an order paid, oldest bought first."""
        rows = (
            await SyncLicenceRow.select()
            .where(SyncLicenceRow.order_id == order_id)
            .order_by(SyncLicenceRow.created_at)
        )
        return [_licence(row) for row in rows]

    async def get(self, licence_id: UUID) -> SyncLicence | None:
        row = await SyncLicenceRow.select().where(SyncLicenceRow.id == licence_id).first()
        return _licence(row) if row else None

    async def many(self, licence_ids: list[UUID]) -> list[SyncLicence]:
        if not licence_ids:
            return []
        rows = await SyncLicenceRow.select().where(SyncLicenceRow.id.is_in(licence_ids))
        return [_licence(row) for row in rows]

    async def of_person(self, user_id: UUID) -> tuple[list[SyncLicence], list[SyncLicence]]:
        """The licences they bought, and those sold on their works (newest first)."""
        found = []
        for column in (SyncLicenceRow.buyer_id, SyncLicenceRow.seller_id):
            rows = (
                await SyncLicenceRow.select()
                .where(column == user_id)
                .order_by(SyncLicenceRow.created_at, ascending=False)
                .limit(LISTED)
            )
            found.append([_licence(row) for row in rows])
        return found[0], found[1]


def _billing_columns(billing: Billing | None) -> dict[str, Any]:
    if billing is None:
        return {}
    return {
        "billing_country": billing.country,
        "billing_address": "\n".join(billing.address),
        "buyer_vat_number": billing.vat_number,
        "vies": billing.vies,
        "vies_name": billing.vies_name,
        "vat_rule": billing.vat_rule,
    }
