"""The organisation's API keys page: every member reads the keys (viewers included), its owners
and admins make, rotate and revoke them; the others see no form and get 403 if they post.

A new key's secret is shown once, on the page that answers the form (no redirect: the secret
must not sit in a URL or come back on a reload), with `Cache-Control: no-store`. A refusal is
shown on the same page with the form as it was sent.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.apikeys.domain import DEFAULT_OVERLAP_HOURS, DEFAULT_RATE_PER_MINUTE, Scope
from accounts.apikeys.service import ApiKeyService, KeyRequest, NewKey
from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from accounts.organisations.pages import NOT_FOUND_PAGE, translated
from accounts.organisations.service import OrganisationService
from infra.errors import AppError
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext

BACK = {AFTER_LOGIN: "/organisations/{organisation_id}/cles-api"}
PAGE = "/organisations/{organisation_id:uuid}/cles-api"
KEY = PAGE + "/{key_id:uuid}"

SCOPE_NAMES = {
    Scope.CATALOGUE_READ: N_("Lire le catalogue"),
    Scope.AVAILS_READ: N_("Lire les disponibilités de droits"),
    Scope.LICENCES_WRITE: N_("Demander des licences"),
    Scope.MARKETS_READ: N_("Lire les marchés"),
    Scope.WEBHOOKS_MANAGE: N_("Gérer les webhooks"),
    Scope.SEARCHES_WRITE: N_("Enregistrer des recherches"),
}
STATE_NAMES = {
    "active": N_("En service"),
    "expiring": N_("En fin de rotation"),
    "expired": N_("Rotation terminée"),
    "revoked": N_("Révoquée"),
}


def keys_path(organisation_id: UUID) -> str:
    return f"/organisations/{organisation_id}/cles-api"


async def keys_page(
    request: Request[Any, Any, Any],
    organisation_id: UUID,
    me: Principal,
    keys: ApiKeyService,
    organisations: OrganisationService,
    status_code: int = 200,
    made: NewKey | None = None,
    **extra: Any,
) -> Template:
    organisation, role = await organisations.get(me, organisation_id)
    listed = await keys.keys(me, organisation_id)
    page = render(
        request,
        "apikeys/keys.html",
        me,
        status_code,
        organisation=organisation,
        manages=role is not None and role.manages,
        # Staff may revoke a leaked key but never make one (a key is shown to its holder).
        may_revoke=(role is not None and role.manages) or me.is_staff,
        keys=listed,
        now=keys.now(),
        made=made,
        scopes=list(Scope),
        scope_label=lambda scope: gettext(SCOPE_NAMES[scope]),
        state_label=lambda state: gettext(STATE_NAMES[state.value]),
        default_rate=DEFAULT_RATE_PER_MINUTE,
        default_overlap=DEFAULT_OVERLAP_HOURS,
        **extra,
    )
    # The secret must not be kept by a cache or the browser's history of pages.
    page.headers["cache-control"] = "no-store"
    return page


def _number(form: Any, name: str, default: int) -> int:
    raw = str(form.get(name, "") or "").strip()[:10]
    try:
        return int(raw) if raw else default
    except ValueError:
        return -1  # refused by the service's check with its own message


class ApiKeyPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "keys": provide_service(ApiKeyService),
        "organisations": provide_service(OrganisationService),
    }

    @get(PAGE)
    async def show(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        keys: NamedDependency[ApiKeyService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        return await keys_page(request, organisation_id, me, keys, organisations)

    @post(PAGE, opt=BACK)
    async def create(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        keys: NamedDependency[ApiKeyService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        form = await request.form()
        wanted = KeyRequest(
            name=str(form.get("name", "") or "")[:300],
            scopes=[str(value)[:40] for value in form.getall("scopes", [])][:10],
            rate_per_minute=_number(form, "rate_per_minute", DEFAULT_RATE_PER_MINUTE),
        )
        try:
            made = await keys.create(me, organisation_id, wanted)
        except AppError as error:
            return await self._refused(request, error, organisation_id, me, keys, organisations)
        return await keys_page(request, organisation_id, me, keys, organisations, made=made)

    @post(KEY + "/rotation", opt=BACK)
    async def rotate(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        key_id: FromPath[UUID],
        me: NamedDependency[Principal],
        keys: NamedDependency[ApiKeyService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        form = await request.form()
        overlap = _number(form, "overlap_hours", DEFAULT_OVERLAP_HOURS)
        try:
            made = await keys.rotate(me, organisation_id, key_id, overlap)
        except AppError as error:
            return await self._refused(request, error, organisation_id, me, keys, organisations)
        return await keys_page(request, organisation_id, me, keys, organisations, made=made)

    @post(KEY + "/revocation", opt=BACK)
    async def revoke(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        key_id: FromPath[UUID],
        me: NamedDependency[Principal],
        keys: NamedDependency[ApiKeyService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template | Redirect:
        try:
            await keys.revoke(me, organisation_id, key_id)
        except AppError as error:
            return await self._refused(request, error, organisation_id, me, keys, organisations)
        return Redirect(keys_path(organisation_id), status_code=303)

    async def _refused(
        self,
        request: Request[Any, Any, Any],
        error: AppError,
        organisation_id: UUID,
        me: Principal,
        keys: ApiKeyService,
        organisations: OrganisationService,
    ) -> Template:
        if error.status_code == 404:
            raise error
        return await keys_page(
            request,
            organisation_id,
            me,
            keys,
            organisations,
            error.status_code,
            error=translated(error),
        )
