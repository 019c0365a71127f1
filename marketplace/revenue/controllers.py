"""Revenue's JSON API: split sheets, payout runs (staff), statements and the creator summary."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_staff, requires_user
from infra.http.dependencies import provide_service
from marketplace.revenue.payout_service import PayoutService
from marketplace.revenue.schemas import (
    PayoutRunIn,
    PayoutRunOut,
    SplitSheetIn,
    SplitSheetOut,
    SummaryOut,
)
from marketplace.revenue.split_service import SplitService
from marketplace.revenue.statement_service import StatementService

_DEPENDENCIES: dict[str, Any] = {
    "splits": provide_service(SplitService),
    "payouts": provide_service(PayoutService),
    "statements": provide_service(StatementService),
    "me": Provide(provide_user),
}


class SplitSheetController(Controller):
    path = "/api/works"
    tags = ["revenue"]
    guards = [requires_user]
    dependencies = _DEPENDENCIES

    @get("/{work_id:uuid}/splits")
    async def read(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        splits: NamedDependency[SplitService],
    ) -> SplitSheetOut:
        """The work's current split sheet (its owner or staff); version 0 is the default."""
        return SplitSheetOut.of(await splits.current(me, work_id))

    @put("/{work_id:uuid}/splits")
    async def replace(
        self,
        work_id: FromPath[UUID],
        data: JSONBody[SplitSheetIn],
        me: NamedDependency[Principal],
        splits: NamedDependency[SplitService],
    ) -> SplitSheetOut:
        """Save a new version: 1-50 holders whose share_bp add up to exactly 10000."""
        holders = [holder.to_input() for holder in data.holders]
        return SplitSheetOut.of(await splits.replace(me, work_id, holders))


class RevenueController(Controller):
    path = "/api/revenue"
    tags = ["revenue"]
    guards = [requires_user]
    dependencies = _DEPENDENCIES

    @post("/payout-runs", status_code=HTTP_202_ACCEPTED, guards=[requires_staff])
    async def request_run(
        self,
        me: NamedDependency[Principal],
        payouts: NamedDependency[PayoutService],
        data: JSONBody[PayoutRunIn | None] = None,
    ) -> PayoutRunOut:
        """Staff: ask for a payout run; a worker sends the transfers."""
        body = data or PayoutRunIn()
        return PayoutRunOut.of(await payouts.request_run(me, body.min_payout_cents))

    @get("/payout-runs/{run_id:uuid}")
    async def read_run(
        self,
        run_id: FromPath[UUID],
        me: NamedDependency[Principal],
        payouts: NamedDependency[PayoutService],
    ) -> PayoutRunOut:
        """Staff: a run and its payouts (anyone else: not found)."""
        run, sent = await payouts.get_run(me, run_id)
        return PayoutRunOut.of(run, sent)

    @get("/holders/{holder_id:uuid}/statement.csv", media_type="text/csv")
    async def statement(
        self,
        holder_id: FromPath[UUID],
        me: NamedDependency[Principal],
        statements: NamedDependency[StatementService],
    ) -> Response[str]:
        body = await statements.statement_csv(me, holder_id)
        return Response(
            body,
            media_type="text/csv",  # litestar adds the charset
            headers={
                "content-disposition": f'attachment; filename="lakou-statement-{holder_id}.csv"'
            },
        )

    @get("/summary")
    async def summary(
        self, me: NamedDependency[Principal], statements: NamedDependency[StatementService]
    ) -> SummaryOut:
        """The caller's works: sales, gross, their holders' shares, paid out, balance."""
        return SummaryOut.of(await statements.summary(me))
