"""The account security page: language, address, sessions and tokens, the second factor."""

from __future__ import annotations

import io
from typing import Annotated, Any
from uuid import UUID

import msgspec
import segno
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import ENROLMENT, PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.flows import AccountFlows
from accounts.guards import SECURITY_PAGE, page_errors, requires_user
from accounts.pages import Form, translated
from accounts.service import IdentityService
from accounts.totp import Enrolment, provisioning_uri
from infra.errors import AppError
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.languages import LANGUAGES

ENROLMENT_OPT = {ENROLMENT: True}


class LanguageForm(msgspec.Struct):
    language: str = ""


class EmailChangeForm(msgspec.Struct):
    password: str = ""
    new_email: str = ""


class CodeForm(msgspec.Struct):
    code: str = ""


class DisableForm(msgspec.Struct):
    password: str = ""
    code: str = ""


def qr_svg(uri: str) -> str:
    """The enrolment URI as an inline SVG QR code (segno: pure Python, no image library)."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return out.getvalue().decode()


class AccountPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors()
    dependencies = {
        "identity": provide_service(IdentityService),
        "flows": provide_service(AccountFlows),
        "me": Provide(provide_page_user),
    }

    async def _page(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        identity: IdentityService,
        status_code: int = 200,
        **context: Any,
    ) -> Template:
        return render(
            request,
            "identity/security.html",
            me,
            status_code,
            sessions=await identity.sessions(me.user_id),
            languages_mail=LANGUAGES,
            recovery_left=await identity.second_factor.recovery_codes_left(me.user_id),
            **context,
        )

    @get("/compte/securite", opt=ENROLMENT_OPT)
    async def security_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> Template:
        notice = request.query_params.get("fait", "")[:20]
        return await self._page(request, me, identity, notice=notice)

    @post("/compte/langue", opt={"after_login": SECURITY_PAGE})
    async def set_language(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[LanguageForm, Form],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> Redirect | Template:
        try:
            await identity.set_language(me.user_id, data.language[:35])
        except AppError as error:
            return await self._page(
                request, me, identity, error.status_code, error=translated(error)
            )
        return Redirect(f"{SECURITY_PAGE}?fait=langue", status_code=303)

    @post("/compte/adresse", opt={"after_login": SECURITY_PAGE})
    async def change_email(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[EmailChangeForm, Form],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
        flows: NamedDependency[AccountFlows],
    ) -> Redirect | Template:
        try:
            await flows.request_email_change(me.user_id, data.password[:1024], data.new_email[:254])
        except AppError as error:
            return await self._page(
                request, me, identity, error.status_code, error=translated(error)
            )
        return Redirect(f"{SECURITY_PAGE}?fait=adresse", status_code=303)

    @post("/compte/verification", opt={"after_login": SECURITY_PAGE})
    async def resend_verification(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
        flows: NamedDependency[AccountFlows],
    ) -> Redirect | Template:
        try:
            await flows.resend_verification(me.user_id)
        except AppError as error:
            return await self._page(
                request, me, identity, error.status_code, error=translated(error)
            )
        return Redirect(f"{SECURITY_PAGE}?fait=verification", status_code=303)

    @post("/compte/sessions/{session_id:uuid}/revoquer", opt={"after_login": SECURITY_PAGE})
    async def revoke_session(
        self,
        session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> Redirect:
        await identity.revoke_session(me.user_id, session_id)
        return Redirect(f"{SECURITY_PAGE}?fait=session", status_code=303)

    @post("/compte/sessions/revoquer-autres", opt={"after_login": SECURITY_PAGE})
    async def revoke_others(
        self, me: NamedDependency[Principal], identity: NamedDependency[IdentityService]
    ) -> Redirect:
        await identity.revoke_others(me.user_id, keep=me.token_id)
        return Redirect(f"{SECURITY_PAGE}?fait=sessions", status_code=303)

    @post("/compte/totp", opt={**ENROLMENT_OPT, "after_login": SECURITY_PAGE})
    async def totp_begin(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> Template:
        """A new secret, its QR code and the form for the first code."""
        try:
            enrolment = await identity.second_factor.begin(me.user_id, me.email)
        except AppError as error:
            return await self._page(
                request, me, identity, error.status_code, error=translated(error)
            )
        return _enrol_page(request, me, enrolment)

    @post("/compte/totp/activer", opt={**ENROLMENT_OPT, "after_login": SECURITY_PAGE})
    async def totp_confirm(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[CodeForm, Form],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> Template:
        try:
            codes = await identity.second_factor.confirm(me.user_id, data.code[:40])
        except AppError as error:
            secret = await identity.second_factor.pending_secret(me.user_id)
            if secret is None:
                return await self._page(
                    request, me, identity, error.status_code, error=translated(error)
                )
            enrolment = Enrolment(secret=secret, uri=provisioning_uri(secret, me.email))
            return _enrol_page(request, me, enrolment, error.status_code, translated(error))
        return render(request, "identity/recovery_codes.html", me, codes=codes)

    @post("/compte/totp/desactiver", opt={"after_login": SECURITY_PAGE})
    async def totp_disable(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[DisableForm, Form],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> Redirect | Template:
        try:
            await identity.check_current_password(me.user_id, data.password[:1024])
            await identity.second_factor.disable(me.user_id, data.code[:40])
        except AppError as error:
            return await self._page(
                request, me, identity, error.status_code, error=translated(error)
            )
        return Redirect(f"{SECURITY_PAGE}?fait=totp", status_code=303)


def _enrol_page(
    request: Request[Any, Any, Any],
    me: Principal,
    enrolment: Enrolment,
    status_code: int = 200,
    error: str = "",
) -> Template:
    return render(
        request,
        "identity/totp_enrol.html",
        me,
        status_code,
        secret=enrolment.secret,
        uri=enrolment.uri,
        qr=qr_svg(enrolment.uri),
        error=error,
    )
