"""Deliverables: the items a quote lists, each uploaded by the rights side and delivered to the
partner after payment through links of its own that expire and count their downloads. Another
person asking gets 404; an expired or used-up link 410."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.domain import Principal
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from infra.ids import new_id
from marketplace.licensing.contracts.errors import Gone, PaperworkError
from marketplace.licensing.deals.domain import DealState, Side
from marketplace.licensing.deals.errors import DealError
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.deliverables.domain import (
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_LABEL,
    Deliverable,
    DeliverableKind,
    DeliveryLink,
    LinkFault,
    file_key,
)
from marketplace.licensing.deliverables.repository import DeliverableRepository
from media.storage.port import ObjectStorage

LINK_DAYS = 7
LINK_DOWNLOADS = 5
QUOTABLE = frozenset({DealState.REQUESTED, DealState.OFFERED})


def quoted(items: Iterable[tuple[str, str]]) -> list[tuple[DeliverableKind, str]]:
    """The quote's items checked (422 `invalid_deliverable`): known kinds, short labels."""
    checked = []
    for kind, label in items:
        try:
            checked.append((DeliverableKind(kind), label.strip()[:MAX_LABEL]))
        except ValueError:
            raise InvalidInput(PaperworkError.INVALID_DELIVERABLE) from None
    if len(checked) > MAX_ITEMS:
        raise InvalidInput(PaperworkError.INVALID_DELIVERABLE)
    return checked


class DeliverableService:
    def __init__(
        self,
        deals: DealService,
        storage: ObjectStorage,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._deals = deals
        self._storage = storage
        self._now = clock
        self._repo = DeliverableRepository()

    async def quote(
        self, who: Principal, deal_id: UUID, items: list[tuple[DeliverableKind, str]]
    ) -> list[Deliverable]:
        """The rights side lists what its quote delivers (replacing the last quote's list)."""
        deal, side = await self._deals.get(who, deal_id, to_act=True)
        if side is not Side.RIGHTS:
            raise Forbidden(DealError.OTHER_SIDE)
        if deal.state not in QUOTABLE:
            raise Conflict(DealError.WRONG_STATE)
        rows = [Deliverable(new_id(), deal.id, kind, label) for kind, label in items]
        await self._repo.replace(deal.id, rows)
        return rows

    async def of_deal(self, who: Principal, deal_id: UUID) -> list[Deliverable]:
        deal, _ = await self._deals.get(who, deal_id)
        return await self._repo.of_deal(deal.id)

    async def downloads(self, who: Principal, deal_id: UUID) -> dict[UUID, int]:
        """How many times the partner downloaded each item (either side reads it)."""
        items = await self.of_deal(who, deal_id)
        return await self._repo.downloads([item.id for item in items])

    async def upload(
        self, who: Principal, deal_id: UUID, item_id: UUID, data: bytes, content_type: str
    ) -> Deliverable:
        """The rights side stores the item's file, named by its SHA-256; it may replace it
        until the partner has downloaded it once (409 `deliverable_downloaded`)."""
        await self._item(who, deal_id, item_id, Side.RIGHTS)
        if not data:
            raise InvalidInput(PaperworkError.DELIVERABLE_EMPTY)
        if len(data) > MAX_FILE_BYTES:
            raise InvalidInput(
                PaperworkError.DELIVERABLE_TOO_LARGE, max_mb=MAX_FILE_BYTES // (1024 * 1024)
            )
        sha256 = hashlib.sha256(data).hexdigest()

        def put(key: str) -> None:
            self._storage.put(key, [data], content_type)

        return await self.store(who, deal_id, item_id, sha256, len(data), content_type, put)

    async def replaceable(self, who: Principal, deal_id: UUID, item_id: UUID) -> Deliverable:
        """The item, for a member acting on the rights side, while its file may still be
        (re)placed: until the partner's first download (409 `deliverable_downloaded`)."""
        item = await self._item(who, deal_id, item_id, Side.RIGHTS)
        if (await self._repo.downloads([item.id]))[item.id]:
            raise Conflict(PaperworkError.DELIVERABLE_DOWNLOADED)
        return item

    async def store(
        self,
        who: Principal,
        deal_id: UUID,
        item_id: UUID,
        sha256: str,
        size: int,
        content_type: str,
        put: Callable[[str], None],
    ) -> Deliverable:
        """The item's file becomes the one `put` stores (in a thread) under its SHA-256."""
        item = await self.replaceable(who, deal_id, item_id)
        key = file_key(deal_id, item.id, sha256)
        await asyncio.to_thread(put, key)
        await self._repo.uploaded(item, key, content_type, size, self._now())
        if item.storage_key and item.storage_key != key:
            # The replaced file was never downloaded: nothing refers to it any more.
            await asyncio.to_thread(self._storage.delete, item.storage_key)
        return Deliverable(item.id, item.deal_id, item.kind, item.label, key, content_type, size)

    async def link(self, who: Principal, deal_id: UUID, item_id: UUID) -> DeliveryLink:
        """A new link for the partner, once the deal is paid and the file is there."""
        item = await self._item(who, deal_id, item_id, Side.PARTNER)
        deal, _ = await self._deals.get(who, deal_id)
        if deal.state is not DealState.LICENSED:
            raise Conflict(PaperworkError.NOT_PAID)
        if not item.uploaded:
            raise Conflict(PaperworkError.DELIVERABLE_NOT_UPLOADED)
        now = self._now()
        link = DeliveryLink(
            new_id(), item.id, who.user_id, now + timedelta(days=LINK_DAYS), LINK_DOWNLOADS, 0
        )
        await self._repo.add_link(link, now)
        return link

    async def download(self, who: Principal, link_id: UUID) -> tuple[Deliverable, Iterator[bytes]]:
        """One counted download through a link: the partner's own only (404 for anyone else),
        410 once expired or used up."""
        link = await self._repo.link(link_id)
        if link is None or link.partner_user_id != who.user_id:
            raise NotFound(PaperworkError.DELIVERABLE_NOT_FOUND)
        item = await self._repo.get(link.deliverable_id)
        if item is None:
            raise NotFound(PaperworkError.DELIVERABLE_NOT_FOUND)
        deal, _ = await self._deals.get(who, item.deal_id)
        if deal.state is not DealState.LICENSED:  # refunded since
            raise NotFound(PaperworkError.DELIVERABLE_NOT_FOUND)
        fault = link.refusal(self._now())
        if fault is None and not await self._repo.count_download(link):
            fault = LinkFault.USED_UP  # the last download went to a concurrent request
        if fault is LinkFault.EXPIRED:
            raise Gone(PaperworkError.LINK_EXPIRED)
        if fault is LinkFault.USED_UP:
            raise Gone(PaperworkError.LINK_USED_UP)
        return item, self._storage.read_range(item.storage_key)

    async def _item(self, who: Principal, deal_id: UUID, item_id: UUID, side: Side) -> Deliverable:
        # The rights side changes files (a read-only member may not); the partner side reads.
        deal, their_side = await self._deals.get(who, deal_id, to_act=side is Side.RIGHTS)
        item = await self._repo.get(item_id)
        if item is None or item.deal_id != deal.id:
            raise NotFound(PaperworkError.DELIVERABLE_NOT_FOUND)
        if their_side is not side:
            raise Forbidden(DealError.OTHER_SIDE)
        return item
