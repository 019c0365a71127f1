"""The orders module's part of a person's data: their cart, orders and downloads.

Orders are invoices' source: French law keeps accounting records and their vouchers ten years
(Code de commerce L123-22; invoices: livre des procédures fiscales L102 B). Erasing keeps
every order, line and payment reference and detaches them: the buyer id becomes the deletion's
tombstone, which no account answers to. The cart goes. An order still waiting for its payment
blocks the deletion (it would be paid for no one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.orders.domain import OrderStatus
from marketplace.orders.tables import CartItemRow, DownloadRow, OrderRow


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    orders = await OrderRow.select(
        OrderRow.id,
        OrderRow.status,
        OrderRow.buyer_country,
        OrderRow.lines,
        OrderRow.total_cents,
        OrderRow.currency,
        OrderRow.gateway,
        OrderRow.payment_id,
        OrderRow.refunded_cents,
        OrderRow.created_at,
        OrderRow.paid_at,
    ).where(OrderRow.buyer_id == user_id)
    downloads = await DownloadRow.select(
        DownloadRow.order_id, DownloadRow.work_id, DownloadRow.role, DownloadRow.created_at
    ).where(DownloadRow.buyer_id == user_id)
    cart = await CartItemRow.select(
        CartItemRow.item_kind, CartItemRow.item_id, CartItemRow.added_at
    ).where(CartItemRow.buyer_id == user_id)
    return section({"orders": orders, "downloads": downloads, "cart": cart})


async def pending(_: Services, user_id: UUID) -> bool:
    return await OrderRow.exists().where(
        (OrderRow.buyer_id == user_id) & (OrderRow.status == OrderStatus.PENDING.value)
    )


async def erase(_: Services, user_id: UUID, tombstone: UUID) -> None:
    await CartItemRow.delete().where(CartItemRow.buyer_id == user_id)
    await OrderRow.update({OrderRow.buyer_id: tombstone}).where(OrderRow.buyer_id == user_id)
    await DownloadRow.update({DownloadRow.buyer_id: tombstone}).where(
        DownloadRow.buyer_id == user_id
    )


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
    blocks_erasure=pending,
)
