"""Sign-up, login (with its TOTP step) and logout pages, the forgotten-password pages and the
links mailed to people (session cookie, CSRF-protected forms)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, SESSION_COOKIE, provide_page_principal
from accounts.domain import Principal
from accounts.errors import AccountError
from accounts.flows import AccountFlows
from accounts.guards import page_errors
from accounts.links import Purpose, issue_link, peek_link, use_link
from accounts.service import SESSION_TTL, IdentityService
from infra.errors import AppError, InvalidInput, fill
from infra.http.client_ip import client_ip
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import current_language, gettext
from infra.settings import Settings

Form = Body(media_type=RequestEncodingType.URL_ENCODED)


class LoginForm(msgspec.Struct):
    email: str = ""
    password: str = ""
    next: str = "/"


def translated(error: AppError) -> str:
    """An error's message in the page's language, as the JSON API would give it."""
    return fill(gettext(error.error.message), error.params)


def safe_next(target: str) -> str:
    """Where to go after logging in: a path on this site only (never `//host` or a scheme)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target):
        return "/"
    return target[:500]


class CodeForm(msgspec.Struct):
    pending: str = ""
    code: str = ""
    next: str = "/"


class EmailForm(msgspec.Struct):
    email: str = ""


class ResetForm(msgspec.Struct):
    token: str = ""
    password: str = ""


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
        "flows": provide_service(AccountFlows),
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
            user_id = await identity.check_credentials(
                data.email[:254], data.password[:1024], _ip(request, settings)
            )
            if await identity.second_factor.is_enabled(user_id):
                # The password was right; the code comes on a second page, which carries a
                # short single-use link instead of the password.
                pending = await issue_link(Purpose.LOGIN_TOTP, user_id)
                return render(
                    request, "identity/login_code.html", None, pending=pending, next=data.next
                )
            issued = await identity.issue_token(user_id, "session")
        except AppError as error:
            return render(
                request,
                "identity/login.html",
                None,
                error.status_code,
                error=translated(error),
                next=safe_next(data.next),
            )
        return _signed_in(issued.token, data.next, settings)

    @post("/connexion/code")
    async def log_in_code(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[CodeForm, Form],
        identity: NamedDependency[IdentityService],
        settings: NamedDependency[Settings],
    ) -> Redirect | Template:
        """The login's second step: the code of the authenticator app, or a recovery code."""
        try:
            pending = await peek_link(Purpose.LOGIN_TOTP, data.pending[:200])
            await identity.second_factor.verify(pending.user_id, data.code)
            await use_link(Purpose.LOGIN_TOTP, data.pending[:200])
            issued = await identity.issue_token(pending.user_id, "session")
        except AppError as error:
            # A wrong code may be tried again with the same step; a used or expired one
            # starts over at the password.
            again = error.error is AccountError.TOTP_INVALID
            return render(
                request,
                "identity/login_code.html" if again else "identity/login.html",
                None,
                error.status_code,
                error=translated(error),
                pending=data.pending[:200],
                next=safe_next(data.next),
            )
        return _signed_in(issued.token, data.next, settings)

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
        flows: NamedDependency[AccountFlows],
        settings: NamedDependency[Settings],
    ) -> Template:
        try:
            await flows.sign_up(
                data.email[:254],
                data.password[:1024],
                data.display_name[:120],
                data.role,
                client_ip=_ip(request, settings),
                language=current_language(),
            )
        except AppError as error:
            return render(
                request, "identity/signup.html", None, error.status_code, error=translated(error)
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

    # Forgotten password ----------------------------------------------------------------------

    @get("/mot-de-passe-oublie")
    async def forgot_page(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal | None]
    ) -> Template:
        return render(request, "identity/forgot.html", me)

    @post("/mot-de-passe-oublie")
    async def forgot(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[EmailForm, Form],
        flows: NamedDependency[AccountFlows],
        settings: NamedDependency[Settings],
    ) -> Template:
        try:
            await flows.request_password_reset(data.email[:254], client_ip=_ip(request, settings))
        except AppError as error:
            return render(
                request, "identity/forgot.html", None, error.status_code, error=translated(error)
            )
        return render(request, "identity/forgot.html", None, sent=True)

    @get("/compte/reinitialiser")
    async def reset_page(
        self,
        request: Request[Any, Any, Any],
        flows: NamedDependency[AccountFlows],
        token: FromQuery[str] = "",
    ) -> Template:
        """The new-password form, for a link that can still be used (else why not)."""
        try:
            await flows.check_reset_link(token[:200])
        except AppError as error:
            return _link_refused(request, error)
        return render(request, "identity/reset.html", None, token=token[:200])

    @post("/compte/reinitialiser")
    async def reset(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[ResetForm, Form],
        flows: NamedDependency[AccountFlows],
    ) -> Template:
        try:
            await flows.reset_password(data.token[:200], data.password[:1024])
        except AppError as error:
            if isinstance(error, InvalidInput):  # the password policy: try another one
                return render(
                    request,
                    "identity/reset.html",
                    None,
                    error.status_code,
                    error=translated(error),
                    token=data.token[:200],
                )
            return _link_refused(request, error)
        return render(request, "identity/login.html", None, password_changed=True)

    # Links from mails ------------------------------------------------------------------------

    @get("/compte/verifier")
    async def verify(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        flows: NamedDependency[AccountFlows],
        token: FromQuery[str] = "",
    ) -> Template:
        """The address-check link: confirms the address, or says why the link cannot."""
        try:
            await flows.verify_email(token[:200])
        except AppError as error:
            return _link_refused(request, error, me)
        return render(request, "identity/link_done.html", me, done="verified")

    @get("/compte/adresse/confirmer")
    async def confirm_email_change(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        flows: NamedDependency[AccountFlows],
        token: FromQuery[str] = "",
    ) -> Template:
        try:
            await flows.confirm_email_change(token[:200])
        except AppError as error:
            return _link_refused(request, error, me)
        return render(request, "identity/link_done.html", me, done="email_changed")


def _ip(request: Request[Any, Any, Any], settings: Settings) -> str:
    return client_ip(request, settings.http.trusted_proxies)


def _signed_in(token: str, target: str, settings: Settings) -> Redirect:
    cookie = Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        samesite="lax",
        secure=settings.http.cookie_secure,
        max_age=int(SESSION_TTL.total_seconds()),
    )
    return Redirect(safe_next(target), cookies=[cookie], status_code=303)


def _link_refused(
    request: Request[Any, Any, Any], error: AppError, me: Principal | None = None
) -> Template:
    return render(
        request, "identity/link_refused.html", me, error.status_code, error=translated(error)
    )
