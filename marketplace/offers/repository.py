"""Reads and writes offers and discount codes (piccolo)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw

from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id
from marketplace.offers.domain import Offer, OfferKind, Pricing, Scope, Terms
from marketplace.offers.tables import DiscountCodeRow, OfferRow, OfferWorkRow
from marketplace.pricing.discounts import DiscountCode, DiscountKind


class OfferRepository:
    async def active_work_offer(
        self, work_id: UUID, scope_key: str, *, for_update: bool = False
    ) -> Offer | None:
        """The work's own active offer in that scope (everywhere, or one market)."""
        select = OfferRow.select().where(
            (OfferRow.work_id == work_id)
            & (OfferRow.scope_key == scope_key)
            & (OfferRow.active == True)  # noqa: E712
        )
        if for_update and OfferRow._meta.db.engine_type == "postgres":
            select = select.lock_rows("UPDATE")
        row = await select.first()
        return _offer(row) if row else None

    async def get(self, offer_id: UUID) -> Offer | None:
        row = await OfferRow.select().where(OfferRow.id == offer_id).first()
        return _offer(row) if row else None

    async def many(self, offer_ids: Sequence[UUID]) -> dict[UUID, Offer]:
        if not offer_ids:
            return {}
        rows = await OfferRow.select().where(OfferRow.id.is_in(list(offer_ids)))
        return {offer.id: offer for offer in map(_offer, rows)}

    async def active_offers_with(self, work_ids: Sequence[UUID]) -> list[Offer]:
        if not work_ids:
            return []
        links = await OfferWorkRow.select(OfferWorkRow.offer_id).where(
            OfferWorkRow.work_id.is_in(list(work_ids))
        )
        ids = list({as_uuid(link["offer_id"]) for link in links})
        if not ids:
            return []
        rows = (
            await OfferRow.select()
            .where(
                OfferRow.id.is_in(ids) & (OfferRow.active == True)  # noqa: E712
            )
            .order_by(OfferRow.created_at)
        )
        return [_offer(row) for row in rows]

    async def of_seller(self, seller_id: UUID) -> list[Offer]:
        rows = (
            await OfferRow.select()
            .where(
                (OfferRow.seller_id == seller_id) & (OfferRow.active == True)  # noqa: E712
            )
            .order_by(OfferRow.created_at)
        )
        return [_offer(row) for row in rows]

    async def add(self, offer: Offer) -> None:
        await OfferRow.insert(OfferRow(**_fields(offer)))
        await OfferWorkRow.insert(
            *(OfferWorkRow(id=new_id(), offer_id=offer.id, work_id=w) for w in offer.work_ids)
        )

    async def save(self, offer: Offer) -> None:
        await OfferRow.update(
            {OfferRow.active: offer.active, OfferRow.updated_at: offer.updated_at},
            use_auto_update=False,
        ).where(OfferRow.id == offer.id)

    async def add_code(self, code: DiscountCode, created_at: Any) -> None:
        await DiscountCodeRow.insert(
            DiscountCodeRow(
                id=code.id,
                code=code.code,
                kind=code.kind.value,
                value=code.value,
                issuer_id=code.issuer_id,
                seller_id=code.seller_id,
                max_uses=code.max_uses,
                used=code.used,
                expires_at=code.expires_at,
                stackable=code.stackable,
                created_at=created_at,
            )
        )

    async def code_exists(self, code: str) -> bool:
        return await DiscountCodeRow.exists().where(DiscountCodeRow.code == code)

    async def codes(self, codes: Sequence[str]) -> dict[str, DiscountCode]:
        if not codes:
            return {}
        rows = await DiscountCodeRow.select().where(DiscountCodeRow.code.is_in(list(codes)))
        return {row["code"]: _code(row) for row in rows}

    async def codes_of_issuer(self, issuer_id: UUID) -> list[DiscountCode]:
        rows = await DiscountCodeRow.select().where(DiscountCodeRow.issuer_id == issuer_id)
        return [_code(row) for row in rows]

    async def take_use(self, code_id: UUID) -> bool:
        """Count one use unless the limit is reached; atomic, so two buyers never share a last use."""
        rows = await DiscountCodeRow.raw(
            "UPDATE lakou_discount_codes SET used = used + 1 WHERE id = {} "
            "AND (max_uses IS NULL OR used < max_uses) RETURNING id",
            str(code_id),
        )
        return bool(rows)

    async def give_back_use(self, code_id: UUID) -> None:
        await DiscountCodeRow.update(
            {DiscountCodeRow.used: DiscountCodeRow.used - 1}, use_auto_update=False
        ).where((DiscountCodeRow.id == code_id) & WhereRaw("used > 0"))


def _fields(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "seller_id": offer.seller_id,
        "kind": offer.kind.value,
        "work_id": offer.work_ids[0] if offer.kind is OfferKind.WORK else None,
        "work_ids": [str(work_id) for work_id in offer.work_ids],
        "work_weights": list(offer.work_weights),
        "pricing": offer.terms.pricing.value,
        "price_cents": offer.terms.price_cents,
        "minimum_cents": offer.terms.minimum_cents,
        "title": offer.title,
        "active": offer.active,
        "created_at": offer.created_at,
        "updated_at": offer.updated_at,
        "scope_key": offer.scope.key,
        "market_id": offer.scope.market_id,
        "starts_at": offer.scope.starts_at,
        "ends_at": offer.scope.ends_at,
    }


def _offer(row: dict[str, Any]) -> Offer:
    return Offer(
        id=as_uuid(row["id"]),
        seller_id=as_uuid(row["seller_id"]),
        kind=OfferKind(row["kind"]),
        work_ids=tuple(as_uuid(work_id) for work_id in as_json(row["work_ids"])),
        terms=Terms(Pricing(row["pricing"]), row["price_cents"], row["minimum_cents"]),
        title=row["title"],
        active=bool(row["active"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        work_weights=tuple(int(weight) for weight in as_json(row["work_weights"])),
        scope=Scope(
            market_id=as_uuid(row["market_id"]) if row["market_id"] else None,
            starts_at=as_utc(row["starts_at"]) if row["starts_at"] else None,
            ends_at=as_utc(row["ends_at"]) if row["ends_at"] else None,
        ),
    )


def _code(row: dict[str, Any]) -> DiscountCode:
    return DiscountCode(
        id=as_uuid(row["id"]),
        code=row["code"],
        kind=DiscountKind(row["kind"]),
        value=row["value"],
        issuer_id=as_uuid(row["issuer_id"]),
        seller_id=as_uuid(row["seller_id"]) if row["seller_id"] else None,
        max_uses=row["max_uses"],
        used=row["used"],
        expires_at=as_utc(row["expires_at"]) if row["expires_at"] else None,
        stackable=bool(row["stackable"]),
    )
