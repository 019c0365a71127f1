"""Sign-up, login and logout pages (session cookie, CSRF-protected forms)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, SESSION_COOKIE, provide_page_principal
from accounts.domain import Principal
from accounts.guards import page_errors
from accounts.service import SESSION_TTL, IdentityService
from infra.errors import AppError, fill
from infra.http.client_ip import client_ip
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext
from infra.settings import Settings

Form = Body(media_type=RequestEncodingType.URL_ENCODED)


class LoginForm(msgspec.Struct):
    email: str = ""
    password: str = ""
    next: str = "/"


def _translated(error: AppError) -> str:
    """An error's message in the page's language, as the JSON API would give it."""
    return fill(gettext(error.error.message), error.params)


def safe_next(target: str) -> str:
    """Where to go after logging in: a path on this site only (never `//host` or a scheme)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target):
        return "/"
    return target[:500]


class SignUpForm(msgspec.Struct):
    email: str = ""
    password: str = ""
    display_name: str = ""
    role: str = "audience"


class IdentityPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = page_errors()
    dependencies = {
        "identity": provide_service(IdentityService),
        "settings": provide_service(Settings),
        "me": Provide(provide_page_principal),
    }

    @get("/connexion")
    async def login_page(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal | None]
    ) -> Template:
        return render(
            request,
            "identity/login.html",
            me,
            next=safe_next(request.query_params.get("next", "/")),
        )

    @post("/connexion")
    async def log_in(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[LoginForm, Form],
        identity: NamedDependency[IdentityService],
        settings: NamedDependency[Settings],
    ) -> Redirect | Template:
        try:
            issued = await identity.log_in(
                data.email[:254],
                data.password[:1024],
                client_ip(request, settings.http.trusted_proxies),
                kind="session",
            )
        except AppError as error:
            return render(
                request,
                "identity/login.html",
                None,
                error.status_code,
                error=_translated(error),
                next=safe_next(data.next),
            )
        cookie = Cookie(
            key=SESSION_COOKIE,
            value=issued.token,
            httponly=True,
            samesite="lax",
            secure=settings.http.cookie_secure,
            max_age=int(SESSION_TTL.total_seconds()),
        )
        return Redirect(safe_next(data.next), cookies=[cookie], status_code=303)

    @get("/inscription")
    async def signup_page(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal | None]
    ) -> Template:
        return render(request, "identity/signup.html", me)

    @post("/inscription")
    async def sign_up(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[SignUpForm, Form],
        identity: NamedDependency[IdentityService],
    ) -> Template:
        try:
            await identity.sign_up(
                data.email[:254], data.password[:1024], data.display_name[:120], data.role
            )
        except AppError as error:
            return render(
                request, "identity/signup.html", None, error.status_code, error=_translated(error)
            )
        return render(request, "identity/login.html", None, notice=True)

    @post("/deconnexion")
    async def log_out(
        self, request: Request[Any, Any, Any], identity: NamedDependency[IdentityService]
    ) -> Redirect:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await identity.revoke(token)
        return Redirect(
            "/", cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0)], status_code=303
        )
