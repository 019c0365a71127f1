"""Reads and writes markets, their teams and accreditations (piccolo)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id
from marketplace.catalogue.disciplines import Discipline
from marketplace.markets.accreditation import Accreditation, AccreditationState, Category
from marketplace.markets.domain import Market, MarketDetails, MarketState, TeamRole, Window
from marketplace.markets.tables import AccreditationRow, MarketRow, MarketTeamRow

MAX_LISTED = 200


def _locked(select: Any, for_update: bool) -> Any:
    if for_update and MarketRow._meta.db.engine_type == "postgres":
        return select.lock_rows("UPDATE")
    return select


class MarketRepository:
    async def add(self, market: Market) -> None:
        await MarketRow.insert(MarketRow(**_market_values(market))).run()
        await self._save_team(market)

    async def save(self, market: Market) -> None:
        values = _market_values(market)
        values.pop("id")
        await MarketRow.update(values).where(MarketRow.id == market.id).run()
        await self._save_team(market)

    async def get(self, market_id: UUID, *, for_update: bool = False) -> Market | None:
        row = await _locked(MarketRow.select().where(MarketRow.id == market_id), for_update).first()
        return await self._market(row) if row else None

    async def by_slug(self, slug: str) -> Market | None:
        row = await MarketRow.select().where(MarketRow.slug == slug).first()
        return await self._market(row) if row else None

    async def slug_taken(self, slug: str, other_than: UUID | None) -> bool:
        query = MarketRow.select(MarketRow.id).where(MarketRow.slug == slug)
        if other_than is not None:
            query = query.where(MarketRow.id != other_than)
        return await query.first() is not None

    async def public(self) -> list[Market]:
        rows = (
            await MarketRow.select()
            .where(MarketRow.state.is_in([s.value for s in MarketState if s != MarketState.DRAFT]))
            .order_by(MarketRow.opens_at, ascending=False)
            .limit(MAX_LISTED)
        )
        return [await self._market(row) for row in rows]

    async def of_team_member(self, user_id: UUID) -> list[Market]:
        links = await MarketTeamRow.select(MarketTeamRow.market_id).where(
            MarketTeamRow.user_id == user_id
        )
        ids = [as_uuid(link["market_id"]) for link in links]
        if not ids:
            return []
        rows = await MarketRow.select().where(MarketRow.id.is_in(ids)).order_by(MarketRow.opens_at)
        return [await self._market(row) for row in rows]

    async def due(self, now: datetime) -> list[UUID]:
        """Markets whose window says they should open or close by now."""
        rows = await MarketRow.select(MarketRow.id).where(
            ((MarketRow.state == MarketState.PUBLISHED.value) & (MarketRow.opens_at <= now))
            | ((MarketRow.state == MarketState.OPEN.value) & (MarketRow.closes_at <= now))
        )
        return [as_uuid(row["id"]) for row in rows]

    async def _save_team(self, market: Market) -> None:
        await MarketTeamRow.delete().where(MarketTeamRow.market_id == market.id).run()
        if market.team:
            await MarketTeamRow.insert(
                *(
                    MarketTeamRow(id=new_id(), market_id=market.id, user_id=user, role=role.value)
                    for user, role in market.team.items()
                )
            ).run()

    async def _market(self, row: dict[str, Any]) -> Market:
        market_id = as_uuid(row["id"])
        team = await MarketTeamRow.select().where(MarketTeamRow.market_id == market_id)
        return Market(
            id=market_id,
            organisation_id=as_uuid(row["organisation_id"]),
            created_by=as_uuid(row["created_by"]),
            details=MarketDetails(
                name=row["name"],
                slug=row["slug"],
                edition=row["edition"],
                descriptions=as_json(row["descriptions"]),
                sections=[Discipline(s) for s in as_json(row["sections"])],
                window=Window(as_utc(row["opens_at"]), as_utc(row["closes_at"])),
            ),
            state=MarketState(row["state"]),
            created_at=as_utc(row["created_at"]),
            updated_at=as_utc(row["updated_at"]),
            visual_key=row["visual_key"],
            team={as_uuid(t["user_id"]): TeamRole(t["role"]) for t in team},
        )


def _market_values(market: Market) -> dict[Any, Any]:
    details = market.details
    return {
        "id": market.id,
        "slug": details.slug,
        "organisation_id": market.organisation_id,
        "created_by": market.created_by,
        "name": details.name,
        "edition": details.edition,
        "descriptions": dict(details.descriptions),
        "sections": [str(s) for s in details.sections],
        "opens_at": details.window.opens_at,
        "closes_at": details.window.closes_at,
        "state": market.state.value,
        "visual_key": market.visual_key,
        "created_at": market.created_at,
        "updated_at": market.updated_at,
    }


class AccreditationRepository:
    async def add(self, accreditation: Accreditation) -> None:
        await AccreditationRow.insert(
            AccreditationRow(**_accreditation_values(accreditation))
        ).run()

    async def save(self, accreditation: Accreditation) -> None:
        values = _accreditation_values(accreditation)
        values.pop("id")
        await AccreditationRow.update(values).where(AccreditationRow.id == accreditation.id).run()

    async def get(
        self, accreditation_id: UUID, *, for_update: bool = False
    ) -> Accreditation | None:
        select = AccreditationRow.select().where(AccreditationRow.id == accreditation_id)
        row = await _locked(select, for_update).first()
        return _accreditation(row) if row else None

    async def of_person(self, market_id: UUID, user_id: UUID) -> Accreditation | None:
        row = (
            await AccreditationRow.select()
            .where(
                (AccreditationRow.market_id == market_id) & (AccreditationRow.user_id == user_id)
            )
            .first()
        )
        return _accreditation(row) if row else None

    async def of_market(self, market_id: UUID) -> list[Accreditation]:
        rows = (
            await AccreditationRow.select()
            .where(AccreditationRow.market_id == market_id)
            .order_by(AccreditationRow.created_at)
        )
        return [_accreditation(row) for row in rows]


def _accreditation_values(a: Accreditation) -> dict[Any, Any]:
    return {
        "id": a.id,
        "market_id": a.market_id,
        "user_id": a.user_id,
        "organisation_id": a.organisation_id,
        "category": a.category.value,
        "state": a.state.value,
        "reason": a.reason,
        "created_at": a.created_at,
        "decided_at": a.decided_at,
        "decided_by": a.decided_by,
    }


def _accreditation(row: dict[str, Any]) -> Accreditation:
    return Accreditation(
        id=as_uuid(row["id"]),
        market_id=as_uuid(row["market_id"]),
        user_id=as_uuid(row["user_id"]),
        organisation_id=as_uuid(row["organisation_id"]),
        category=Category(row["category"]),
        state=AccreditationState(row["state"]),
        reason=row["reason"],
        created_at=as_utc(row["created_at"]),
        decided_at=as_utc(row["decided_at"]) if row["decided_at"] else None,
        decided_by=as_uuid(row["decided_by"]) if row["decided_by"] else None,
    )
