"""Reads and writes licence deals (the work's rights lock is the licensing repository's)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_uuid
from marketplace.licensing.deals.domain import HOLDING, Deal, DealState, Offer
from marketplace.licensing.domain import Grant, Period
from marketplace.licensing.tables import DealRow

LISTED = 200


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _moment(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _deal(row: dict[str, Any]) -> Deal:
    countries = row["countries"]
    grant = Grant(
        row["medium"],
        row["language"],
        frozenset(json.loads(countries) if isinstance(countries, str) else countries),
        Period.inclusive(_day(row["starts_on"]), _day(row["ends_on"])),  # type: ignore[arg-type]
        bool(row["exclusive"]),
    )
    expires = _moment(row["offer_expires_at"])
    offer = (
        Offer(int(row["price_cents"]), row["terms"], expires)
        if row["price_cents"] is not None and expires is not None
        else None
    )
    return Deal(
        id=as_uuid(row["id"]),
        work_id=as_uuid(row["work_id"]),
        grant=grant,
        territory=row["territory"],
        partner_org_id=as_uuid(row["partner_org_id"]),
        partner_user_id=as_uuid(row["partner_user_id"]),
        licensee=row["licensee"],
        rights_user_id=as_uuid(row["rights_user_id"]),
        signatory_id=as_uuid(row["signatory_id"]),
        intended_use=row["intended_use"],
        budget_cents=row["budget_cents"],
        state=DealState(row["state"]),
        offer=offer,
        note=row["note"],
        order_id=as_uuid(row["order_id"]) if row["order_id"] else None,
        created_at=_moment(row["created_at"]),  # type: ignore[arg-type]
        updated_at=_moment(row["updated_at"]),  # type: ignore[arg-type]
        payer_user_id=as_uuid(row["payer_user_id"]) if row["payer_user_id"] else None,
        rights_org_id=as_uuid(row["rights_org_id"]) if row["rights_org_id"] else None,
    )


def _columns(deal: Deal) -> dict[Any, Any]:
    offer = deal.offer
    return {
        DealRow.state: deal.state.value,
        DealRow.price_cents: offer.price_cents if offer else None,
        DealRow.terms: offer.terms if offer else "",
        DealRow.offer_expires_at: offer.expires_at if offer else None,
        DealRow.note: deal.note,
        DealRow.order_id: deal.order_id,
        DealRow.payer_user_id: deal.payer_user_id,
        DealRow.updated_at: deal.updated_at,
    }


class DealRepository:
    async def add(self, deal: Deal) -> None:
        grant = deal.grant
        await DealRow.insert(
            DealRow(
                id=deal.id,
                work_id=deal.work_id,
                medium=grant.medium,
                language=grant.language,
                territory=deal.territory,
                countries=sorted(grant.countries),
                starts_on=grant.period.start,
                ends_on=grant.period.ends_on,
                exclusive=grant.exclusive,
                partner_org_id=deal.partner_org_id,
                partner_user_id=deal.partner_user_id,
                licensee=deal.licensee,
                rights_user_id=deal.rights_user_id,
                rights_org_id=deal.rights_org_id,
                signatory_id=deal.signatory_id,
                intended_use=deal.intended_use,
                budget_cents=deal.budget_cents,
                state=deal.state.value,
                created_at=deal.created_at,
                updated_at=deal.updated_at,
            )
        ).run()

    async def save(self, deal: Deal) -> None:
        await DealRow.update(_columns(deal)).where(DealRow.id == deal.id).run()

    async def get(self, deal_id: UUID) -> Deal | None:
        row = await DealRow.select().where(DealRow.id == deal_id).first()
        return _deal(row) if row else None

    async def many(self, deal_ids: list[UUID]) -> list[Deal]:
        if not deal_ids:
            return []
        return [_deal(row) for row in await DealRow.select().where(DealRow.id.is_in(deal_ids))]

    async def holding(self, work_id: UUID, other_than: UUID) -> list[Deal]:
        """The work's other deals that hold a window (accepted or licensed)."""
        rows = await DealRow.select().where(
            (DealRow.work_id == work_id)
            & (DealRow.id != other_than)
            & DealRow.state.is_in([state.value for state in HOLDING])
        )
        return [_deal(row) for row in rows]

    async def of_order(self, order_id: UUID) -> Deal | None:
        """The deal an order paid (its refunds get credit notes)."""
        row = await DealRow.select().where(DealRow.order_id == order_id).first()
        return _deal(row) if row else None

    async def of_buyer(self, user_id: UUID) -> list[Deal]:
        """The deals this person pays or paid: the member who chose to pay, else the asker."""
        rows = (
            await DealRow.select()
            .where(
                (DealRow.payer_user_id == user_id)
                | (DealRow.payer_user_id.is_null() & (DealRow.partner_user_id == user_id))
            )
            .order_by(DealRow.created_at, ascending=False)
            .limit(LISTED)
        )
        return [_deal(row) for row in rows]

    async def of_partners(self, organisation_ids: list[UUID]) -> list[Deal]:
        """The deals of these partner organisations, whoever of their members asked."""
        if not organisation_ids:
            return []
        rows = (
            await DealRow.select()
            .where(DealRow.partner_org_id.is_in(organisation_ids))
            .order_by(DealRow.created_at, ascending=False)
            .limit(LISTED)
        )
        return [_deal(row) for row in rows]

    async def of_rights(self, user_id: UUID, organisation_ids: list[UUID]) -> list[Deal]:
        """The deals this person answers for: under their own mandates (no organisation holds
        them), and under the mandates of these organisations (the person's)."""
        own = (DealRow.rights_user_id == user_id) & DealRow.rights_org_id.is_null()
        where = own | DealRow.rights_org_id.is_in(organisation_ids) if organisation_ids else own
        rows = (
            await DealRow.select()
            .where(where)
            .order_by(DealRow.created_at, ascending=False)
            .limit(LISTED)
        )
        return [_deal(row) for row in rows]
