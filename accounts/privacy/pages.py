"""The pages: "my data" (download an archive, delete the account, with a confirmation step)
and the public privacy notice."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Stream, Template

from accounts.auth import PAGE_ROUTES, SESSION_COOKIE, provide_page_principal, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_user
from accounts.pages import Form, translated
from accounts.privacy.consent import PRIVACY_NOTICE_VERSION
from accounts.privacy.controllers import archive_response
from accounts.privacy.service import EXPORT_TTL, PrivacyService
from accounts.privacy.settings import PrivacySettings
from infra.errors import AppError
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.settings import Settings

DATA_PAGE = "/compte/donnees"
DELETE_PAGE = "/compte/donnees/supprimer"


class DeleteForm(msgspec.Struct):
    password: str = ""
    confirm: str = ""


class PrivacyPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = page_errors()
    dependencies = {
        "privacy": provide_service(PrivacyService),
        "me": Provide(provide_page_user),
    }

    @get(DATA_PAGE, guards=[requires_user])
    async def data_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        privacy: NamedDependency[PrivacyService],
    ) -> Template:
        notice = request.query_params.get("fait", "")[:20]
        return render(
            request,
            "privacy/data.html",
            me,
            exports=await privacy.exports(me.user_id),
            days=EXPORT_TTL.days,
            notice=notice,
        )

    @post(f"{DATA_PAGE}/archive", guards=[requires_user], opt={"after_login": DATA_PAGE})
    async def ask_archive(
        self, me: NamedDependency[Principal], privacy: NamedDependency[PrivacyService]
    ) -> Redirect:
        await privacy.request_export(me.user_id)
        return Redirect(f"{DATA_PAGE}?fait=archive", status_code=303)

    @get(f"{DATA_PAGE}/archives/{{export_id:uuid}}", guards=[requires_user])
    async def download(
        self,
        export_id: FromPath[UUID],
        me: NamedDependency[Principal],
        privacy: NamedDependency[PrivacyService],
        signature: Annotated[str, QueryParameter(max_length=128)] = "",
    ) -> Stream:
        found = await privacy.download(me.user_id, export_id, signature)
        return archive_response(privacy, found)

    @get(DELETE_PAGE, guards=[requires_user])
    async def confirm_page(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal]
    ) -> Template:
        return render(request, "privacy/delete.html", me)

    @post(DELETE_PAGE, guards=[requires_user], opt={"after_login": DELETE_PAGE})
    async def delete_account(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[DeleteForm, Form],
        me: NamedDependency[Principal],
        privacy: NamedDependency[PrivacyService],
    ) -> Redirect | Template:
        if data.confirm != "yes":
            return render(request, "privacy/delete.html", me, 400, missing_confirm=True)
        try:
            await privacy.delete_account(me.user_id, data.password[:1024])
        except AppError as error:
            return render(
                request, "privacy/delete.html", me, error.status_code, error=translated(error)
            )
        return Redirect(
            "/confidentialite?compte=supprime",
            cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0)],
            status_code=303,
        )


class PrivacyNoticePage(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = page_errors()
    dependencies = {
        "settings": provide_service(Settings),
        "privacy_settings": provide_service(PrivacySettings),
        "me": Provide(provide_page_principal),
    }

    @get("/confidentialite")
    async def notice(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        settings: NamedDependency[Settings],
        privacy_settings: NamedDependency[PrivacySettings],
    ) -> Template:
        contact = privacy_settings.contact or settings.mail.sender.address
        return render(
            request,
            "privacy/notice.html",
            me,
            contact=contact,
            version=PRIVACY_NOTICE_VERSION,
            deleted=request.query_params.get("compte") == "supprime",
        )
