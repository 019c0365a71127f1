"""A creator's figures for the studio: plays, sales, holders' shares, payouts, balance.

Read-only. Sales figures come from revenue's summary (`StatementService.summary`); plays are
the plays that count, from the play protocol's read model (`media.plays.analytics`): 30 s or
half of a short work, once per listener and 30 minutes, never the owner's or staff's.
The detailed figures (listeners, outcomes, retention, countries, sources, over time) are in
`analytics.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency, Provide

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CreatorQuery, WorkQuery
from marketplace.catalogue.service import CatalogueService
from marketplace.revenue.statement_service import StatementService
from media.plays.analytics import counted_plays

MAX_WORKS = 500


async def plays_by_work(work_ids: Iterable[UUID]) -> dict[UUID, int]:
    """How many plays counted for each of these works (full plays, not previews)."""
    return await counted_plays(work_ids)


async def works_of(catalogue: CatalogueService, me: Principal) -> list[Work]:
    """Every work of the caller's creator profiles, drafts included."""
    works: list[Work] = []
    for creator in await catalogue.list_creators(CreatorQuery(owner_id=me.user_id, limit=100)):
        works.extend(
            await catalogue.list_works(
                WorkQuery(
                    viewer_id=me.user_id,
                    viewer_is_staff=False,
                    creator_id=creator.id,
                    limit=MAX_WORKS,
                )
            )
        )
    return works


class WorkFigures(msgspec.Struct):
    work_id: UUID
    title: str
    plays: int
    sales: int
    gross_cents: int
    holders_cents: int
    paid_out_cents: int
    balance_cents: int


class StudioStatsOut(msgspec.Struct):
    works: list[WorkFigures]
    plays: int
    sales: int
    gross_cents: int
    holders_cents: int
    paid_out_cents: int
    balance_cents: int


def _title(work: Work) -> str:
    titles = work.details.titles
    return titles.get("fr") or next(iter(titles.values()), "")


async def studio_figures(
    catalogue: CatalogueService, statements: StatementService, me: Principal
) -> StudioStatsOut:
    """Plays and money for each of the caller's works, and the totals."""
    works = await works_of(catalogue, me)
    plays = await plays_by_work(work.id for work in works)
    money = {item.work_id: item for item in await statements.summary(me)}
    figures = []
    for work in works:
        sold = money.get(work.id)
        figures.append(
            WorkFigures(
                work_id=work.id,
                title=_title(work),
                plays=plays.get(work.id, 0),
                sales=sold.sales if sold else 0,
                gross_cents=sold.gross_cents if sold else 0,
                holders_cents=sold.holders_cents if sold else 0,
                paid_out_cents=sold.paid_out_cents if sold else 0,
                balance_cents=sold.balance_cents if sold else 0,
            )
        )
    return StudioStatsOut(
        works=figures,
        plays=sum(f.plays for f in figures),
        sales=sum(f.sales for f in figures),
        gross_cents=sum(f.gross_cents for f in figures),
        holders_cents=sum(f.holders_cents for f in figures),
        paid_out_cents=sum(f.paid_out_cents for f in figures),
        balance_cents=sum(f.balance_cents for f in figures),
    )


class StudioStatsController(Controller):
    path = "/api/studio"
    tags = ["studio"]
    guards = [requires_user]
    dependencies = {
        "me": Provide(provide_user),
        "catalogue": provide_service(CatalogueService),
        "statements": provide_service(StatementService),
    }

    @get("/stats")
    async def stats(
        self,
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        statements: NamedDependency[StatementService],
    ) -> StudioStatsOut:
        """The caller's works: plays that count, sales, holders' shares, payouts."""
        return await studio_figures(catalogue, statements, me)
