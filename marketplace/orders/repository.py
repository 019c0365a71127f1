"""Reads and writes carts, orders and downloads (piccolo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from piccolo.query.functions.aggregate import Count

from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id
from marketplace.orders.domain import OFFER_ITEMS, Order, OrderLine, OrderStatus
from marketplace.orders.tables import CartItemRow, DownloadRow, OrderRow


@dataclass(frozen=True)
class CartItem:
    id: UUID
    item_kind: str  # the Sellable that sells it
    item_id: UUID
    offered_cents: int | None
    added_at: datetime


class OrderRepository:
    # Cart
    async def cart(self, buyer_id: UUID) -> list[CartItem]:
        rows = (
            await CartItemRow.select()
            .where(CartItemRow.buyer_id == buyer_id)
            .order_by(CartItemRow.added_at)
        )
        return [
            CartItem(
                as_uuid(row["id"]),
                row["item_kind"],
                as_uuid(row["item_id"]),
                row["offered_cents"],
                as_utc(row["added_at"]),
            )
            for row in rows
        ]

    async def put_in_cart(
        self,
        buyer_id: UUID,
        item_kind: str,
        item_id: UUID,
        offered_cents: int | None,
        now: datetime,
    ) -> None:
        updated = (
            await CartItemRow.update(
                {CartItemRow.offered_cents: offered_cents}, use_auto_update=False
            )
            .where(
                (CartItemRow.buyer_id == buyer_id)
                & (CartItemRow.item_kind == item_kind)
                & (CartItemRow.item_id == item_id)
            )
            .returning(CartItemRow.id)
        )
        if not updated:
            await CartItemRow.insert(
                CartItemRow(
                    id=new_id(),
                    buyer_id=buyer_id,
                    item_kind=item_kind,
                    item_id=item_id,
                    offered_cents=offered_cents,
                    added_at=now,
                )
            ).on_conflict(action="DO NOTHING")

    async def remove_from_cart(self, buyer_id: UUID, item_id: UUID) -> bool:
        removed = (
            await CartItemRow.delete()
            .where((CartItemRow.buyer_id == buyer_id) & (CartItemRow.id == item_id))
            .returning(CartItemRow.id)
        )
        return bool(removed)

    async def empty_cart(self, buyer_id: UUID) -> None:
        await CartItemRow.delete().where(CartItemRow.buyer_id == buyer_id)

    # Orders
    async def add(self, order: Order) -> bool:
        """False when an order with the same checkout key exists (a repeated checkout)."""
        inserted = (
            await OrderRow.insert(OrderRow(**_fields(order)))
            .on_conflict(action="DO NOTHING")
            .returning(OrderRow.id)
        )
        return bool(inserted)

    async def save(self, order: Order) -> None:
        fields = _fields(order)
        for key in ("id", "buyer_id", "lines", "checkout_key", "created_at"):
            fields.pop(key)
        await OrderRow.update(
            {getattr(OrderRow, key): value for key, value in fields.items()},
            use_auto_update=False,
        ).where(OrderRow.id == order.id)

    async def get(self, order_id: UUID, *, for_update: bool = False) -> Order | None:
        return await self._one(OrderRow.id == order_id, for_update)

    async def by_checkout_key(self, buyer_id: UUID, key: str) -> Order | None:
        return await self._one(
            (OrderRow.buyer_id == buyer_id) & (OrderRow.checkout_key == key), False
        )

    async def by_payment(self, payment_id: str, *, for_update: bool = False) -> Order | None:
        return await self._one(OrderRow.payment_id == payment_id, for_update)

    async def of_buyer(self, buyer_id: UUID, limit: int = 100) -> list[Order]:
        rows = (
            await OrderRow.select()
            .where(OrderRow.buyer_id == buyer_id)
            .order_by(OrderRow.created_at, ascending=False)
            .limit(limit)
        )
        return [_order(row) for row in rows]

    async def search(
        self,
        *,
        status: OrderStatus | None = None,
        order_id: UUID | None = None,
        buyer_ids: list[UUID] | None = None,
        before_id: UUID | None = None,
        limit: int = 50,
    ) -> list[Order]:
        """Orders for staff, newest first: ids are time-ordered, so the id is the keyset."""
        select = OrderRow.select().order_by(OrderRow.id, ascending=False).limit(limit)
        if status is not None:
            select = select.where(OrderRow.status == status.value)
        if order_id is not None:
            select = select.where(OrderRow.id == order_id)
        if buyer_ids is not None:
            if not buyer_ids:
                return []
            select = select.where(OrderRow.buyer_id.is_in(buyer_ids))
        if before_id is not None:
            select = select.where(OrderRow.id < before_id)
        return [_order(row) for row in await select]

    async def pending_with_payment(self, older_than: datetime) -> list[Order]:
        rows = await OrderRow.select().where(
            OrderRow.status.is_in([OrderStatus.PENDING.value, OrderStatus.FAILED.value])
            & OrderRow.payment_id.is_not_null()
            & (OrderRow.updated_at < older_than)
        )
        return [_order(row) for row in rows]

    async def _one(self, where: Any, for_update: bool) -> Order | None:
        select = OrderRow.select().where(where)
        if for_update and OrderRow._meta.db.engine_type == "postgres":
            select = select.lock_rows("UPDATE")
        row = await select.first()
        return _order(row) if row else None

    # Downloads
    async def downloads_count(self, order_id: UUID, work_id: UUID) -> int:
        count = await DownloadRow.count().where(
            (DownloadRow.order_id == order_id) & (DownloadRow.work_id == work_id)
        )
        return int(count)

    async def downloads_counts(self, order_ids: list[UUID]) -> dict[tuple[UUID, UUID], int]:
        """Downloads used per (order, work) over these orders, in one grouped query."""
        if not order_ids:
            return {}
        rows = await (
            DownloadRow.select(DownloadRow.order_id, DownloadRow.work_id, Count(DownloadRow.id))
            .where(DownloadRow.order_id.is_in(order_ids))
            .group_by(DownloadRow.order_id, DownloadRow.work_id)
        )
        return {(as_uuid(row["order_id"]), as_uuid(row["work_id"])): row["count"] for row in rows}

    async def add_download(
        self, order_id: UUID, work_id: UUID, buyer_id: UUID, role: str, now: datetime
    ) -> None:
        await DownloadRow.insert(
            DownloadRow(
                id=new_id(),
                order_id=order_id,
                work_id=work_id,
                buyer_id=buyer_id,
                role=role,
                created_at=now,
            )
        )


def _fields(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "buyer_id": order.buyer_id,
        "buyer_country": order.buyer_country,
        "status": order.status.value,
        "lines": [_line_json(line) for line in order.lines],
        "total_cents": order.total_cents,
        "currency": order.currency,
        "checkout_key": order.checkout_key,
        "gateway": order.gateway,
        "payment_id": order.payment_id,
        "payment_fee_cents": order.payment_fee_cents,
        "refunded_cents": order.refunded_cents,
        "discount_code_ids": [str(code_id) for code_id in order.discount_code_ids],
        "review_reason": order.review_reason,
        "failure_reason": order.failure_reason,
        "vat_table_version": order.vat_table_version,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "paid_at": order.paid_at,
    }


def _line_json(line: OrderLine) -> dict[str, Any]:
    data: dict[str, Any] = msgspec.to_builtins(line.as_payload())
    data.update(
        seller_id=str(line.seller_id),
        title=line.title,
        pricing=line.pricing,
        list_cents=line.list_cents,
    )
    return data


def _line(data: dict[str, Any]) -> OrderLine:
    return OrderLine(
        id=UUID(data["line_id"]),
        # Lines sold before the Sellable port name their offer only.
        item_id=UUID(data.get("item_id") or data["offer_id"]),
        item_kind=data.get("item_kind", OFFER_ITEMS),
        kind=data["kind"],
        seller_id=UUID(data["seller_id"]),
        title=data["title"],
        work_ids=tuple(UUID(work_id) for work_id in data["work_ids"]),
        work_weights=tuple(int(weight) for weight in data["work_weights"]),
        pricing=data["pricing"],
        list_cents=int(data["list_cents"]),
        discount_cents=int(data["discount_cents"]),
        gross_cents=int(data["gross_cents"]),
        vat_rate_bp=int(data["vat_rate_bp"]),
        vat_cents=int(data["vat_cents"]),
        net_cents=int(data["net_cents"]),
        quantity=int(data["quantity"]),
        vat_category=data.get("vat_category", ""),
        invoice_number=data.get("invoice_number", ""),
    )


def _order(row: dict[str, Any]) -> Order:
    return Order(
        id=as_uuid(row["id"]),
        buyer_id=as_uuid(row["buyer_id"]),
        buyer_country=row["buyer_country"],
        status=OrderStatus(row["status"]),
        lines=tuple(_line(line) for line in as_json(row["lines"])),
        checkout_key=row["checkout_key"],
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        currency=row["currency"],
        gateway=row["gateway"],
        payment_id=row["payment_id"],
        payment_fee_cents=row["payment_fee_cents"],
        refunded_cents=row["refunded_cents"],
        discount_code_ids=tuple(as_uuid(code) for code in as_json(row["discount_code_ids"])),
        review_reason=row["review_reason"],
        failure_reason=row["failure_reason"],
        paid_at=as_utc(row["paid_at"]) if row["paid_at"] else None,
        vat_table_version=row["vat_table_version"],
    )
