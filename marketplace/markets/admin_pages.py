"""The organiser's pages (create a market, its administration: details, publication, team,
stands, accreditation requests) and the exhibitor's stand editor."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import error_page, page_errors, requires_user
from accounts.organisations.acting import acting_organisation
from accounts.organisations.capabilities import PUBLISH_MARKET
from accounts.organisations.documents import MAX_DOCUMENT_BYTES
from infra.errors import AppError, Forbidden, InvalidInput
from infra.http.dependencies import provide_service
from infra.http.pages import render
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.domain import Market
from marketplace.markets.errors import MarketError
from marketplace.markets.market_prices import MarketPrices
from marketplace.markets.page_helpers import details_from_form, helpers, local_input, translated
from marketplace.markets.service import MANAGERS, MarketService, role_of
from marketplace.markets.stand import (
    Audience,
    Contact,
    DocumentKind,
    ExhibitorKind,
    Stand,
    StandDetails,
)
from marketplace.markets.stand_repository import StandFilter
from marketplace.markets.stands import StandService
from marketplace.offers.service import terms_from

ADMIN = "/marches/{market_id:uuid}/gestion"
EDITOR = "/marches/stands/{stand_id:uuid}/modifier"


def _cents(value: str) -> int:
    try:
        return round(float(value.replace(",", ".").strip()) * 100)
    except ValueError:
        raise InvalidInput(MarketError.INVALID_TABLES, max=0) from None


class MarketAdminPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = {
        **page_errors(not_found="markets/not_found.html"),
        Forbidden: error_page("markets/forbidden.html", 403),
    }
    request_max_body_size = 2 * MAX_DOCUMENT_BYTES
    dependencies = {
        "me": Provide(provide_page_user),
        "markets": provide_service(MarketService),
        "stands": provide_service(StandService),
        "accreditations": provide_service(AccreditationService),
        "prices": provide_service(MarketPrices),
    }

    @get("/marches/organiser")
    async def organiser(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        stands: NamedDependency[StandService],
    ) -> Template:
        return await self._organiser(request, me, markets, stands)

    @post("/marches/organiser")
    async def create(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        stands: NamedDependency[StandService],
    ) -> Template | Redirect:
        form = await request.form()
        acting = await acting_organisation(request)
        if acting is None or not acting.unlocks(PUBLISH_MARKET):
            raise Forbidden(MarketError.TEAM_ONLY)
        try:
            market = await markets.create(me, acting.id, details_from_form(form))
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            values = {key: str(value)[:300] for key, value in form.items()}
            return await self._organiser(
                request, me, markets, stands, error.status_code, translated(error), values
            )
        return Redirect(ADMIN.replace("{market_id:uuid}", str(market.id)), status_code=303)

    @get(ADMIN)
    async def admin(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        stands: NamedDependency[StandService],
        accreditations: NamedDependency[AccreditationService],
    ) -> Template:
        market = await markets.managed(me, market_id, MANAGERS)
        return await self._admin(request, me, market, stands, accreditations)

    @post(ADMIN + "/{action:str}")
    async def act(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        action: FromPath[str],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        stands: NamedDependency[StandService],
        accreditations: NamedDependency[AccreditationService],
    ) -> Template | Redirect:
        """One form of the administration page: details, publier, equipe, stand, accreditation."""
        market = await markets.managed(me, market_id, MANAGERS)
        form = await request.form()
        try:
            if action == "details":
                await markets.update(me, market.id, details_from_form(form))
            elif action == "publier":
                acting = await acting_organisation(request)
                if not me.is_staff and (acting is None or not acting.unlocks(PUBLISH_MARKET)):
                    raise Forbidden(MarketError.TEAM_ONLY)
                await markets.publish(me, market.id)
            elif action == "equipe":
                role = role_of(str(form.get("role", ""))[:20])
                await markets.set_member(me, market.id, UUID(str(form.get("user_id"))), role)
            elif action == "stand":
                await stands.open_stand(
                    me,
                    market.id,
                    ExhibitorKind.CREATOR,
                    creator_id=UUID(str(form.get("creator_id", "")).strip()),
                )
            elif action in ("accorder", "refuser"):
                accreditation_id = UUID(str(form.get("accreditation_id", "")))
                if action == "accorder":
                    await accreditations.grant(me, market.id, accreditation_id)
                else:
                    reason = str(form.get("reason", ""))[:1000]
                    await accreditations.refuse(me, market.id, accreditation_id, reason)
            else:
                raise InvalidInput(MarketError.INVALID_ROLE, allowed="")
        except ValueError:
            error = InvalidInput(MarketError.INVALID_EXHIBITOR)
            return await self._admin(request, me, market, stands, accreditations, error)
        except AppError as error:
            if error.status_code in (403, 404) and not isinstance(error, Forbidden):
                raise
            fresh = await markets.managed(me, market_id, MANAGERS)
            return await self._admin(request, me, fresh, stands, accreditations, error)
        return Redirect(ADMIN.replace("{market_id:uuid}", str(market.id)), status_code=303)

    @get(EDITOR)
    async def editor(
        self,
        request: Request[Any, Any, Any],
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        stands: NamedDependency[StandService],
        prices: NamedDependency[MarketPrices],
    ) -> Template:
        return await self._editor(request, me, stand_id, stands, prices)

    @post(EDITOR + "/{part:str}")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        stand_id: FromPath[UUID],
        part: FromPath[str],
        me: NamedDependency[Principal],
        stands: NamedDependency[StandService],
        prices: NamedDependency[MarketPrices],
    ) -> Template | Redirect:
        """One form of the stand editor: presentation, oeuvres, document, prix."""
        stand, _ = await stands.editable(me, stand_id)
        form = await request.form()
        try:
            if part == "presentation":
                await stands.update(
                    me, stand.id, _stand_details(form, stand), form.getall("disciplines", [])
                )
            elif part == "oeuvres":
                work_ids = [UUID(str(w)) for w in form.getall("work_ids", [])][:50]
                await stands.select_works(me, stand.id, work_ids)
            elif part == "document":
                upload = form.get("file")
                content = (
                    await upload.read() if upload is not None and hasattr(upload, "read") else b""
                )
                await stands.add_document(
                    me,
                    stand.id,
                    DocumentKind(str(form.get("kind", "press_kit"))),
                    Audience(str(form.get("audience", "public"))),
                    str(getattr(upload, "filename", "document.pdf"))[:200],
                    content,
                )
            elif part == "prix":
                terms = terms_from("fixed", _cents(str(form.get("price", ""))), 0)
                await prices.set_price(me, stand.id, UUID(str(form.get("work_id"))), terms)
            else:
                raise InvalidInput(MarketError.INVALID_DOCUMENT, max=10)
        except ValueError:
            error = InvalidInput(MarketError.INVALID_DOCUMENT, max=MAX_DOCUMENT_BYTES // 2**20)
            return await self._editor(request, me, stand_id, stands, prices, error)
        except AppError as error:
            if error.status_code == 404 and part != "oeuvres":
                raise
            return await self._editor(request, me, stand_id, stands, prices, error)
        return Redirect(EDITOR.replace("{stand_id:uuid}", str(stand.id)), status_code=303)

    async def _organiser(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        markets: MarketService,
        stands: StandService,
        status_code: int = 200,
        error: str = "",
        form: dict[str, str] | None = None,
    ) -> Template:
        acting = await acting_organisation(request)
        return render(
            request,
            "markets/organiser.html",
            me,
            status_code,
            markets=await markets.mine(me),
            stands=await stands.mine(me),
            may_create=acting is not None and acting.unlocks(PUBLISH_MARKET),
            acting=acting,
            error=error,
            form=form or {},
            **helpers(),
        )

    async def _admin(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        market: Market,
        stands: StandService,
        accreditations: AccreditationService,
        error: AppError | None = None,
    ) -> Template:
        return render(
            request,
            "markets/admin.html",
            me,
            error.status_code if error else 200,
            market=market,
            stands=await stands.search(me, market.id, StandFilter()),
            requests=await accreditations.of_market(me, market.id),
            form=_market_form(market),
            error=translated(error) if error else "",
            **helpers(),
        )

    async def _editor(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        stand_id: UUID,
        stands: StandService,
        prices: MarketPrices,
        error: AppError | None = None,
    ) -> Template:
        stand, market = await stands.editable(me, stand_id)
        view = await stands.view(me, market.id, stand.id)
        return render(
            request,
            "markets/stand_editor.html",
            me,
            error.status_code if error else 200,
            market=market,
            view=view,
            own_works=await stands.own_works(me, stand),
            prices=await prices.of_works(market.id, list(stand.work_ids)),
            error=translated(error) if error else "",
            **helpers(),
        )


def _market_form(market: Market) -> dict[str, str]:
    """The edit form's values: the market as it is, its window in Martinique's time."""
    details = market.details
    return {
        "name": details.name,
        "edition": details.edition,
        "slug": details.slug,
        "opens_at": local_input(details.window.opens_at),
        "closes_at": local_input(details.window.closes_at),
        "sections": " ".join(str(s) for s in details.sections),
        **{f"description_{tag}": text for tag, text in details.descriptions.items()},
    }


def _stand_details(form: Any, stand: Stand) -> StandDetails:
    contacts = []
    for line in str(form.get("contacts", ""))[:4000].splitlines():
        parts = [part.strip() for part in line.split(",")]
        if any(parts):
            contacts.append(Contact(*[*parts, "", "", ""][:4]))
    try:
        tables = int(str(form.get("tables", "1")).strip() or "1")
    except ValueError:
        raise InvalidInput(MarketError.INVALID_TABLES, max=20) from None
    return StandDetails(
        presentations={
            tag: str(form.get(f"presentation_{tag}", ""))[:6000]
            for tag in ("fr", "en", "es", "gcf-MQ")
        },
        contacts=contacts,
        tables=tables,
        # The page edits no live slot yet (the API does): the stand keeps its own.
        live_slots=list(stand.details.live_slots),
    )
