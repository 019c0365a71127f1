"""The stand codes' JSON API: batches for a stand's editors, redemption for anyone signed in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.organisations.staff_controllers import attachment
from infra.http.dependencies import provide_service
from infra.http.request_context import client_ip_var
from marketplace.markets.codes.adapters import SheetPdf
from marketplace.markets.codes.domain import Batch
from marketplace.markets.codes.service import StandCodes

DEPENDENCIES: dict[str, Any] = {
    "codes": provide_service(StandCodes),
    "sheets": provide_service(SheetPdf),
    "me": Provide(provide_user),
}


class BatchIn(msgspec.Struct, forbid_unknown_fields=True):
    work_id: UUID
    count: int
    price_cents: int


class RedeemIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=40)]


class BatchOut(msgspec.Struct):
    id: UUID
    market_id: UUID
    stand_id: UUID
    work_id: UUID
    count: int
    price_cents: int
    total_cents: int
    state: str
    redeemed: int
    order_id: UUID | None
    created_at: datetime
    sold_at: datetime | None
    sheet_url: str

    @classmethod
    def of(cls, batch: Batch) -> BatchOut:
        return cls(
            id=batch.id,
            market_id=batch.market_id,
            stand_id=batch.stand_id,
            work_id=batch.work_id,
            count=batch.size,
            price_cents=batch.price_cents,
            total_cents=batch.total_cents,
            state=batch.state.value,
            redeemed=batch.redeemed,
            order_id=batch.order_id,
            created_at=batch.created_at,
            sold_at=batch.sold_at,
            sheet_url=f"/api/code-batches/{batch.id}/sheet.pdf",
        )


class RedeemedOut(msgspec.Struct):
    work_id: UUID
    market_id: UUID
    batch_id: UUID


async def sheet_download(
    codes: StandCodes, sheets: SheetPdf, me: Principal, batch_id: UUID
) -> Response[bytes]:
    """The printable sheet as an attachment (never shown inside Lakou's pages)."""
    sheet = await codes.sheet(me, batch_id)
    return attachment(
        await sheets.pdf(sheet), "application/pdf", f"codes-{sheet.batch.id.hex[:8]}.pdf"
    )


class StandCodeController(Controller):
    path = "/api"
    tags = ["markets"]
    guards = [requires_user]
    dependencies = DEPENDENCIES

    @post("/stands/{stand_id:uuid}/code-batches", status_code=HTTP_201_CREATED)
    async def create(
        self,
        stand_id: FromPath[UUID],
        data: JSONBody[BatchIn],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> BatchOut:
        """A batch of single-use download codes for a work on the caller's stand, at a price
        per code (VAT included); not redeemable until recorded as sold."""
        return BatchOut.of(
            await codes.create(me, stand_id, data.work_id, data.count, data.price_cents)
        )

    @get("/stands/{stand_id:uuid}/code-batches")
    async def batches(
        self,
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> list[BatchOut]:
        """The stand's batches: printed, sold or void, and how many codes were redeemed."""
        return [BatchOut.of(batch) for batch in (await codes.of_stand(me, stand_id)).batches]

    @get("/code-batches/{batch_id:uuid}/sheet.pdf")
    async def sheet(
        self,
        batch_id: FromPath[UUID],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
        sheets: NamedDependency[SheetPdf],
    ) -> Response[bytes]:
        """The printable sheet: one QR code per code, with the code in full."""
        return await sheet_download(codes, sheets, me, batch_id)

    @post("/code-batches/{batch_id:uuid}/sale", status_code=HTTP_200_OK)
    async def sell(
        self,
        batch_id: FromPath[UUID],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> BatchOut:
        """The batch was sold at the stand (cash): a sale of the market; its codes now work."""
        return BatchOut.of(await codes.sell(me, batch_id))

    @post("/code-batches/{batch_id:uuid}/void", status_code=HTTP_200_OK)
    async def void(
        self,
        batch_id: FromPath[UUID],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> BatchOut:
        """Cancel a batch before its sale: its codes will never be redeemed."""
        return BatchOut.of(await codes.void(me, batch_id))

    @post("/codes/redeem", status_code=HTTP_200_OK)
    async def redeem(
        self,
        data: JSONBody[RedeemIn],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> RedeemedOut:
        """A code from a stand's sheet: its work enters the caller's library, once per code."""
        done = await codes.redeem(me, data.code, client_ip_var.get() or "unknown")
        return RedeemedOut(
            work_id=done.batch.work_id, market_id=done.batch.market_id, batch_id=done.batch.id
        )
