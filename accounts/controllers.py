"""Sign-up, login and the current account over the JSON API."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from accounts.auth import ENROLMENT, bearer_token, provide_user
from accounts.domain import Principal
from accounts.flows import AccountFlows
from accounts.guards import requires_user
from accounts.service import IdentityService
from infra.http.client_ip import client_ip
from infra.http.dependencies import provide_service
from infra.i18n.context import N_, current_language, gettext
from infra.settings import Settings

ENROLMENT_OPT = {ENROLMENT: True}
SIGNED_UP = N_(
    "Si cette adresse était libre, votre compte est créé : confirmez-la avec le lien reçu "
    "par e-mail, puis connectez-vous."
)
VERIFIED = N_("Adresse e-mail confirmée.")
VERIFICATION_SENT = N_("Un nouveau lien de confirmation vous a été envoyé.")
RESET_SENT = N_(
    "Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe vient "
    "de lui être envoyé (valable une heure)."
)
PASSWORD_CHANGED = N_("Mot de passe changé : connectez-vous avec le nouveau.")
EMAIL_CHANGE_SENT = N_(
    "Un lien de confirmation a été envoyé à la nouvelle adresse (valable 24 heures)."
)
EMAIL_CHANGED = N_("Adresse e-mail changée.")

Email = Annotated[str, msgspec.Meta(max_length=254)]
Password = Annotated[str, msgspec.Meta(max_length=1024)]


class SignUpIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    display_name: Annotated[str, msgspec.Meta(max_length=120)] = ""
    role: Annotated[str, msgspec.Meta(max_length=20)] = "audience"


class LoginIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    # The code of the person's authenticator app (or a recovery code), when TOTP is on.
    totp: Annotated[str, msgspec.Meta(max_length=40)] | None = None


Token = Annotated[str, msgspec.Meta(max_length=200)]


class TokenIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Token


class PasswordResetIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email


class NewPasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Token
    password: Password


class EmailChangeIn(msgspec.Struct, forbid_unknown_fields=True):
    password: Password
    new_email: Email


class LanguageIn(msgspec.Struct, forbid_unknown_fields=True):
    language: Annotated[str, msgspec.Meta(max_length=35)]


class StatusOut(msgspec.Struct):
    status: str
    message: str


class SignUpOut(msgspec.Struct):
    status: str
    message: str


class TokenOut(msgspec.Struct):
    token: str
    token_type: str
    expires_at: datetime


class MeOut(msgspec.Struct):
    id: str
    email: str
    display_name: str
    role: str
    email_verified: bool
    totp_enabled: bool
    language: str


def _me(me: Principal) -> MeOut:
    return MeOut(
        id=str(me.user_id),
        email=me.email,
        display_name=me.display_name,
        role=me.role.value,
        email_verified=me.email_verified,
        totp_enabled=me.totp_enabled,
        language=me.language,
    )


def _ip(request: Request[Any, Any, Any], settings: Settings) -> str:
    return client_ip(request, settings.http.trusted_proxies)


class AuthController(Controller):
    path = "/api/auth"
    tags = ["identity"]
    dependencies = {
        "identity": provide_service(IdentityService),
        "flows": provide_service(AccountFlows),
        "settings": provide_service(Settings),
        "me": Provide(provide_user),
    }

    @post("/signup", status_code=HTTP_202_ACCEPTED)
    async def sign_up(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SignUpIn],
        flows: NamedDependency[AccountFlows],
        settings: NamedDependency[Settings],
    ) -> SignUpOut:
        """Create an account and mail its address-check link. The answer is the same whether
        or not the e-mail was taken."""
        await flows.sign_up(
            data.email,
            data.password,
            data.display_name,
            data.role,
            client_ip=_ip(request, settings),
            language=current_language(),
        )
        return SignUpOut(status="accepted", message=gettext(SIGNED_UP))

    @post("/login", status_code=HTTP_200_OK)
    async def log_in(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginIn],
        identity: NamedDependency[IdentityService],
        settings: NamedDependency[Settings],
    ) -> TokenOut:
        """A bearer token. With TOTP on, a first try without `totp` is a 401 `totp_required`."""
        issued = await identity.log_in(
            data.email, data.password, _ip(request, settings), totp=data.totp
        )
        return TokenOut(
            token=issued.token,
            token_type="bearer",  # noqa: S106 - the scheme, not a secret
            expires_at=issued.expires_at,
        )

    @post("/logout", status_code=HTTP_204_NO_CONTENT, guards=[requires_user], opt=ENROLMENT_OPT)
    async def log_out(
        self, request: Request[Any, Any, Any], identity: NamedDependency[IdentityService]
    ) -> None:
        token = bearer_token(request)
        if token:
            await identity.revoke(token)

    @get("/me", guards=[requires_user], opt=ENROLMENT_OPT)
    async def me(self, me: NamedDependency[Principal]) -> MeOut:
        return _me(me)

    @put("/me/language", guards=[requires_user])
    async def set_language(
        self,
        data: JSONBody[LanguageIn],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> MeOut:
        """The language mails are written in."""
        language = await identity.set_language(me.user_id, data.language)
        return _me(dataclasses.replace(me, language=language))

    # Address check ---------------------------------------------------------------------------

    @post("/verify-email", status_code=HTTP_200_OK)
    async def verify_email(
        self, data: JSONBody[TokenIn], flows: NamedDependency[AccountFlows]
    ) -> StatusOut:
        """Confirm the address with the mailed link's token (404 unknown, 410 used/expired)."""
        await flows.verify_email(data.token)
        return StatusOut(status="verified", message=gettext(VERIFIED))

    @post("/verify-email/resend", status_code=HTTP_202_ACCEPTED, guards=[requires_user])
    async def resend_verification(
        self, me: NamedDependency[Principal], flows: NamedDependency[AccountFlows]
    ) -> StatusOut:
        await flows.resend_verification(me.user_id)
        return StatusOut(status="accepted", message=gettext(VERIFICATION_SENT))

    # Password reset --------------------------------------------------------------------------

    @post("/password-reset", status_code=HTTP_202_ACCEPTED)
    async def request_password_reset(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[PasswordResetIn],
        flows: NamedDependency[AccountFlows],
        settings: NamedDependency[Settings],
    ) -> StatusOut:
        """Mail a reset link, valid one hour. The answer is the same for any address."""
        await flows.request_password_reset(data.email, client_ip=_ip(request, settings))
        return StatusOut(status="accepted", message=gettext(RESET_SENT))

    @post("/password-reset/confirm", status_code=HTTP_200_OK)
    async def reset_password(
        self, data: JSONBody[NewPasswordIn], flows: NamedDependency[AccountFlows]
    ) -> StatusOut:
        """Set a new password with the link's token; every session and token ends."""
        await flows.reset_password(data.token, data.password)
        return StatusOut(status="changed", message=gettext(PASSWORD_CHANGED))

    # Address change --------------------------------------------------------------------------

    @post("/email-change", status_code=HTTP_202_ACCEPTED, guards=[requires_user])
    async def request_email_change(
        self,
        data: JSONBody[EmailChangeIn],
        me: NamedDependency[Principal],
        flows: NamedDependency[AccountFlows],
    ) -> StatusOut:
        """Mail a link to the new address (valid 24 h); the current one is told."""
        await flows.request_email_change(me.user_id, data.password, data.new_email)
        return StatusOut(status="accepted", message=gettext(EMAIL_CHANGE_SENT))

    @post("/email-change/confirm", status_code=HTTP_200_OK)
    async def confirm_email_change(
        self, data: JSONBody[TokenIn], flows: NamedDependency[AccountFlows]
    ) -> StatusOut:
        await flows.confirm_email_change(data.token)
        return StatusOut(status="changed", message=gettext(EMAIL_CHANGED))
