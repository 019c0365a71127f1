"""Large deliverables over the API, in parts: the rights side announces the file's size, sends
its parts in order (resuming from `next_part` after a dropped connection), then completes; the
file is then the item's, as if uploaded in one request."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from marketplace.licensing.deliverables.controllers import ITEM, DeliverableOut, item_out
from marketplace.licensing.deliverables.uploads import (
    MAX_UPLOAD_BYTES,
    DeliverableUploads,
    StagedUpload,
)

UPLOAD = ITEM + "/uploads/{delivery_upload_id:uuid}"


class UploadIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    size: Annotated[int, msgspec.Meta(ge=1, le=MAX_UPLOAD_BYTES)]
    content_type: Annotated[str, msgspec.Meta(max_length=100)] = "application/octet-stream"


class UploadOut(msgspec.Struct):
    id: UUID
    size: int
    part_size: int
    parts: int
    received_parts: list[int]
    next_part: int | None  # None: every part arrived, complete it
    part_url_template: str  # PUT each part here, {n} from 1


def upload_out(upload: StagedUpload) -> UploadOut:
    base = f"/api/licensing/deals/{upload.deal_id}/deliverables/{upload.item_id}"
    return UploadOut(
        upload.id,
        upload.size,
        upload.part_size,
        upload.parts,
        sorted(upload.received),
        upload.next_part,
        f"{base}/uploads/{upload.id}/parts/{{n}}",
    )


class DeliverableUploadController(Controller):
    path = "/api/licensing/deals"
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {
        "uploads": provide_service(DeliverableUploads),
        "me": Provide(provide_user),
    }

    @post(ITEM + "/uploads", status_code=HTTP_201_CREATED)
    async def begin(
        self,
        deal_id: FromPath[UUID],
        deliverable_id: FromPath[UUID],
        data: JSONBody[UploadIn],
        me: NamedDependency[Principal],
        uploads: NamedDependency[DeliverableUploads],
    ) -> UploadOut:
        """Announce a large file for the item (up to 20 GB): its parts' size and count."""
        upload = await uploads.begin(me, deal_id, deliverable_id, data.size, data.content_type)
        return upload_out(upload)

    @get(UPLOAD)
    async def state(
        self,
        deal_id: FromPath[UUID],
        deliverable_id: FromPath[UUID],
        delivery_upload_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[DeliverableUploads],
    ) -> UploadOut:
        """Which parts arrived: resume from `next_part`."""
        return upload_out(await uploads.state(me, deal_id, deliverable_id, delivery_upload_id))

    @put(UPLOAD + "/parts/{number:int}", request_max_body_size=None, status_code=HTTP_200_OK)
    async def put_part(
        self,
        request: Request[Any, Any, Any],
        deal_id: FromPath[UUID],
        deliverable_id: FromPath[UUID],
        delivery_upload_id: FromPath[UUID],
        number: FromPath[int],
        me: NamedDependency[Principal],
        uploads: NamedDependency[DeliverableUploads],
    ) -> UploadOut:
        """One part as the request body, in order; sending a part again replaces it. Its size
        is checked while it streams (no more than the part's, 422 past it)."""
        upload = await uploads.put_part(
            me, deal_id, deliverable_id, delivery_upload_id, number, request.stream()
        )
        return upload_out(upload)

    @post(UPLOAD + "/complete", status_code=HTTP_200_OK)
    async def complete(
        self,
        deal_id: FromPath[UUID],
        deliverable_id: FromPath[UUID],
        delivery_upload_id: FromPath[UUID],
        me: NamedDependency[Principal],
        uploads: NamedDependency[DeliverableUploads],
    ) -> DeliverableOut:
        """Every part arrived: the file is stored under its SHA-256 and becomes the item's."""
        return item_out(await uploads.complete(me, deal_id, deliverable_id, delivery_upload_id))
