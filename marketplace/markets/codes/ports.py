"""What stand codes need from other modules, as small ports (adapters in `adapters.py`)."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from marketplace.orders.domain import Order
from marketplace.orders.sellable import SaleItem


class Library(Protocol):
    async def grant(self, work_id: UUID, user_id: UUID | None, source: str) -> bool: ...


class Sales(Protocol):
    """Orders paid outside the gateway (the orders module's `RecordedSales`)."""

    async def record(
        self,
        uow: UnitOfWork,
        *,
        buyer_id: UUID,
        item: SaleItem,
        quantity: int,
        unit_cents: int,
        country: str,
        key: str,
        gateway: str,
    ) -> Order: ...


class Attempts(Protocol):
    async def hit(self, key: str, limit: int, window_s: int) -> int | None:
        """Count one attempt; the seconds to wait when over `limit`, else None."""
        ...
