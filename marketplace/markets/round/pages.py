"""The round's pages: the managers' round (open it, see how many lists, run it, the result),
and "Mes souhaits" for an accredited professional (stands) and for a stand (professionals),
each ranking with numbers: 1 first, empty for not wished."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, error_page, page_errors, requires_user
from infra.errors import AppError, Forbidden, InvalidInput, NotFound
from infra.http.dependencies import provide_service
from infra.http.pages import render
from marketplace.markets.errors import MarketError
from marketplace.markets.page_helpers import helpers, translated
from marketplace.markets.round.domain import MAX_WISHES
from marketplace.markets.round.run import RoundRunner
from marketplace.markets.round.service import Choices, RoundService
from marketplace.markets.service import MANAGERS, MarketService

MARKET_PAGE = "/marches/{slug:str}"
ROUND_PAGE = MARKET_PAGE + "/rendez-vous/tour"
MY_WISHES = MARKET_PAGE + "/rendez-vous/souhaits"
STAND_WISHES = MARKET_PAGE + "/stands/{stand_id:uuid}/souhaits"


def ranked_ids(form: FormMultiDict, offered: dict[UUID, str]) -> list[UUID]:
    """The ids given a number, by that number (ties: as offered); a number that is not one
    between 1 and the limit is refused."""
    numbered = []
    for position, key in enumerate(offered):
        text = str(form.get(f"rank_{key}", "")).strip()[:3]
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= MAX_WISHES:
            raise InvalidInput(MarketError.ROUND_WISHES, max=MAX_WISHES)
        numbered.append((int(text), position, key))
    return [key for _, _, key in sorted(numbered)]


def _page_error(error: AppError) -> bool:
    return error.status_code not in (403, 404)


class RoundPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = {
        **page_errors(not_found="markets/not_found.html"),
        Forbidden: error_page("markets/forbidden.html", 403),
    }
    dependencies = {
        "me": Provide(provide_page_user),
        "markets": provide_service(MarketService),
        "rounds": provide_service(RoundService),
        "runner": provide_service(RoundRunner),
    }

    # The managers --------------------------------------------------------------------------

    @get(ROUND_PAGE)
    async def round_page(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        rounds: NamedDependency[RoundService],
    ) -> Template:
        return await self._round(request, slug, me, markets, rounds)

    @post(ROUND_PAGE, opt={AFTER_LOGIN: "/marches/{slug}/rendez-vous/tour"})
    async def open_round(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        rounds: NamedDependency[RoundService],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        form = await request.form()
        try:
            try:
                day = date.fromisoformat(str(form.get("day", ""))[:10])
            except ValueError:
                raise InvalidInput(MarketError.ROUND_DAY_WITHOUT_HOURS) from None
            categories = [str(value)[:20] for value in form.getall("category", [])[:8]]
            await rounds.open(me, market.id, day, categories)
        except AppError as error:
            if not _page_error(error):
                raise
            return await self._round(request, slug, me, markets, rounds, error)
        return Redirect(f"/marches/{market.details.slug}/rendez-vous/tour", status_code=303)

    @post(ROUND_PAGE + "/lancer", opt={AFTER_LOGIN: "/marches/{slug}/rendez-vous/tour"})
    async def run_round(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        rounds: NamedDependency[RoundService],
        runner: NamedDependency[RoundRunner],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        try:
            await runner.run(me, market.id)
        except AppError as error:
            if not _page_error(error):
                raise
            return await self._round(request, slug, me, markets, rounds, error)
        return Redirect(f"/marches/{market.details.slug}/rendez-vous/tour", status_code=303)

    async def _round(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        me: Principal,
        markets: MarketService,
        rounds: RoundService,
        error: AppError | None = None,
    ) -> Template:
        market = await markets.managed(me, (await markets.by_slug(me, slug)).id, MANAGERS)
        try:
            round_ = await rounds.managed(me, market.id)
        except NotFound:
            round_ = None
        return render(
            request,
            "markets/round.html",
            me,
            error.status_code if error else 200,
            market=market,
            round=round_,
            error=translated(error) if error else "",
            **helpers(),
        )

    # Each side's wishes --------------------------------------------------------------------

    @get(MY_WISHES)
    async def my_wishes(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        rounds: NamedDependency[RoundService],
    ) -> Template:
        market = await markets.by_slug(me, slug)
        choices = await rounds.buyer_choices(me, market.id)
        return self._wishes(request, me, market, choices, None, None)

    @post(MY_WISHES, opt={AFTER_LOGIN: "/marches/{slug}/rendez-vous/souhaits"})
    async def rank_stands(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        rounds: NamedDependency[RoundService],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        choices = await rounds.buyer_choices(me, market.id)
        try:
            wanted = ranked_ids(await request.form(), choices.offered)
            await rounds.rank_stands(me, market.id, wanted)
        except AppError as error:
            if not _page_error(error):
                raise
            return self._wishes(request, me, market, choices, None, error)
        return Redirect(f"/marches/{market.details.slug}/rendez-vous/souhaits", status_code=303)

    @get(STAND_WISHES)
    async def stand_wishes(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        rounds: NamedDependency[RoundService],
    ) -> Template:
        market = await markets.by_slug(me, slug)
        stand, choices = await rounds.stand_choices(me, stand_id)
        if stand.market_id != market.id:
            raise NotFound(MarketError.STAND_NOT_FOUND)
        return self._wishes(request, me, market, choices, stand.name, None)

    @post(STAND_WISHES, opt={AFTER_LOGIN: "/marches/{slug}/stands/{stand_id}/souhaits"})
    async def rank_buyers(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        rounds: NamedDependency[RoundService],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        stand, choices = await rounds.stand_choices(me, stand_id)
        if stand.market_id != market.id:
            raise NotFound(MarketError.STAND_NOT_FOUND)
        try:
            wanted = ranked_ids(await request.form(), choices.offered)
            await rounds.rank_buyers(me, stand.id, wanted)
        except AppError as error:
            if not _page_error(error):
                raise
            return self._wishes(request, me, market, choices, stand.name, error)
        return Redirect(
            f"/marches/{market.details.slug}/stands/{stand.id}/souhaits", status_code=303
        )

    def _wishes(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        market: object,
        choices: Choices,
        stand_name: str | None,
        error: AppError | None,
    ) -> Template:
        ranks = {key: n for n, key in enumerate(choices.wishes, start=1)}
        return render(
            request,
            "markets/round_wishes.html",
            me,
            error.status_code if error else 200,
            market=market,
            choices=choices,
            ranks=ranks,
            stand_name=stand_name,
            max_wishes=MAX_WISHES,
            error=translated(error) if error else "",
            **helpers(),
        )
