"""Sign-up, login and the current account over the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from accounts.auth import bearer_token, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.service import IdentityService
from infra.http.client_ip import client_ip
from infra.http.dependencies import provide_service
from infra.i18n.context import gettext
from infra.settings import Settings

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


class AuthController(Controller):
    path = "/api/auth"
    tags = ["identity"]
    dependencies = {
        "identity": provide_service(IdentityService),
        "settings": provide_service(Settings),
        "me": Provide(provide_user),
    }

    @post("/signup", status_code=HTTP_202_ACCEPTED)
    async def sign_up(
        self, data: JSONBody[SignUpIn], identity: NamedDependency[IdentityService]
    ) -> SignUpOut:
        """Create an account. The answer is the same whether or not the e-mail was taken."""
        await identity.sign_up(data.email, data.password, data.display_name, data.role)
        return SignUpOut(
            status="accepted",
            message=gettext(
                "Si cette adresse était libre, votre compte est créé : connectez-vous."
            ),
        )

    @post("/login", status_code=HTTP_200_OK)
    async def log_in(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginIn],
        identity: NamedDependency[IdentityService],
        settings: NamedDependency[Settings],
    ) -> TokenOut:
        issued = await identity.log_in(
            data.email, data.password, client_ip(request, settings.http.trusted_proxies)
        )
        return TokenOut(
            token=issued.token,
            token_type="bearer",  # noqa: S106 - the scheme, not a secret
            expires_at=issued.expires_at,
        )

    @post("/logout", status_code=HTTP_204_NO_CONTENT, guards=[requires_user])
    async def log_out(
        self, request: Request[Any, Any, Any], identity: NamedDependency[IdentityService]
    ) -> None:
        token = bearer_token(request)
        if token:
            await identity.revoke(token)

    @get("/me", guards=[requires_user])
    async def me(self, me: NamedDependency[Principal]) -> MeOut:
        return MeOut(
            id=str(me.user_id), email=me.email, display_name=me.display_name, role=me.role.value
        )
