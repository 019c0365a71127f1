"""The organisation's webhooks pages: its owners and admins list endpoints, add one (the URL
checked against SSRF at once, the signing secret shown once), choose its events, turn it off
and on, read each message's log (request headers, status, answer) and send one again. Its
other members (viewers included) read the endpoints and their logs, with no form.

As on the API keys page, the secret is shown on the page that answers the form (no redirect:
never in a URL, never back on a reload) with `Cache-Control: no-store`; a refusal comes back
on the same page with its reason. Members who do not manage the organisation get 403 on every
change, staff who are not members 403, anyone else 404 (another organisation's endpoint
included).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from accounts.organisations.domain import Organisation
from accounts.organisations.errors import OrganisationError
from accounts.organisations.pages import NOT_FOUND_PAGE, translated
from accounts.organisations.service import OrganisationService
from infra.errors import AppError, Forbidden
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext
from marketplace.webhooks.domain import EVENT_TYPES, Endpoint, message_id
from marketplace.webhooks.errors import WebhookError
from marketplace.webhooks.service import EndpointRequest, WebhookService

PAGE = "/organisations/{organisation_id:uuid}/webhooks"
ENDPOINT = PAGE + "/{endpoint_id:uuid}"
BACK = {AFTER_LOGIN: "/organisations/{organisation_id}/webhooks"}
LOG_SIZE = 50

EVENT_NAMES = {
    "work.published": N_("Œuvre publiée"),
    "work.withdrawn": N_("Œuvre retirée"),
    "market.opened": N_("Marché ouvert"),
    "market.closed": N_("Marché fermé"),
    "saved_search.matched": N_("Nouvelle œuvre pour une recherche enregistrée"),
}
STATE_NAMES = {
    "pending": N_("En attente"),
    "delivered": N_("Remis"),
    "failed": N_("Échoué"),
}


def webhooks_path(organisation_id: UUID) -> str:
    return f"/organisations/{organisation_id}/webhooks"


async def _managed(
    organisations: OrganisationService, me: Principal, organisation_id: UUID
) -> Organisation:
    organisation, role = await organisations.get(me, organisation_id)  # 404 unless a member
    if role is None or not role.manages:
        raise Forbidden(OrganisationError.NOT_ADMIN)
    return organisation


async def _member(
    organisations: OrganisationService, me: Principal, organisation_id: UUID
) -> tuple[Organisation, bool]:
    """The organisation, for any member to read, and whether this one manages it."""
    organisation, role = await organisations.get(me, organisation_id)  # 404 unless a member
    if role is None:  # staff who are not members: not theirs to read
        raise Forbidden(OrganisationError.NOT_ADMIN)
    return organisation, role.manages


def _labels() -> dict[str, Any]:
    return {
        "event_label": lambda name: gettext(EVENT_NAMES[name]),
        "state_label": lambda name: gettext(STATE_NAMES[name]),
    }


async def endpoints_page(
    request: Request[Any, Any, Any],
    organisation_id: UUID,
    me: Principal,
    webhooks: WebhookService,
    organisations: OrganisationService,
    status_code: int = 200,
    made: Endpoint | None = None,
    **extra: Any,
) -> Template:
    organisation, manages = await _member(organisations, me, organisation_id)
    page = render(
        request,
        "webhooks/endpoints.html",
        me,
        status_code,
        organisation=organisation,
        manages=manages,
        endpoints=await webhooks.endpoints(organisation_id),
        event_types=EVENT_TYPES,
        made=made,
        **_labels(),
        **extra,
    )
    page.headers["cache-control"] = "no-store"  # the secret, once
    return page


class WebhookPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "webhooks": provide_service(WebhookService),
        "organisations": provide_service(OrganisationService),
    }

    @get(PAGE)
    async def show(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        webhooks: NamedDependency[WebhookService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        return await endpoints_page(request, organisation_id, me, webhooks, organisations)

    @post(PAGE, opt=BACK)
    async def create(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        webhooks: NamedDependency[WebhookService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        organisation = await _managed(organisations, me, organisation_id)
        form = await request.form()
        wanted = EndpointRequest(
            url=str(form.get("url", "") or "")[:600],
            event_types=[str(value)[:60] for value in form.getall("event_types", [])][:10],
            description=str(form.get("description", "") or "")[:300],
        )
        try:
            if organisation.state.value != "verified":
                raise Forbidden(WebhookError.NOT_VERIFIED)
            made = await webhooks.create(organisation_id, wanted)
        except AppError as error:
            if error.status_code == 404:
                raise
            return await endpoints_page(
                request, organisation_id, me, webhooks, organisations, error.status_code,
                error=translated(error), sent=wanted,
            )  # fmt: skip
        return await endpoints_page(
            request, organisation_id, me, webhooks, organisations, made=made
        )

    @post(ENDPOINT + "/secret", opt=BACK)
    async def rotate_secret(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        endpoint_id: FromPath[UUID],
        me: NamedDependency[Principal],
        webhooks: NamedDependency[WebhookService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        """A new signing secret, shown on the answering page only (no redirect, no-store)."""
        await _managed(organisations, me, organisation_id)
        rotated = await webhooks.rotate_secret(organisation_id, endpoint_id)
        return await endpoints_page(
            request, organisation_id, me, webhooks, organisations, made=rotated, rotated=True
        )

    @post(ENDPOINT + "/desactivation", opt=BACK)
    async def disable(
        self,
        organisation_id: FromPath[UUID],
        endpoint_id: FromPath[UUID],
        me: NamedDependency[Principal],
        webhooks: NamedDependency[WebhookService],
        organisations: NamedDependency[OrganisationService],
    ) -> Redirect:
        await _managed(organisations, me, organisation_id)
        await webhooks.disable(organisation_id, endpoint_id)
        return Redirect(webhooks_path(organisation_id), status_code=303)

    @post(ENDPOINT + "/activation", opt=BACK)
    async def enable(
        self,
        organisation_id: FromPath[UUID],
        endpoint_id: FromPath[UUID],
        me: NamedDependency[Principal],
        webhooks: NamedDependency[WebhookService],
        organisations: NamedDependency[OrganisationService],
    ) -> Redirect:
        await _managed(organisations, me, organisation_id)
        await webhooks.enable(organisation_id, endpoint_id)
        return Redirect(webhooks_path(organisation_id), status_code=303)

    @get(ENDPOINT)
    async def log(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        endpoint_id: FromPath[UUID],
        me: NamedDependency[Principal],
        webhooks: NamedDependency[WebhookService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        return await self._log(request, organisation_id, endpoint_id, me, webhooks, organisations)

    @post(ENDPOINT + "/envois/{delivery_id:uuid}/renvoi", opt=BACK)
    async def redeliver(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        endpoint_id: FromPath[UUID],
        delivery_id: FromPath[UUID],
        me: NamedDependency[Principal],
        webhooks: NamedDependency[WebhookService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template | Redirect:
        await _managed(organisations, me, organisation_id)
        try:
            await webhooks.redeliver(organisation_id, endpoint_id, delivery_id)
        except AppError as error:
            if error.status_code == 404:
                raise
            return await self._log(
                request, organisation_id, endpoint_id, me, webhooks, organisations,
                error.status_code, error=translated(error),
            )  # fmt: skip
        return Redirect(f"{webhooks_path(organisation_id)}/{endpoint_id}", status_code=303)

    async def _log(
        self,
        request: Request[Any, Any, Any],
        organisation_id: UUID,
        endpoint_id: UUID,
        me: Principal,
        webhooks: WebhookService,
        organisations: OrganisationService,
        status_code: int = 200,
        **extra: Any,
    ) -> Template:
        organisation, manages = await _member(organisations, me, organisation_id)
        endpoint = await webhooks.endpoint(organisation_id, endpoint_id)
        deliveries = await webhooks.deliveries(organisation_id, endpoint_id, None, LOG_SIZE)
        return render(
            request,
            "webhooks/deliveries.html",
            me,
            status_code,
            organisation=organisation,
            manages=manages,
            endpoint=endpoint,
            deliveries=deliveries,
            message_id=message_id,
            **_labels(),
            **extra,
        )
