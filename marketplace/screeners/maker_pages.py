"""The rights holder's forms: make a screener ("Nouveau screener", from the sent screeners'
page or from a market stand with `?stand=`) and change a screener's settings. Both post
through the same services as the API; a refused form comes back with its error and its values."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from infra.errors import AppError, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext
from marketplace.markets.page_helpers import CATEGORY_NAMES
from marketplace.screeners.editing import ScreenerEditor
from marketplace.screeners.forms import change_of, draft_of, optional_uuid, settings_values
from marketplace.screeners.pages import NOT_FOUND_PAGE, REPORT_PAGE
from marketplace.screeners.service import ScreenerService

NEW_PAGE = "/screeners/envoyes/nouveau"
SETTINGS_PAGE = "/screeners/envoyes/{screener_id}/reglages"


def error_text(error: AppError) -> str:
    return fill(gettext(error.error.message), error.params)


class ScreenerMakerPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "screeners": provide_service(ScreenerService),
        "editor": provide_service(ScreenerEditor),
    }

    async def _new_form(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        editor: ScreenerEditor,
        stand_id: UUID | None,
        values: dict[str, Any],
        status_code: int = 200,
        error: str | None = None,
    ) -> Template:
        choice = await editor.choices(me, stand_id)
        return render(
            request,
            "screeners/new.html",
            me,
            status_code=status_code,
            works=choice.works,
            stand_id=stand_id,
            from_market=choice.market_id is not None,
            categories=[(key, gettext(name)) for key, name in CATEGORY_NAMES.items()],
            countries_known=editor.countries_known,
            values=values,
            error=error,
        )

    @get(NEW_PAGE)
    async def new(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        editor: NamedDependency[ScreenerEditor],
    ) -> Template:
        stand_id = optional_uuid(request.query_params.get("stand") or "")
        values = {"max_views": "1", "session_policy": "refuse_second"}
        return await self._new_form(request, me, editor, stand_id, values)

    @post(NEW_PAGE, opt={AFTER_LOGIN: NEW_PAGE})
    async def create(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
        editor: NamedDependency[ScreenerEditor],
    ) -> Template | Redirect:
        form = await request.form()
        stand_id = optional_uuid(str(form.get("stand_id", "")))
        # Who exhibits on the stand is checked before anything is read (404 page otherwise).
        market_id = (await editor.choices(me, stand_id)).market_id
        try:
            screener, _ = await screeners.create(me, draft_of(form, market_id))
        except AppError as error:
            values = {key: form.get(key) for key in form if key not in ("password", "_csrf_token")}
            return await self._new_form(
                request, me, editor, stand_id, values, error.status_code, error_text(error)
            )
        return Redirect(REPORT_PAGE.format(screener_id=screener.id), status_code=303)

    @get(SETTINGS_PAGE.replace("{screener_id}", "{screener_id:uuid}"))
    async def settings(
        self,
        request: Request[Any, Any, Any],
        screener_id: FromPath[UUID],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
        editor: NamedDependency[ScreenerEditor],
    ) -> Template:
        screener = await screeners.managed(me, screener_id)
        return render(
            request,
            "screeners/settings.html",
            me,
            screener=screener,
            countries_known=editor.countries_known,
            values=settings_values(screener),
            saved=request.query_params.get("enregistre") == "1",
        )

    @post(
        SETTINGS_PAGE.replace("{screener_id}", "{screener_id:uuid}"),
        opt={AFTER_LOGIN: SETTINGS_PAGE},
    )
    async def save_settings(
        self,
        request: Request[Any, Any, Any],
        screener_id: FromPath[UUID],
        me: NamedDependency[Principal],
        screeners: NamedDependency[ScreenerService],
        editor: NamedDependency[ScreenerEditor],
    ) -> Template | Redirect:
        form = await request.form()
        screener = await screeners.managed(me, screener_id)
        try:
            await editor.change_settings(me, screener.id, change_of(form))
        except AppError as error:
            values = {key: form.get(key) for key in form if key not in ("password", "_csrf_token")}
            return render(
                request,
                "screeners/settings.html",
                me,
                status_code=error.status_code,
                screener=screener,
                countries_known=editor.countries_known,
                values=values,
                error=error_text(error),
            )
        return Redirect(
            SETTINGS_PAGE.format(screener_id=screener.id) + "?enregistre=1", status_code=303
        )
