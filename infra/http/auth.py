"""Who is asking: bearer tokens for the JSON API, a session cookie for pages.

The pages' own scripts may call the JSON API with the session cookie, but only together with
the page's CSRF token in the `X-CSRFToken` header (checked against the `csrftoken` cookie,
both signed with the app secret, as litestar's CSRF middleware does for forms). A cross-site
page can neither read that token nor send a custom header without a CORS preflight, which
Lakou never grants: a cross-site form or link cannot act, nor read, through the cookie. A
bearer token, when present, always wins and is checked exactly as before.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar import Request
from litestar.datastructures import State

from infra.errors import Forbidden, NotAuthenticated
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


_CSRF_SECRET_LENGTH = 64  # hex characters before the HMAC in litestar's CSRF tokens


def _csrf_secret_part(token: str, secret: str) -> str | None:
    if len(token) <= _CSRF_SECRET_LENGTH:
        return None
    value, signature = token[:_CSRF_SECRET_LENGTH], token[_CSRF_SECRET_LENGTH:]
    expected = hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()
    return value if hmac.compare_digest(signature, expected) else None


def csrf_header_valid(request: Request[Any, Any, Any]) -> bool:
    """The request carries the page's CSRF token in its header, matching the CSRF cookie."""
    config = request.app.csrf_config
    if config is None:
        return False
    header = request.headers.get(config.header_name)
    cookie = request.cookies.get(config.cookie_name)
    if not header or not cookie:
        return False
    sent = _csrf_secret_part(header, config.secret)
    kept = _csrf_secret_part(cookie, config.secret)
    return sent is not None and kept is not None and hmac.compare_digest(sent, kept)


async def provide_principal(request: Request[Any, Any, Any]) -> Principal | None:
    """The API caller, or None when anonymous; a bad or expired token is a 401, not anonymous.

    Without a bearer token, the page session cookie counts when the CSRF header vouches for it.
    """
    token = bearer_token(request)
    if token is None:
        session = request.cookies.get(SESSION_COOKIE)
        if session and csrf_header_valid(request):
            return await identity_from_state(request.app.state).authenticate(session, "session")
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
        sent_csrf = request.headers.get("x-csrftoken")
        if request.cookies.get(SESSION_COOKIE) and sent_csrf and not csrf_header_valid(request):
            raise Forbidden(
                "Jeton CSRF invalide : rechargez la page / invalid CSRF token: reload the page",
                code="csrf_failed",
            )
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
