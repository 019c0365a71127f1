"""The stand codes' pages: the exhibitor's batches (make, print, sell, void) and the public
redemption page a QR code opens."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_principal, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, error_page, page_errors, requires_user
from infra.errors import AppError, CommonError, Forbidden, InvalidInput
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.http.request_context import client_ip_var
from marketplace.markets.codes.adapters import SheetPdf
from marketplace.markets.codes.controllers import sheet_download
from marketplace.markets.codes.domain import MAX_CODES, grouped, normalise
from marketplace.markets.codes.service import StandCodes
from marketplace.markets.errors import MarketError
from marketplace.markets.page_helpers import helpers, translated

BATCHES = "/marches/stands/{stand_id:uuid}/codes"
BATCH = "/marches/codes/lots/{batch_id:uuid}"
REDEEM = "/codes"


def _whole(value: Any, error: MarketError, **params: Any) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise InvalidInput(error, **params) from None


def _cents(value: Any) -> int:
    try:
        return round(float(str(value).replace(",", ".").strip()) * 100)
    except ValueError:
        raise InvalidInput(MarketError.INVALID_CODE_PRICE, min="0,50", max="1000") from None


class StandCodePages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = {
        **page_errors(not_found="markets/not_found.html"),
        Forbidden: error_page("markets/forbidden.html", 403),
    }
    dependencies = {
        "who": Provide(provide_page_principal),
        "me": Provide(provide_page_user),
        "codes": provide_service(StandCodes),
        "sheets": provide_service(SheetPdf),
    }

    @get(BATCHES, guards=[requires_user])
    async def batches(
        self,
        request: Request[Any, Any, Any],
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> Template:
        return await self._batches(request, me, stand_id, codes)

    @post(BATCHES, guards=[requires_user])
    async def create(
        self,
        request: Request[Any, Any, Any],
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            work_id = UUID(str(form.get("work_id", "")))
        except ValueError:
            return await self._batches(
                request, me, stand_id, codes, InvalidInput(MarketError.NOT_ON_STAND)
            )
        try:
            size = _whole(
                form.get("count", ""), MarketError.INVALID_CODE_COUNT, min=1, max=MAX_CODES
            )
            await codes.create(me, stand_id, work_id, size, _cents(form.get("price", "")))
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._batches(request, me, stand_id, codes, error)
        return Redirect(BATCHES.replace("{stand_id:uuid}", str(stand_id)), status_code=303)

    @post(BATCH + "/{step:str}", guards=[requires_user])
    async def act(
        self,
        request: Request[Any, Any, Any],
        batch_id: FromPath[UUID],
        step: FromPath[str],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> Template | Redirect:
        """vendre (recorded as sold at the stand) or annuler (void before the sale)."""
        sheet = await codes.sheet(me, batch_id)  # a batch of the person's stand, or not found
        stand_id = sheet.stand.id
        try:
            if step == "vendre":
                await codes.sell(me, batch_id)
            elif step == "annuler":
                await codes.void(me, batch_id)
            else:
                raise InvalidInput(CommonError.INVALID_INPUT)
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._batches(request, me, stand_id, codes, error)
        return Redirect(BATCHES.replace("{stand_id:uuid}", str(stand_id)), status_code=303)

    @get(BATCH + "/feuille.pdf", guards=[requires_user])
    async def sheet(
        self,
        batch_id: FromPath[UUID],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
        sheets: NamedDependency[SheetPdf],
    ) -> Response[bytes]:
        return await sheet_download(codes, sheets, me, batch_id)

    @get(REDEEM)
    async def redeem_form(
        self, request: Request[Any, Any, Any], who: NamedDependency[Principal | None]
    ) -> Template:
        return render(request, "markets/code_redeem.html", who, code="", **helpers())

    @get(REDEEM + "/{code:str}", guards=[requires_user])
    async def from_qr(
        self,
        request: Request[Any, Any, Any],
        code: FromPath[str],
        me: NamedDependency[Principal],
    ) -> Template:
        """Opened from a QR code (signed in first): the code ready to redeem, nothing looked up
        yet (a page that said which codes exist would help guessing)."""
        shown = normalise(code[:40])
        return render(
            request,
            "markets/code_redeem.html",
            me,
            code=grouped(shown) if shown else code[:40],
            **helpers(),
        )

    @post(REDEEM, guards=[requires_user], opt={AFTER_LOGIN: REDEEM})
    async def redeem(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        codes: NamedDependency[StandCodes],
    ) -> Template:
        form = await request.form()
        typed = str(form.get("code", ""))[:40]
        try:
            done = await codes.redeem(me, typed, client_ip_var.get() or "unknown")
        except AppError as error:
            response = render(
                request,
                "markets/code_redeem.html",
                me,
                error.status_code,
                code=typed,
                error=translated(error),
                **helpers(),
            )
            retry = getattr(error, "retry_after_s", None)
            if retry is not None:
                response.headers["Retry-After"] = str(retry)
            return response
        return render(request, "markets/code_redeem.html", me, code="", redeemed=done, **helpers())

    async def _batches(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        stand_id: UUID,
        codes: StandCodes,
        error: AppError | None = None,
    ) -> Template:
        found = await codes.of_stand(me, stand_id)
        return render(
            request,
            "markets/codes.html",
            me,
            error.status_code if error else 200,
            view=found,
            error=translated(error) if error else "",
            max_codes=MAX_CODES,
            **helpers(),
        )
