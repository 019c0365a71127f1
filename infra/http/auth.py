"""Who is asking: bearer tokens for the JSON API, a session cookie for pages.

The API never reads the session cookie, so a cross-site form can never act through it; pages
read only the cookie and are protected by CSRF tokens.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State

from infra.errors import NotAuthenticated
from infra.identity.domain import Principal
from infra.identity.service import IdentityService

SESSION_COOKIE = "lakou_session"


def identity_from_state(state: State) -> IdentityService:
    service: IdentityService = state.container.identity
    return service


def bearer_token(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def provide_principal(request: Request[Any, Any, Any]) -> Principal | None:
    """The API caller, or None when anonymous; a bad or expired token is a 401, not anonymous."""
    token = bearer_token(request)
    if token is None:
        return None
    principal = await identity_from_state(request.app.state).authenticate(token, "api")
    if principal is None:
        raise NotAuthenticated(
            "Jeton invalide ou expiré / invalid or expired token", code="invalid_token"
        )
    return principal


async def provide_user(request: Request[Any, Any, Any]) -> Principal:
    principal = await provide_principal(request)
    if principal is None:
        raise NotAuthenticated(
            "Connexion requise : envoyez 'Authorization: Bearer <jeton>' / sign in first",
            code="not_authenticated",
        )
    return principal


async def provide_page_principal(request: Request[Any, Any, Any]) -> Principal | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return await identity_from_state(request.app.state).authenticate(token, "session")
