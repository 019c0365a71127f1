"""Who is asking: bearer tokens for the JSON API, a session cookie for pages.

The pages' own scripts may call the JSON API with the session cookie, but only together with
the page's CSRF token in the `X-CSRFToken` header (checked against the `csrftoken` cookie,
both signed with the app secret, as litestar's CSRF middleware does for forms). A cross-site
page can neither read that token nor send a custom header without a CORS preflight, which
Lakou never grants: a cross-site form or link cannot act, nor read, through the cookie. A
bearer token, when present, always wins and is checked exactly as before.

A request is authenticated once: the guards (`accounts.guards`) and the `me` / `viewer`
dependencies below share the answer, kept in the request's own ASGI scope.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, cast

from litestar import Request
from litestar.connection import ASGIConnection

from accounts.domain import Principal
from accounts.errors import AccountError
from accounts.second_factor_policy import TotpRequirements
from accounts.service import IdentityService
from infra.errors import Forbidden, NotAuthenticated
from infra.services import Services

SESSION_COOKIE = "lakou_session"
# What a page controller puts in its `opt`: its routes sign people in with the session cookie
# alone (API routes, the default, take a bearer token or the cookie vouched by the CSRF header).
_SIGN_IN = "lakou_sign_in"
PAGE_ROUTES: Mapping[str, Any] = MappingProxyType({_SIGN_IN: "session"})
# A route's `opt` key: reachable by someone who must enrol a second factor first (enrolment
# itself, logging out, who am I).
ENROLMENT = "lakou_totp_enrolment"

Connection = ASGIConnection[Any, Any, Any, Any]

_API_PRINCIPAL = "api"
_PAGE_PRINCIPAL = "page"


def _known(connection: Connection) -> dict[str, Principal | None]:
    """Who this request was found to be, by way of signing in (one scope per request)."""
    scope = cast("dict[str, Any]", connection.scope)
    known: dict[str, Principal | None] = scope.setdefault("lakou_principals", {})
    return known


def identity_of(connection: Connection) -> IdentityService:
    """The registered identity service (guards run before dependencies are resolved)."""
    services: Services = connection.app.state.services
    return services.get(IdentityService)


def is_page(connection: Connection) -> bool:
    """The route answering this request is a page (declared with `opt=PAGE_ROUTES`)."""
    handler = connection.scope.get("route_handler")
    return handler is not None and handler.opt.get(_SIGN_IN) == "session"


def bearer_token(request: Connection) -> str | None:
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


def csrf_header_valid(request: Connection) -> bool:
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


async def api_principal(connection: Connection) -> Principal | None:
    """The API caller, or None when anonymous; a bad or expired token is a 401, not anonymous.

    Without a bearer token, the page session cookie counts when the CSRF header vouches for it.
    """
    known = _known(connection)
    if _API_PRINCIPAL in known:
        return known[_API_PRINCIPAL]
    token = bearer_token(connection)
    principal: Principal | None = None
    if token is None:
        session = connection.cookies.get(SESSION_COOKIE)
        if session and csrf_header_valid(connection):
            principal = await identity_of(connection).authenticate(session, "session")
    else:
        principal = await identity_of(connection).authenticate(token, "api")
        if principal is None:
            raise NotAuthenticated(AccountError.INVALID_TOKEN)
    known[_API_PRINCIPAL] = principal
    return principal


async def api_user(connection: Connection) -> Principal:
    """The signed-in API caller: 401 when anonymous, 403 for a session with a forged CSRF header."""
    principal = await api_principal(connection)
    if principal is None:
        sent_csrf = connection.headers.get("x-csrftoken")
        if (
            connection.cookies.get(SESSION_COOKIE)
            and sent_csrf
            and not csrf_header_valid(connection)
        ):
            raise Forbidden(AccountError.CSRF_FAILED)
        raise NotAuthenticated(AccountError.SIGN_IN_REQUIRED)
    return principal


async def page_principal(connection: Connection) -> Principal | None:
    """The visitor of a page, by the session cookie; None when not signed in."""
    known = _known(connection)
    if _PAGE_PRINCIPAL in known:
        return known[_PAGE_PRINCIPAL]
    token = connection.cookies.get(SESSION_COOKIE)
    principal = await identity_of(connection).authenticate(token, "session") if token else None
    known[_PAGE_PRINCIPAL] = principal
    return principal


def known_page_principal(connection: Connection) -> Principal | None:
    """The page visitor already authenticated for this request (error pages), else None."""
    return _known(connection).get(_PAGE_PRINCIPAL)


async def page_user(connection: Connection) -> Principal:
    """The signed-in page visitor; pages turn the 401 into the login page (`accounts.guards`)."""
    principal = await page_principal(connection)
    if principal is None:
        raise NotAuthenticated(AccountError.SIGN_IN_REQUIRED)
    return principal


class EnrolmentRequired(Forbidden):
    """Signed in, but a second factor must be set up first (pages send them to enrol)."""


async def signed_in(connection: Connection) -> Principal:
    """The signed-in caller, by the route's way of signing in (page or API); someone who must
    set up a second factor first is refused everywhere but on enrolment routes."""
    principal = await (page_user(connection) if is_page(connection) else api_user(connection))
    if not principal.totp_enabled and not _enrolment_route(connection):
        services: Services = connection.app.state.services
        if await services.get(TotpRequirements).must_enrol(principal):
            raise EnrolmentRequired(AccountError.TOTP_ENROLMENT_REQUIRED)
    return principal


def _enrolment_route(connection: Connection) -> bool:
    handler = connection.scope.get("route_handler")
    return handler is not None and bool(handler.opt.get(ENROLMENT))


# The dependencies handlers declare (`"me": Provide(provide_user)`); the routes' guards
# (`accounts.guards`) have already refused anonymous callers where a user is required.


async def provide_principal(request: Request[Any, Any, Any]) -> Principal | None:
    return await api_principal(request)


async def provide_user(request: Request[Any, Any, Any]) -> Principal:
    return await api_user(request)


async def provide_page_principal(request: Request[Any, Any, Any]) -> Principal | None:
    return await page_principal(request)


async def provide_page_user(request: Request[Any, Any, Any]) -> Principal:
    return await page_user(request)
