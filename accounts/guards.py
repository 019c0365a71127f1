"""Who may call a route, declared on it: litestar guards, and what pages answer when refused.

    @post("/refunds", guards=[requires_staff])          # API: 401 / 403 JSON errors
    class ShopPages(Controller):                        # pages: the login page, the 404 page
        opt = PAGE_ROUTES
        guards = [requires_user]
        exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)

A guard answers "signed in?" and "which role?" only; whether the object is the caller's stays
with the services, which need the object to tell. Guards run before the body is read.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from litestar import Request
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect, Template

from accounts.auth import Connection, EnrolmentRequired, known_page_principal, signed_in
from accounts.domain import Role
from accounts.errors import AccountError
from infra.errors import ErrorCode, Forbidden, NotAuthenticated, NotFound
from infra.http.pages import render

Guard = Callable[[Connection, BaseRouteHandler], Coroutine[Any, Any, None]]
ExceptionHandler = Callable[[Request[Any, Any, Any], Any], Any]

LOGIN_PAGE = "/connexion"
SECURITY_PAGE = "/compte/securite"
# A page route's `opt` key: where to come back after logging in, when it is not the route's own
# path (a form's POST comes back to the page that shows the form). Path parameters are filled in.
AFTER_LOGIN = "after_login"


class RoleRequired(Forbidden):
    """Signed in, but the route is for other roles."""


async def requires_user(connection: Connection, _: BaseRouteHandler) -> None:
    """Signed in: a page by its session cookie, the API by a token (or cookie and CSRF header)."""
    await signed_in(connection)


def requires_role(*roles: Role, error: ErrorCode = AccountError.ROLE_REQUIRED) -> Guard:
    """Signed in with one of `roles`; the refusal is a 403 with `error` (the calling module's
    code and message)."""
    allowed = frozenset(roles)

    async def guard(connection: Connection, _: BaseRouteHandler) -> None:
        who = await signed_in(connection)
        if who.role not in allowed:
            raise RoleRequired(error)

    guard.__name__ = guard.__qualname__ = f"requires_role({', '.join(sorted(allowed))})"
    return guard


requires_staff = requires_role(Role.STAFF, error=AccountError.STAFF_ONLY)


# Pages -------------------------------------------------------------------------------------


def login_redirect(request: Request[Any, Any, Any], _: NotAuthenticated) -> Redirect:
    """Not signed in on a page: the login page, coming back here (or to `opt[AFTER_LOGIN]`)."""
    handler = request.scope.get("route_handler")
    back = handler.opt.get(AFTER_LOGIN) if handler is not None else None
    path = back.format(**request.path_params) if back else request.url.path
    return Redirect(f"{LOGIN_PAGE}?next={quote(path)}", status_code=303)


def enrolment_redirect(request: Request[Any, Any, Any], _: EnrolmentRequired) -> Redirect:
    """A second factor is due first: the security page, where it is set up."""
    return Redirect(SECURITY_PAGE, status_code=303)


def error_page(template: str, status_code: int) -> ExceptionHandler:
    """A page's answer to a refusal: `template` with the visitor, at `status_code`."""

    def handler(request: Request[Any, Any, Any], _: Exception) -> Template:
        return render(request, template, known_page_principal(request), status_code=status_code)

    return handler


def page_errors(
    *, not_found: str | None = None, forbidden: str | None = None
) -> dict[type[Exception] | int, ExceptionHandler]:
    """A page controller's `exception_handlers`: the login redirect, its 404 and 403 pages.

    Without a page for them, a 404 or a role refusal leaves as the JSON error, as elsewhere.
    """
    handlers: dict[type[Exception] | int, ExceptionHandler] = {
        NotAuthenticated: login_redirect,
        EnrolmentRequired: enrolment_redirect,
    }
    if not_found is not None:
        handlers[NotFound] = error_page(not_found, 404)
    if forbidden is not None:
        handlers[RoleRequired] = error_page(forbidden, 403)
    return handlers
