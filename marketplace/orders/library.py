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
from marketplace.orders.ports import (
    Acquisition,
    Acquisitions,
    DownloadLinks,
    Entitlements,
    OwnedTitles,
)
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
    receipt_url: str = ""  # where its paper is, when not the order's page


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
        self._acquisitions: list[Acquisitions] = []

    def add_acquisitions(self, source: Acquisitions) -> None:
        """A module that puts works in libraries without an order (wired at start-up)."""
        self._acquisitions.append(source)

    async def _acquired(self, who: Principal) -> list[Acquisition]:
        found: list[Acquisition] = []
        for source in self._acquisitions:
            found += await source.of_owner(who.user_id)
        return found

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
        acquired = [a for a in await self._acquired(who) if a.work_id not in first_order]
        formats = await self._links.download_roles_of(
            [*first_order, *(a.work_id for a in acquired)]
        )
        used.update(await self._orders.downloads_counts([a.key for a in acquired]))
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
        for item in acquired:
            owned.setdefault(
                item.work_id,
                OwnedWork(
                    work_id=item.work_id,
                    title=item.title,
                    order_id=item.key,
                    bought_at=item.acquired_at,
                    downloads_used=used.get((item.key, item.work_id), 0),
                    downloads_allowed=self._limit,
                    formats=formats.get(item.work_id, []),
                    receipt_url=item.receipt_url,
                ),
            )
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
        key = await self._owning_key(who, work_id)
        if not await self._entitlements.is_entitled(who.user_id, work_id):
            raise NotFound(OrderError.NOT_IN_LIBRARY)
        async with self._uow():
            used = await self._orders.downloads_count(key, work_id)
            if used >= self._limit:
                raise DownloadLimitReached(OrderError.DOWNLOAD_LIMIT_REACHED, limit=self._limit)
            url, expires_at = await self._links.download_url(work_id, role, who.user_id)
            await self._orders.add_download(key, work_id, who.user_id, role, datetime.now(UTC))
        return DownloadLink(url, expires_at, self._limit - used - 1)

    async def _owning_key(self, who: Principal, work_id: UUID) -> UUID:
        """The order (or the other acquisition) whose allowance a download counts against."""
        order: Order
        for order in await self._orders.of_buyer(who.user_id, limit=1000):
            if order.status in OWNING and work_id in order.work_ids:
                return order.id
        for item in await self._acquired(who):
            if item.work_id == work_id:
                return item.key
        raise NotFound(OrderError.NOT_IN_LIBRARY)
