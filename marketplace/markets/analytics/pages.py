"""The market team's analytics page (a table and bar charts per counter) and its CSV."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Response, Template

from accounts.auth import provide_page_user
from accounts.domain import Principal
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext
from marketplace.markets.analytics.counters import COUNTERS, bars, csv_text, totals
from marketplace.markets.analytics.service import MarketAnalytics
from marketplace.markets.page_helpers import helpers
from marketplace.markets.team_pages import MarketTeamPages

ANALYTICS = "/marches/{market_id:uuid}/gestion/statistiques"
COUNTER_NAMES = {
    "market": N_("Marché"),
    "day": N_("Jour (Martinique)"),
    "stand_visits": N_("Visites de stands"),
    "plays": N_("Écoutes et visionnages"),
    "meetings": N_("Rendez-vous"),
    "accreditations": N_("Accréditations"),
    "sales_units": N_("Ventes (unités)"),
    "sales_gross_cents": N_("Ventes (centimes TTC)"),
    "redemptions": N_("Codes utilisés"),
}


# The page shows money in euros; the CSV keeps integer cents for spreadsheets.
PAGE_NAMES = {**COUNTER_NAMES, "sales_gross_cents": N_("Ventes (TTC)")}


def _names(names: dict[str, str] = COUNTER_NAMES) -> dict[str, str]:
    return {key: gettext(label) for key, label in names.items()}


class MarketAnalyticsPages(MarketTeamPages):
    dependencies = {
        "me": Provide(provide_page_user),
        "analytics": provide_service(MarketAnalytics),
    }

    @get(ANALYTICS)
    async def page(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        analytics: NamedDependency[MarketAnalytics],
    ) -> Template:
        market, days = await analytics.days(me, market_id)
        return render(
            request,
            "markets/analytics.html",
            me,
            market=market,
            days=days,
            counters=COUNTERS,
            names=_names(),
            page_names=_names(PAGE_NAMES),
            totals=totals(days),
            charts={counter: bars(days, counter) for counter in COUNTERS},
            **helpers(),
        )

    @get(ANALYTICS + ".csv")
    async def csv(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        analytics: NamedDependency[MarketAnalytics],
    ) -> Response[str]:
        market, days = await analytics.days(me, market_id)
        filename = f"lakou-{market.details.slug}-statistiques.csv"
        return Response(
            csv_text(market.details.name, _names(), days),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "X-Content-Type-Options": "nosniff",
            },
        )
