"""Acting as an organisation: which one a request speaks for, and guards that need one.

A person may belong to several organisations and acts as one at a time. API clients name it in
the `X-Lakou-Organisation` header; pages remember the choice in a cookie (set by the selector,
`POST /organisations/agir`), and a person with a single organisation acts as it by default.
Naming an organisation one does not belong to is a 404, never a 403, so ids do not leak; a page
cookie that no longer fits (the person left) is simply ignored.

    @get("/partner-only", guards=[requires_capability(PARTNER_VIEW)])
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from litestar import Request
from litestar.handlers.base import BaseRouteHandler

from accounts.auth import Connection, api_principal, is_page, page_principal, signed_in
from accounts.domain import Principal
from accounts.organisations.capabilities import Capability
from accounts.organisations.domain import (
    MemberRole,
    OrganisationKind,
    PartnerKind,
    VerificationState,
)
from accounts.organisations.errors import OrganisationError
from accounts.organisations.service import OrganisationService
from infra.errors import Forbidden, NotFound
from infra.services import Services

ORGANISATION_HEADER = "x-lakou-organisation"
ORGANISATION_COOKIE = "lakou_organisation"
_KNOWN = "lakou_acting_organisation"

Guard = Callable[[Connection, BaseRouteHandler], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class ActingOrganisation:
    id: UUID
    name: str
    kind: OrganisationKind
    partner_kind: PartnerKind | None
    state: VerificationState
    role: MemberRole

    @property
    def is_verified(self) -> bool:
        return self.state is VerificationState.VERIFIED

    def unlocks(self, capability: Capability) -> bool:
        return self.is_verified and capability.allows(self.kind)


def _service(connection: Connection) -> OrganisationService:
    services: Services = connection.app.state.services
    return services.get(OrganisationService)


def _parse(raw: str) -> UUID | None:
    try:
        return UUID(raw.strip()) if len(raw) <= 40 else None
    except ValueError:
        return None


async def _choose(
    connection: Connection, who: Principal, wanted: str | None, *, strict: bool
) -> ActingOrganisation | None:
    memberships = await _service(connection).mine(who)
    if wanted is None:
        # Pages: one organisation is the obvious choice; the API always says which.
        if strict or len(memberships) != 1:
            return None
        chosen = memberships[0]
    else:
        wanted_id = _parse(wanted)
        found = [m for m in memberships if m[0].id == wanted_id]
        if not found:
            if strict:
                raise NotFound(OrganisationError.NOT_FOUND)
            return None
        chosen = found[0]
    organisation, role = chosen
    details = organisation.details
    return ActingOrganisation(
        id=organisation.id,
        name=details.name,
        kind=details.kind,
        partner_kind=details.partner_kind,
        state=organisation.state,
        role=role,
    )


async def acting_organisation(connection: Connection) -> ActingOrganisation | None:
    """The organisation this request acts as, or None (once per request)."""
    scope = cast("dict[str, Any]", connection.scope)
    if _KNOWN in scope:
        return cast("ActingOrganisation | None", scope[_KNOWN])
    acting: ActingOrganisation | None = None
    if is_page(connection):
        who = await page_principal(connection)
        if who is not None:
            wanted = connection.cookies.get(ORGANISATION_COOKIE)
            acting = await _choose(connection, who, wanted, strict=False)
    else:
        wanted = connection.headers.get(ORGANISATION_HEADER)
        who = await api_principal(connection)
        if who is not None and wanted is not None:
            acting = await _choose(connection, who, wanted, strict=True)
    scope[_KNOWN] = acting
    return acting


async def provide_acting_organisation(request: Request[Any, Any, Any]) -> ActingOrganisation | None:
    return await acting_organisation(request)


class OrganisationRequired(Forbidden):
    """Signed in, but not acting as a verified organisation of the kind the route needs."""


def requires_capability(capability: Capability) -> Guard:
    """Signed in and acting as a verified organisation whose kind has `capability` (or staff)."""

    async def guard(connection: Connection, _: BaseRouteHandler) -> None:
        who = await signed_in(connection)
        acting = await acting_organisation(connection)
        if who.is_staff or (acting is not None and acting.unlocks(capability)):
            return
        kinds = ", ".join(sorted(kind.value for kind in capability.kinds))
        raise OrganisationRequired(OrganisationError.VERIFIED_ORGANISATION_REQUIRED, kinds=kinds)

    guard.__name__ = guard.__qualname__ = f"requires_capability({capability.name})"
    return guard


def requires_verified_organisation(*kinds: OrganisationKind) -> Guard:
    """Signed in and acting as a verified organisation of one of `kinds` (any kind if none)."""
    wanted = frozenset(kinds or OrganisationKind)
    return requires_capability(
        Capability("verified:" + ",".join(sorted(k.value for k in wanted)), wanted, "")
    )
