"""The meetings' pages: asking a stand for a meeting (its free slots), and "Mes rendez-vous"
for both sides (requests, accept or decline, the .ics of a booked meeting)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, error_page, page_errors, requires_user
from infra.errors import AppError, Forbidden, InvalidInput, NotFound
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.errors import MarketError
from marketplace.markets.meetings.cancellation import MeetingCancellations
from marketplace.markets.meetings.controllers import ics_response
from marketplace.markets.meetings.schemas import MeetingDayIn
from marketplace.markets.meetings.service import MAX_QUOTA, MeetingService
from marketplace.markets.page_helpers import CATEGORY_NAMES, helpers, translated
from marketplace.markets.service import MANAGERS, MarketService

MARKET_PAGE = "/marches/{slug:str}"
ASK_PAGE = MARKET_PAGE + "/stands/{stand_id:uuid}/rendez-vous"
MINE_PAGE = MARKET_PAGE + "/rendez-vous"
ANSWER = MINE_PAGE + "/{meeting_id:uuid}"
HOURS_PAGE = MINE_PAGE + "/horaires"
MEETING_STATE_NAMES = {
    "requested": N_("En attente"),
    "booked": N_("Confirmé"),
    "declined": N_("Décliné"),
    "cancelled": N_("Annulé"),
    "withdrawn": N_("Retirée"),
}


def _state_label(value: object) -> str:
    key = str(getattr(value, "value", value))
    return gettext(MEETING_STATE_NAMES[key]) if key in MEETING_STATE_NAMES else key


def _moment(value: object) -> datetime:
    try:
        return datetime.fromisoformat(str(value)[:40])
    except ValueError:
        raise InvalidInput(MarketError.MEETING_SLOTS, max=3) from None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(MarketError.INVALID_MEETING_HOURS) from None


def _count(value: object) -> int | None:
    """A quota field: empty is no limit; anything but a whole number is refused."""
    text = str(value).strip()[:4]
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(MarketError.INVALID_QUOTA, max=MAX_QUOTA)
    return int(text)


def _page_error(error: AppError) -> bool:
    """Errors a page shows in place (bad input, a taken slot); others are pages of their own."""
    return error.status_code not in (403, 404)


class MeetingPages(Controller):
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
        "accreditations": provide_service(AccreditationService),
        "meetings": provide_service(MeetingService),
        "cancellations": provide_service(MeetingCancellations),
    }

    @get(ASK_PAGE)
    async def ask_page(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        accreditations: NamedDependency[AccreditationService],
        meetings: NamedDependency[MeetingService],
    ) -> Template:
        return await self._ask(request, slug, stand_id, me, markets, accreditations, meetings)

    @post(ASK_PAGE, opt={AFTER_LOGIN: "/marches/{slug}/stands/{stand_id}/rendez-vous"})
    async def ask(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        accreditations: NamedDependency[AccreditationService],
        meetings: NamedDependency[MeetingService],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        form = await request.form()
        try:
            slots = [_moment(value) for value in form.getall("slot", [])[:10]]
            message = str(form.get("message", ""))[:2000]
            await meetings.ask(me, market.id, stand_id, slots, message)
        except AppError as error:
            if not _page_error(error):
                raise
            return await self._ask(
                request, slug, stand_id, me, markets, accreditations, meetings, error
            )
        return Redirect(f"/marches/{market.details.slug}/rendez-vous", status_code=303)

    @get(MINE_PAGE)
    async def mine(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        meetings: NamedDependency[MeetingService],
    ) -> Template:
        return await self._mine(request, slug, me, markets, meetings)

    @post(ANSWER + "/{answer:str}", opt={AFTER_LOGIN: "/marches/{slug}/rendez-vous"})
    async def answer(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        meeting_id: FromPath[UUID],
        answer: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        meetings: NamedDependency[MeetingService],
        cancellations: NamedDependency[MeetingCancellations],
    ) -> Template | Redirect:
        """The exhibitor's answer: "accepter" (the slot chosen) or "refuser" (a reason); or
        either side's "annuler" of a booked meeting (an optional reason); or the professional's
        "retirer" of an unanswered request."""
        form = await request.form()
        try:
            if answer == "accepter":
                await meetings.accept(me, meeting_id, _moment(form.get("slot", "")))
            elif answer == "refuser":
                await meetings.decline(me, meeting_id, str(form.get("reason", ""))[:1200])
            elif answer == "annuler":
                await cancellations.cancel(me, meeting_id, str(form.get("reason", ""))[:1200])
            elif answer == "retirer":
                await cancellations.withdraw(me, meeting_id)
            else:
                raise NotFound(MarketError.MEETING_NOT_FOUND)
        except AppError as error:
            if not _page_error(error):
                raise
            return await self._mine(request, slug, me, markets, meetings, error)
        return Redirect(f"/marches/{slug}/rendez-vous", status_code=303)

    @get(HOURS_PAGE)
    async def hours_page(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        meetings: NamedDependency[MeetingService],
    ) -> Template:
        return await self._hours(request, slug, me, markets, meetings)

    @post(HOURS_PAGE, opt={AFTER_LOGIN: "/marches/{slug}/rendez-vous/horaires"})
    async def set_hours(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        meetings: NamedDependency[MeetingService],
    ) -> Template | Redirect:
        """The managers' two forms: a day of meeting hours, or the quotas per category."""
        market = await markets.by_slug(me, slug)
        form = await request.form()
        try:
            if "day" in form:
                day, starts, ends = (
                    str(form.get(name, ""))[:10] for name in ("day", "starts", "ends")
                )
                hours = MeetingDayIn(_day(day), starts, ends).hours()
                await meetings.add_day(me, market.id, _day(day), *hours)
            else:
                quotas = {c: _count(form.get(f"quota_{c}", "")) for c in CATEGORY_NAMES}
                await meetings.set_quotas(
                    me, market.id, {c: n for c, n in quotas.items() if n is not None}
                )
        except AppError as error:
            if not _page_error(error):
                raise
            return await self._hours(request, slug, me, markets, meetings, error)
        return Redirect(f"/marches/{market.details.slug}/rendez-vous/horaires", status_code=303)

    @get(ANSWER + "/rendez-vous.ics")
    async def ics(
        self,
        meeting_id: FromPath[UUID],
        me: NamedDependency[Principal],
        meetings: NamedDependency[MeetingService],
    ) -> Response[bytes]:
        """The meeting's .ics for the signed-in side (the API's is for tokens)."""
        _, content = await meetings.ics(me, meeting_id)
        return ics_response(content)

    async def _hours(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        me: Principal,
        markets: MarketService,
        meetings: MeetingService,
        error: AppError | None = None,
    ) -> Template:
        market = await markets.managed(me, (await markets.by_slug(me, slug)).id, MANAGERS)
        return render(
            request,
            "markets/meetings_hours.html",
            me,
            error.status_code if error else 200,
            market=market,
            days=await meetings.days(me, market.id),
            quotas=await meetings.quotas(me, market.id),
            error=translated(error) if error else "",
            **helpers(),
        )

    async def _ask(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        stand_id: UUID,
        me: Principal,
        markets: MarketService,
        accreditations: AccreditationService,
        meetings: MeetingService,
        error: AppError | None = None,
    ) -> Template:
        market = await markets.by_slug(me, slug)
        accreditation = await accreditations.mine(me, market.id)
        return render(
            request,
            "markets/meeting_ask.html",
            me,
            error.status_code if error else 200,
            market=market,
            stand_id=stand_id,
            accredited=accreditation is not None and accreditation.granted,
            free=await meetings.free_slots(me, market.id, stand_id),
            stand_name=await meetings.stand_name(me, market.id, stand_id),
            error=translated(error) if error else "",
            **helpers(),
        )

    async def _mine(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        me: Principal,
        markets: MarketService,
        meetings: MeetingService,
        error: AppError | None = None,
    ) -> Template:
        market = await markets.by_slug(me, slug)
        return render(
            request,
            "markets/meetings_mine.html",
            me,
            error.status_code if error else 200,
            market=market,
            mine=await meetings.mine(me, market.id),
            error=translated(error) if error else "",
            meeting_state_label=_state_label,
            **helpers(),
        )
