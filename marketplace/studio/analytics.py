"""A creator's analytics: plays that count, listeners, outcomes, retention, countries, sources,
sales and revenue, over time, and the markets the works opened (the indicators' first reaches);
for the creator's own works only (others: 404).

Plays come from media's read model of the play protocol (`media.plays.analytics`); sales and
revenue from revenue's sales (`StatementService.work_sales`: gross, VAT included, refunds not
deducted, as the summary counts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

import msgspec
from babel import Locale
from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.errors import NotFound
from infra.http.dependencies import provide_service
from infra.i18n.context import N_, current_language, gettext
from infra.i18n.languages import BY_TAG, SOURCE
from marketplace.catalogue.domain import Work
from marketplace.catalogue.errors import WorkError
from marketplace.catalogue.service import CatalogueService
from marketplace.indicators.domain.periods import current_period
from marketplace.indicators.reaches import FirstReaches
from marketplace.revenue.statement_service import StatementService
from marketplace.studio.stats import works_of
from media.plays.analytics import PlayFigures, period_of, play_figures

Grain = Literal["day", "month"]
SOURCE_LABELS = {
    "work_page": N_("Page de l'œuvre"),
    "search": N_("Recherche"),
    "market": N_("Marché"),
    "embed": N_("Lecteur intégré"),
    "direct": N_("Accès direct"),
}
OUTCOME_LABELS = {
    "complete": N_("Complètes"),
    "partial": N_("Partielles"),
    "skip": N_("Passées"),
}


class PeriodOut(msgspec.Struct):
    period: str  # 2026-12-07 (day) or 2026-12 (month), Martinique time
    plays: int
    sales: int
    gross_cents: int


class CountOut(msgspec.Struct):
    key: str  # a country code ("" unknown), a source, an outcome
    label: str
    count: int


class NewMarketOut(msgspec.Struct):
    key: str  # the country's code
    label: str
    first_day: str  # the Martinique day the works first reached it (a sale, a full play)
    new: bool  # first reached this month (Martinique time)


class AnalyticsOut(msgspec.Struct):
    work_id: UUID | None  # None: every work of the caller
    grain: str
    plays: int
    previews: int
    listeners: int
    outcomes: list[CountOut]
    retention: list[float]  # share of full plays still heard at each tenth of the work
    retention_plays: int
    countries: list[CountOut]
    sources: list[CountOut]
    sales: int
    gross_cents: int
    periods: list[PeriodOut]
    # The markets the works opened (the indicators' new markets, for these works), latest first.
    new_markets: list[NewMarketOut] = msgspec.field(default_factory=list)


def country_label(code: str) -> str:
    if not code:
        return gettext("Pays inconnu")
    formats = BY_TAG.get(current_language(), BY_TAG[SOURCE]).formats
    return str(Locale.parse(formats).territories.get(code, code))


def _counts(pairs: list[tuple[str, int]], label: dict[str, str] | None = None) -> list[CountOut]:
    return [
        CountOut(key, gettext(label[key]) if label and key in label else country_label(key), n)
        for key, n in pairs
    ]


def new_markets(first_reaches: dict[str, str], now: datetime) -> list[NewMarketOut]:
    this_month = current_period("month", now)
    return [
        NewMarketOut(code, country_label(code), day, day[:7] == this_month)
        for code, day in sorted(first_reaches.items(), key=lambda item: (item[1], item[0]))[::-1]
    ]


async def analytics(
    statements: StatementService,
    reaches: FirstReaches,
    works: list[Work],
    grain: str,
    work_id: UUID | None = None,
) -> AnalyticsOut:
    ids = [work.id for work in works]
    plays: PlayFigures = await play_figures(ids, grain)
    sales = await statements.work_sales(ids)
    periods: dict[str, list[int]] = {p: [n, 0, 0] for p, n in plays.over_time.items()}
    for _work, paid_at, gross in sales:
        row = periods.setdefault(period_of(paid_at, grain), [0, 0, 0])
        row[1] += 1
        row[2] += gross
    outcomes = [(key, plays.outcomes.get(key, 0)) for key in OUTCOME_LABELS]
    return AnalyticsOut(
        work_id=work_id,
        grain=grain,
        plays=plays.plays,
        previews=plays.previews,
        listeners=plays.listeners,
        outcomes=_counts(outcomes, OUTCOME_LABELS),
        retention=[round(share, 3) for share in plays.retention],
        retention_plays=plays.retention_plays,
        countries=_counts(plays.countries),
        sources=_counts(plays.sources, SOURCE_LABELS),
        sales=len(sales),
        gross_cents=sum(gross for _w, _p, gross in sales),
        periods=[PeriodOut(p, *periods[p]) for p in sorted(periods)],
        new_markets=new_markets(await reaches.of_works(ids), datetime.now(UTC)),
    )


async def own_work(catalogue: CatalogueService, me: Principal, work_id: UUID) -> Work:
    """The caller's own work (staff: any); another creator's is not found."""
    work = await catalogue.get_work(me, work_id)
    if not (me.is_staff or work.owner_id == me.user_id):
        raise NotFound(WorkError.NOT_FOUND)
    return work


@dataclass(frozen=True)
class Scope:
    works: list[Work]
    work: Work | None


async def scope_of(catalogue: CatalogueService, me: Principal, work_id: UUID | None) -> Scope:
    if work_id is None:
        return Scope(await works_of(catalogue, me), None)
    work = await own_work(catalogue, me, work_id)
    return Scope([work], work)


class StudioAnalyticsController(Controller):
    path = "/api/studio"
    tags = ["studio"]
    guards = [requires_user]
    dependencies = {
        "me": Provide(provide_user),
        "catalogue": provide_service(CatalogueService),
        "statements": provide_service(StatementService),
        "reaches": provide_service(FirstReaches),
    }

    @get("/analytics")
    async def all_works(
        self,
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        statements: NamedDependency[StatementService],
        reaches: NamedDependency[FirstReaches],
        grain: FromQuery[Grain] = "day",
    ) -> AnalyticsOut:
        """Every work of the caller together: plays that count, listeners, outcomes,
        countries, sources, sales and revenue by day or month (Martinique time), and the
        markets they opened."""
        scope = await scope_of(catalogue, me, None)
        return await analytics(statements, reaches, scope.works, grain)

    @get("/works/{work_id:uuid}/analytics")
    async def one_work(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        statements: NamedDependency[StatementService],
        reaches: NamedDependency[FirstReaches],
        grain: FromQuery[Grain] = "day",
    ) -> AnalyticsOut:
        """One of the caller's works, with its retention curve and the markets it opened;
        another creator's: 404."""
        scope = await scope_of(catalogue, me, work_id)
        return await analytics(statements, reaches, scope.works, grain, work_id)
