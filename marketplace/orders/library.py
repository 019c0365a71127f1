"""What a person owns: their purchased works, with counted, expiring download links."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, NotFound
from marketplace.orders.domain import Order, OrderStatus
from marketplace.orders.errors import OrderError
from marketplace.orders.ports import DownloadLinks, Entitlements, OwnedTitles
from marketplace.orders.repository import OrderRepository

OWNING = frozenset({OrderStatus.FULFILLED, OrderStatus.PARTIALLY_REFUNDED})


def _french(titles: Mapping[str, str]) -> str | None:
    return titles.get("fr") or next(iter(titles.values()), None)


class DownloadLimitReached(AppError):
    status_code = 429


@dataclass(frozen=True)
class OwnedWork:
    work_id: UUID
    title: str  # the work's own French title (its order line's, when the work is gone)
    order_id: UUID
    bought_at: datetime
    downloads_used: int
    downloads_allowed: int
    formats: list[dict[str, str]]
    titles: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DownloadLink:
    url: str
    expires_at: int
    downloads_left: int


class LibraryService:
    def __init__(
        self,
        *,
        entitlements: Entitlements,
        links: DownloadLinks,
        unit_of_work: Callable[[], UnitOfWork],
        download_limit: int,
        orders: OrderRepository,
        titles: OwnedTitles | None = None,
    ) -> None:
        self._entitlements = entitlements
        self._links = links
        self._uow = unit_of_work
        self._limit = download_limit
        self._orders = orders
        self._titles = titles

    async def owned(self, who: Principal) -> list[OwnedWork]:
        owning = [
            order
            for order in await self._orders.of_buyer(who.user_id, limit=1000)
            if order.status in OWNING
        ]
        # First the works and the order that gave each, then two batched reads for all of them.
        first_order: dict[UUID, tuple[Order, str]] = {}
        for order in owning:
            for line in order.lines:
                for work_id in line.work_ids:
                    first_order.setdefault(work_id, (order, line.title))
        used = await self._orders.downloads_counts([order.id for order in owning])
        formats = await self._links.download_roles_of(list(first_order))
        owned = {
            work_id: OwnedWork(
                work_id=work_id,
                title=title,
                order_id=order.id,
                bought_at=order.paid_at or order.created_at,
                downloads_used=used.get((order.id, work_id), 0),
                downloads_allowed=self._limit,
                formats=formats.get(work_id, []),
            )
            for work_id, (order, title) in first_order.items()
        }
        if self._titles is None or not owned:
            return list(owned.values())
        # Each work under its own titles (a bundle's line names the bundle, not its works).
        titles = await self._titles.titles(list(owned))
        return [
            replace(item, title=_french(found) or item.title, titles=found)
            if (found := titles.get(item.work_id))
            else item
            for item in owned.values()
        ]

    async def download(self, who: Principal, work_id: UUID, role: str) -> DownloadLink:
        order = await self._owning_order(who, work_id)
        if not await self._entitlements.is_entitled(who.user_id, work_id):
            raise NotFound(OrderError.NOT_IN_LIBRARY)
        async with self._uow():
            used = await self._orders.downloads_count(order.id, work_id)
            if used >= self._limit:
                raise DownloadLimitReached(OrderError.DOWNLOAD_LIMIT_REACHED, limit=self._limit)
            url, expires_at = await self._links.download_url(work_id, role, who.user_id)
            await self._orders.add_download(order.id, work_id, who.user_id, role, datetime.now(UTC))
        return DownloadLink(url, expires_at, self._limit - used - 1)

    async def _owning_order(self, who: Principal, work_id: UUID) -> Order:
        for order in await self._orders.of_buyer(who.user_id, limit=1000):
            if order.status in OWNING and work_id in order.work_ids:
                return order
        raise NotFound(OrderError.NOT_IN_LIBRARY)
