"""A person's sessions and API tokens, and their TOTP second factor, over the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from accounts.auth import ENROLMENT, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.service import IdentityService
from infra.http.dependencies import provide_service

Code = Annotated[str, msgspec.Meta(max_length=40)]
ENROLMENT_OPT = {ENROLMENT: True}


class SessionOut(msgspec.Struct):
    id: str
    kind: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime
    current: bool


class TotpSetupOut(msgspec.Struct):
    secret: str
    uri: str


class CodeIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Code


class DisableIn(msgspec.Struct, forbid_unknown_fields=True):
    password: Annotated[str, msgspec.Meta(max_length=1024)]
    code: Code


class RecoveryCodesOut(msgspec.Struct):
    recovery_codes: list[str]


class SecurityController(Controller):
    path = "/api/auth"
    tags = ["identity"]
    guards = [requires_user]
    dependencies = {"identity": provide_service(IdentityService), "me": Provide(provide_user)}

    @get("/sessions")
    async def sessions(
        self, me: NamedDependency[Principal], identity: NamedDependency[IdentityService]
    ) -> list[SessionOut]:
        """Your live sessions (browsers) and API tokens; `current` is the one asking."""
        return [
            SessionOut(
                id=str(session.id),
                kind=session.kind,
                created_at=session.created_at,
                last_used_at=session.last_used_at,
                expires_at=session.expires_at,
                current=session.id == me.token_id,
            )
            for session in await identity.sessions(me.user_id)
        ]

    @delete("/sessions/{session_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def revoke_session(
        self,
        session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> None:
        """End one of your sessions or tokens (someone else's id: 404)."""
        await identity.revoke_session(me.user_id, session_id)

    @post("/sessions/revoke-others", status_code=HTTP_204_NO_CONTENT)
    async def revoke_others(
        self, me: NamedDependency[Principal], identity: NamedDependency[IdentityService]
    ) -> None:
        """End every session and token but the one asking."""
        await identity.revoke_others(me.user_id, keep=me.token_id)

    @post("/totp/setup", status_code=HTTP_200_OK, opt=ENROLMENT_OPT)
    async def totp_setup(
        self, me: NamedDependency[Principal], identity: NamedDependency[IdentityService]
    ) -> TotpSetupOut:
        """A new secret for your authenticator app (the `otpauth://` URI holds it too)."""
        enrolment = await identity.second_factor.begin(me.user_id, me.email)
        return TotpSetupOut(secret=enrolment.secret, uri=enrolment.uri)

    @post("/totp/enable", status_code=HTTP_200_OK, opt=ENROLMENT_OPT)
    async def totp_enable(
        self,
        data: JSONBody[CodeIn],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> RecoveryCodesOut:
        """Turn TOTP on with a first code; the ten recovery codes are shown this once."""
        codes = await identity.second_factor.confirm(me.user_id, data.code)
        return RecoveryCodesOut(recovery_codes=codes)

    @post("/totp/disable", status_code=HTTP_204_NO_CONTENT)
    async def totp_disable(
        self,
        data: JSONBody[DisableIn],
        me: NamedDependency[Principal],
        identity: NamedDependency[IdentityService],
    ) -> None:
        """Turn TOTP off: your password and a code (or a recovery code)."""
        await identity.check_current_password(me.user_id, data.password)
        await identity.second_factor.disable(me.user_id, data.code)
