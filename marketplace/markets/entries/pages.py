"""The market's calls for entries in its administration: the list and the form opening one
(then the calls module's own pages: entries, reviewing, decisions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import provide_page_user
from accounts.domain import Principal
from calls.service import call_path
from infra.errors import AppError, InvalidInput
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext
from marketplace.markets.entries.calls import MarketCalls, NewEntriesCall
from marketplace.markets.errors import MarketError
from marketplace.markets.page_helpers import MARTINIQUE, helpers, translated
from marketplace.markets.service import MANAGERS, MarketService
from marketplace.markets.team_pages import MarketTeamPages

ENTRIES = "/marches/{market_id:uuid}/gestion/appels"
CALL_STATE_NAMES = {
    "draft": N_("Brouillon"),
    "open": N_("Ouvert"),
    "closed": N_("Clos"),
    "decided": N_("Décidé"),
}


def _deadline(value: str) -> datetime:
    """A `datetime-local` field, read as Martinique's time (the festival's)."""
    try:
        return datetime.fromisoformat(value.strip()[:16]).replace(tzinfo=ZoneInfo(MARTINIQUE))
    except ValueError:
        raise InvalidInput(MarketError.INVALID_DEADLINE) from None


class MarketEntriesPages(MarketTeamPages):
    dependencies = {
        "me": Provide(provide_page_user),
        "markets": provide_service(MarketService),
        "entries": provide_service(MarketCalls),
    }

    @get(ENTRIES)
    async def listing(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        entries: NamedDependency[MarketCalls],
    ) -> Template:
        return await self._listing(request, market_id, me, markets, entries)

    @post(ENTRIES)
    async def open(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        entries: NamedDependency[MarketCalls],
    ) -> Template | Redirect:
        form = await request.form()
        values = {
            key: str(form.get(key, ""))[:2000]
            for key in ("title", "title_gcf", "description", "deadline")
        }
        try:
            call = await entries.open(
                me,
                market_id,
                NewEntriesCall(
                    title_fr=values["title"],
                    title_gcf=values["title_gcf"],
                    description_fr=values["description"],
                    deadline=_deadline(values["deadline"]),
                ),
            )
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._listing(
                request,
                market_id,
                me,
                markets,
                entries,
                error.status_code,
                translated(error),
                values,
            )
        return Redirect(call_path(call.id) + "/gestion", status_code=303)

    async def _listing(
        self,
        request: Request[Any, Any, Any],
        market_id: UUID,
        me: Principal,
        markets: MarketService,
        entries: MarketCalls,
        status_code: int = 200,
        error: str = "",
        values: dict[str, str] | None = None,
    ) -> Template:
        market = await markets.managed(me, market_id, MANAGERS)
        return render(
            request,
            "markets/entries.html",
            me,
            status_code,
            market=market,
            calls=await entries.of_market(me, market.id),
            error=error,
            values=values or {},
            call_state=lambda state: gettext(CALL_STATE_NAMES.get(str(state.value), state.value)),
            **helpers(),
        )
