"""Partner calls: authenticated by an organisation's API key, checked by a guard per scope.

    class PartnerWorks(Controller):
        guards = [requires_scope(Scope.CATALOGUE_READ)]
        dependencies = {"partner": Provide(provide_partner)}

The guard reads `Authorization: Bearer lkp_…` (the people's tokens and session cookies are not
accepted here, and a partner key is accepted nowhere else), finds the key by its keyed hash,
refuses a revoked or expired key (401) or one whose organisation is no longer verified (403),
counts the call against the key's own rate (429 with `Retry-After`, in Redis: every API process
shares the window), then checks the scope (403). A call let through is recorded in the audit log
(`api_key.call`: the key as the object, its organisation, the method and path, the request id
and client address), and the key's last use is updated (to the minute).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from litestar import Request
from litestar.handlers.base import BaseRouteHandler

from accounts.apikeys.domain import ApiKey, KeyState, Scope, looks_like_key
from accounts.apikeys.errors import ApiKeyError
from accounts.apikeys.service import ApiKeyService
from accounts.audit.port import AuditTrail
from accounts.auth import Connection, bearer_token
from accounts.organisations.domain import VerificationState
from accounts.rate_limit import RateLimiter
from infra.errors import Forbidden, NotAuthenticated, RateLimited
from infra.services import Services

_KNOWN = "lakou_partner_key"
RATE_WINDOW_S = 60

Guard = Callable[[Connection, BaseRouteHandler], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class PartnerCaller:
    """Who a partner call speaks for: the key and its organisation."""

    key: ApiKey

    @property
    def organisation_id(self) -> UUID:
        return self.key.organisation_id


async def _authenticate(connection: Connection) -> ApiKey:
    token = bearer_token(connection)
    if token is None or not looks_like_key(token):
        raise NotAuthenticated(ApiKeyError.KEY_REQUIRED)
    services: Services = connection.app.state.services
    keys = services.get(ApiKeyService)
    found = await keys.repository.by_hash(keys.hash(token))
    if found is None:
        raise NotAuthenticated(ApiKeyError.KEY_INVALID)
    state = found.key.state(keys.now())
    if state is KeyState.REVOKED:
        raise NotAuthenticated(ApiKeyError.REVOKED)
    if state is KeyState.EXPIRED:
        raise NotAuthenticated(ApiKeyError.KEY_EXPIRED)
    if found.organisation_state != VerificationState.VERIFIED.value:
        raise Forbidden(ApiKeyError.NOT_VERIFIED)
    limiter = services.get(RateLimiter)  # type: ignore[type-abstract]
    wait = await limiter.hit(f"apikey:{found.key.id}", found.key.rate_per_minute, RATE_WINDOW_S)
    if wait is not None:
        raise RateLimited(ApiKeyError.RATE_LIMITED, retry_after_s=wait)
    return found.key


async def _attribute(connection: Connection, key: ApiKey, scope: Scope | None) -> None:
    services: Services = connection.app.state.services
    keys = services.get(ApiKeyService)
    await keys.repository.mark_used(key.id, keys.now())
    audit = services.get(AuditTrail)  # type: ignore[type-abstract]
    await audit.record(
        actor_id=None,
        action="api_key.call",
        object_type="api_key",
        object_id=str(key.id),
        after={
            "method": connection.scope.get("method", ""),
            "path": connection.url.path[:300],
            "scope": scope.value if scope else "",
        },
        organisation_id=key.organisation_id,
    )


def requires_scope(scope: Scope | None) -> Guard:
    """A valid key of a verified organisation, within its rate, carrying `scope` (any valid
    key when None: the route that tells a key what it is)."""

    async def guard(connection: Connection, _: BaseRouteHandler) -> None:
        key = await _authenticate(connection)
        if scope is not None and not key.allows(scope):
            raise Forbidden(ApiKeyError.SCOPE_MISSING, scope=scope.value)
        await _attribute(connection, key, scope)
        cast("dict[str, Any]", connection.scope)[_KNOWN] = PartnerCaller(key)

    guard.__name__ = guard.__qualname__ = f"requires_scope({scope.value if scope else 'any'})"
    return guard


async def provide_partner(request: Request[Any, Any, Any]) -> PartnerCaller:
    """The caller the guard let through (routes without the guard have none: a bug)."""
    return cast("PartnerCaller", cast("dict[str, Any]", request.scope)[_KNOWN])
