"""The programme's pages: the market's programme (with the managers' forms), a session with
"Ajouter à mon agenda" and its .ics file, a premiere's countdown and watch party, and the
person's agenda in Martinique's time and their own."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_principal, provide_page_user
from accounts.domain import Principal
from accounts.guards import error_page, page_errors, requires_user
from infra.errors import AppError, Forbidden, InvalidInput
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.languages import TAGS
from marketplace.markets.errors import MarketError
from marketplace.markets.page_helpers import _moment as martinique_moment
from marketplace.markets.page_helpers import helpers, local_input, translated
from marketplace.markets.programme.controllers import agenda_feed_url, session_ics_file
from marketplace.markets.programme.domain import SessionDetails, SessionKind, Speaker
from marketplace.markets.programme.labels import programme_helpers
from marketplace.markets.programme.schemas import session_audience, session_kind
from marketplace.markets.programme.service import ProgrammeService
from marketplace.markets.service import MANAGERS, MarketService
from scheduling.feeds import CalendarFeeds

NOT_FOUND_PAGE = "markets/not_found.html"
FORBIDDEN_PAGE = "markets/forbidden.html"
PROGRAMME = "/marches/{slug:str}/programme"
SESSION_PAGE = PROGRAMME + "/{programme_session_id:uuid}"
MAX_WORK_IDS = 10


def next_quarter(moment: datetime) -> datetime:
    """The first quarter-hour mark at or after `moment` (Martinique is a whole hours' offset
    from UTC, so a UTC quarter is a Martinique quarter)."""
    floor = moment.replace(second=0, microsecond=0, minute=moment.minute - moment.minute % 15)
    return floor if floor == moment else floor + timedelta(minutes=15)


def _work_ids(text: str) -> tuple[UUID, ...]:
    try:
        return tuple(UUID(part) for part in text.replace(",", " ").split()[:MAX_WORK_IDS])
    except ValueError:
        raise InvalidInput(MarketError.WORK_NOT_FOUND) from None


def _room_id(text: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise InvalidInput(MarketError.ROOM_NOT_FOUND) from None


def details_from_form(form: Any) -> SessionDetails:
    speakers = [line.strip() for line in str(form.get("speakers", ""))[:4000].splitlines()]
    return SessionDetails(
        room_id=_room_id(str(form.get("room_id", ""))[:40]),
        kind=session_kind(str(form.get("kind", ""))[:30]),
        audience=session_audience(str(form.get("audience", "public"))[:30]),
        titles={tag: str(form.get(f"title_{tag}", ""))[:300] for tag in TAGS},
        descriptions={tag: str(form.get(f"description_{tag}", ""))[:6000] for tag in TAGS},
        starts_at=martinique_moment(str(form.get("starts_at", ""))),
        ends_at=martinique_moment(str(form.get("ends_at", ""))),
        speakers=tuple(Speaker(name) for name in speakers if name),
        work_ids=_work_ids(str(form.get("work_ids", ""))[:1000]),
    )


class ProgrammePages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = {
        **page_errors(not_found=NOT_FOUND_PAGE),
        Forbidden: error_page(FORBIDDEN_PAGE, 403),
    }
    dependencies = {
        "who": Provide(provide_page_principal),
        "me": Provide(provide_page_user),
        "markets": provide_service(MarketService),
        "programme": provide_service(ProgrammeService),
        "feeds": provide_service(CalendarFeeds),
    }

    @get(PROGRAMME)
    async def programme_page(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        who: NamedDependency[Principal | None],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Template:
        return await self._programme(request, slug, who, markets, programme)

    @post(PROGRAMME + "/salles", guards=[requires_user])
    async def add_room(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        form = await request.form()
        try:
            seats = str(form.get("seats", ""))[:6]
            await programme.add_room(
                me, market.id, str(form.get("name", ""))[:300], int(seats) if seats.isdigit() else 0
            )
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._programme(
                request, slug, me, markets, programme, error.status_code, translated(error), form
            )
        return Redirect(f"/marches/{market.details.slug}/programme#salles", status_code=303)

    @post(PROGRAMME + "/seances", guards=[requires_user])
    async def add_session(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        form = await request.form()
        try:
            session = await programme.create(me, market.id, details_from_form(form))
        except AppError as error:
            if error.status_code == 403 or error.error is MarketError.NOT_FOUND:
                raise
            return await self._programme(
                request, slug, me, markets, programme, error.status_code, translated(error), form
            )
        return Redirect(f"/marches/{market.details.slug}/programme/{session.id}", status_code=303)

    @get(SESSION_PAGE)
    async def session_page(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        programme_session_id: FromPath[UUID],
        who: NamedDependency[Principal | None],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Template:
        return await self._session(request, slug, programme_session_id, who, markets, programme)

    @post(SESSION_PAGE + "/agenda", guards=[requires_user])
    async def agenda_choice(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        programme_session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Template | Redirect:
        """Adds the session to the person's agenda, or takes it out ("remove")."""
        market = await markets.by_slug(me, slug)
        form = await request.form()
        try:
            if str(form.get("action", "add"))[:10] == "remove":
                await programme.leave(me, market.id, programme_session_id)
            else:
                await programme.join(me, market.id, programme_session_id)
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._session(
                request,
                slug,
                programme_session_id,
                me,
                markets,
                programme,
                error.status_code,
                translated(error),
            )
        return Redirect(
            f"/marches/{market.details.slug}/programme/{programme_session_id}", status_code=303
        )

    @post(SESSION_PAGE + "/annuler", guards=[requires_user])
    async def cancel(
        self,
        slug: FromPath[str],
        programme_session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Redirect:
        """The market's managers cancel a session: its room is free again; agendas keep it,
        marked as cancelled (their .ics feeds say STATUS:CANCELLED)."""
        market = await markets.by_slug(me, slug)
        await programme.cancel(me, market.id, programme_session_id)
        return Redirect(
            f"/marches/{market.details.slug}/programme/{programme_session_id}", status_code=303
        )

    @get(SESSION_PAGE + "/calendrier.ics")
    async def session_ics(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        programme_session_id: FromPath[UUID],
        who: NamedDependency[Principal | None],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Response[bytes]:
        """ "Ajouter à mon calendrier" from the page (the visitor's session cookie decides)."""
        market = await markets.by_slug(who, slug)
        view = await programme.view(who, market.id, programme_session_id)
        return session_ics_file(request, view)

    @get(SESSION_PAGE + "/premiere")
    async def premiere(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        programme_session_id: FromPath[UUID],
        who: NamedDependency[Principal | None],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Template:
        market = await markets.by_slug(who, slug)
        view, clock, now = await programme.premiere(who, market.id, programme_session_id)
        return render(
            request,
            "markets/programme/premiere.html",
            who,
            market=market,
            view=view,
            clock=clock,
            server_now=now,
            **helpers(),
            **programme_helpers(),
        )

    @get("/marches/agenda", guards=[requires_user])
    async def agenda(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        programme: NamedDependency[ProgrammeService],
        feeds: NamedDependency[CalendarFeeds],
    ) -> Template:
        sessions = await programme.agenda(me.user_id)
        return render(
            request,
            "markets/programme/agenda.html",
            me,
            sessions=sessions,
            slugs=await programme.slugs({s.market_id for s in sessions}),
            feed=agenda_feed_url(request, me.user_id, await feeds.token(me.user_id)),
            **helpers(),
            **programme_helpers(),
        )

    async def _programme(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        who: Principal | None,
        markets: MarketService,
        programme: ProgrammeService,
        status_code: int = 200,
        error: str = "",
        form: Any = None,
    ) -> Template:
        market = await markets.by_slug(who, slug)
        manager = who is not None and (who.is_staff or market.role_of(who.user_id) in MANAGERS)
        # The field's first value is also its step base: a quarter mark keeps the steps on them.
        start = local_input(next_quarter(max(market.window.opens_at, programme.now())))
        return render(
            request,
            "markets/programme/programme.html",
            who,
            status_code,
            market=market,
            sessions=await programme.programme(who, market.id),
            rooms=await programme.rooms(who, market.id),
            manager=manager,
            error=error,
            form=form or {},
            default_start=start,
            kinds=list(SessionKind),
            **helpers(),
            **programme_helpers(),
        )

    async def _session(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        session_id: UUID,
        who: Principal | None,
        markets: MarketService,
        programme: ProgrammeService,
        status_code: int = 200,
        error: str = "",
    ) -> Template:
        market = await markets.by_slug(who, slug)
        view = await programme.view(who, market.id, session_id)
        manager = who is not None and (who.is_staff or market.role_of(who.user_id) in MANAGERS)
        return render(
            request,
            "markets/programme/session.html",
            who,
            status_code,
            market=market,
            view=view,
            manager=manager,
            error=error,
            **helpers(),
            **programme_helpers(),
        )
