"""Deliverables over the API: the rights side lists a quote's items and uploads each file; the
partner, once the deal is paid, asks for a link per item and downloads through it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from marketplace.licensing.deliverables.domain import MAX_FILE_BYTES, Deliverable
from marketplace.licensing.deliverables.service import DeliverableService, quoted

DEAL = "/{deal_id:uuid}"
ITEM = DEAL + "/deliverables/{deliverable_id:uuid}"


class ItemIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    kind: str
    label: str = ""


class ItemsIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    items: list[ItemIn]


class DeliverableOut(msgspec.Struct):
    id: UUID
    kind: str
    label: str
    uploaded: bool
    size: int
    sha256: str = ""  # the uploaded file's, hex
    downloads: int = 0  # by the partner, over every link


class LinkOut(msgspec.Struct):
    id: UUID
    url: str
    expires_at: datetime
    max_downloads: int


def item_out(item: Deliverable, downloads: int = 0) -> DeliverableOut:
    return DeliverableOut(
        item.id, item.kind.value, item.label, item.uploaded, item.size, item.sha256, downloads
    )


class DeliverableController(Controller):
    path = "/api/licensing/deals"
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {
        "deliverables": provide_service(DeliverableService),
        "me": Provide(provide_user),
    }

    @put(DEAL + "/deliverables", status_code=HTTP_200_OK)
    async def quote(
        self,
        deal_id: FromPath[UUID],
        data: JSONBody[ItemsIn],
        me: NamedDependency[Principal],
        deliverables: NamedDependency[DeliverableService],
    ) -> list[DeliverableOut]:
        """The rights side lists what its quote delivers (`master`, `stems`, `subtitles`,
        `press_kit`, each with a label), before the partner accepts."""
        items = quoted((item.kind, item.label) for item in data.items)
        return [item_out(i) for i in await deliverables.quote(me, deal_id, items)]

    @get(DEAL + "/deliverables")
    async def listed(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        deliverables: NamedDependency[DeliverableService],
    ) -> list[DeliverableOut]:
        items = await deliverables.of_deal(me, deal_id)
        counted = await deliverables.downloads(me, deal_id)
        return [item_out(i, counted.get(i.id, 0)) for i in items]

    @put(ITEM + "/file", status_code=HTTP_200_OK, request_max_body_size=MAX_FILE_BYTES)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        deal_id: FromPath[UUID],
        deliverable_id: FromPath[UUID],
        me: NamedDependency[Principal],
        deliverables: NamedDependency[DeliverableService],
    ) -> DeliverableOut:
        """The rights side uploads the item's file (the request body, as its content type; at
        most 25 MB), identified by its SHA-256; replaceable until the partner downloads it
        (409 `deliverable_downloaded`)."""
        content_type = request.headers.get("content-type", "application/octet-stream")[:100]
        data = await request.body()
        return item_out(await deliverables.upload(me, deal_id, deliverable_id, data, content_type))

    @post(ITEM + "/links", status_code=HTTP_201_CREATED)
    async def link(
        self,
        deal_id: FromPath[UUID],
        deliverable_id: FromPath[UUID],
        me: NamedDependency[Principal],
        deliverables: NamedDependency[DeliverableService],
    ) -> LinkOut:
        """The partner, once paid, gets a personal link to the item that expires and counts
        its downloads."""
        link = await deliverables.link(me, deal_id, deliverable_id)
        url = f"/api/licensing/deliveries/{link.id}"
        return LinkOut(link.id, url, link.expires_at, link.max_downloads)


class DeliveryController(Controller):
    path = "/api/licensing/deliveries"
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {
        "deliverables": provide_service(DeliverableService),
        "me": Provide(provide_user),
    }

    @get("/{link_id:uuid}", media_type="application/octet-stream")
    async def download(
        self,
        link_id: FromPath[UUID],
        me: NamedDependency[Principal],
        deliverables: NamedDependency[DeliverableService],
    ) -> Response[Any]:
        """One counted download: 404 for anyone but the partner, 410 once expired or used up."""
        item, chunks = await deliverables.download(me, link_id)
        return delivered(item, chunks)


def delivered(item: Deliverable, chunks: Iterator[bytes]) -> Response[Any]:
    return Stream(
        _iterate(chunks),
        media_type=item.content_type or "application/octet-stream",
        headers={
            "content-disposition": f'attachment; filename="{item.kind.value}"',
            "cache-control": "private, no-store",
        },
    )


def _iterate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield from chunks
