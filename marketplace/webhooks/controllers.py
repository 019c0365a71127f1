"""The partner API's webhooks: an organisation's key with `webhooks:manage` registers endpoints,
reads their delivery log and sends a message again. Another organisation's endpoint: 404."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.apikeys.domain import Scope
from accounts.apikeys.partner_auth import PartnerCaller, provide_partner, requires_scope
from infra.http.dependencies import provide_service
from infra.http.openapi_errors import RATE_LIMITED_ROUTE
from marketplace.webhooks.domain import EVENT_TYPES
from marketplace.webhooks.schemas import (
    DeliveryOut,
    DeliveryPage,
    EndpointIn,
    EndpointOut,
    NewEndpointOut,
    delivery_out,
    endpoint_out,
)
from marketplace.webhooks.service import WebhookService

ENDPOINT = "/{endpoint_id:uuid}"
PageSize = Annotated[int, Parameter(ge=1, le=100, description="Deliveries per page (1-100)")]


class PartnerWebhookController(Controller):
    path = "/api/partner/v1/webhooks"
    tags = ["partner API"]
    guards = [requires_scope(Scope.WEBHOOKS_MANAGE)]
    dependencies = {
        "partner": Provide(provide_partner),
        "webhooks": provide_service(WebhookService),
    }
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @post("/", status_code=HTTP_201_CREATED)
    async def create(
        self,
        data: JSONBody[EndpointIn],
        partner: NamedDependency[PartnerCaller],
        webhooks: NamedDependency[WebhookService],
    ) -> NewEndpointOut:
        """Register an https endpoint for some event types. The answer carries the signing
        secret (`whsec_…`) once. An address on a loopback, private, link-local, multicast or
        reserved network (or a name resolving to one) is refused: 422
        `webhook_target_forbidden`."""
        endpoint = await webhooks.create(partner.organisation_id, data.request())
        return NewEndpointOut(endpoint_out(endpoint), endpoint.secret)

    @get("/")
    async def list_endpoints(
        self, partner: NamedDependency[PartnerCaller], webhooks: NamedDependency[WebhookService]
    ) -> list[EndpointOut]:
        """The organisation's endpoints, newest first."""
        return [endpoint_out(e) for e in await webhooks.endpoints(partner.organisation_id)]

    @get("/event-types")
    async def event_types(self) -> list[str]:
        """What an endpoint may subscribe to."""
        return list(EVENT_TYPES)

    @get(ENDPOINT)
    async def read(
        self,
        endpoint_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        webhooks: NamedDependency[WebhookService],
    ) -> EndpointOut:
        return endpoint_out(await webhooks.endpoint(partner.organisation_id, endpoint_id))

    @delete(ENDPOINT, status_code=HTTP_204_NO_CONTENT)
    async def remove(
        self,
        endpoint_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        webhooks: NamedDependency[WebhookService],
    ) -> None:
        """Delete the endpoint and its delivery log."""
        await webhooks.delete(partner.organisation_id, endpoint_id)

    @post(ENDPOINT + "/rotate-secret", status_code=HTTP_200_OK)
    async def rotate_secret(
        self,
        endpoint_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        webhooks: NamedDependency[WebhookService],
    ) -> Response[NewEndpointOut]:
        """A new signing secret, shown this once. During the overlap (24 hours unless the
        platform says otherwise; `previous_secret_until`) every message carries two
        signatures, `webhook-signature: v1,<new> v1,<old>`, so the receiver can switch to the
        new secret at its own pace; after it, only the new one signs."""
        endpoint = await webhooks.rotate_secret(partner.organisation_id, endpoint_id)
        return Response(
            NewEndpointOut(endpoint_out(endpoint), endpoint.secret),
            headers={"cache-control": "no-store"},
        )

    @post(ENDPOINT + "/enable", status_code=HTTP_200_OK)
    async def enable(
        self,
        endpoint_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        webhooks: NamedDependency[WebhookService],
    ) -> EndpointOut:
        """Turn an endpoint disabled after repeated failures back on."""
        return endpoint_out(await webhooks.enable(partner.organisation_id, endpoint_id))

    @post(ENDPOINT + "/disable", status_code=HTTP_200_OK)
    async def disable(
        self,
        endpoint_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        webhooks: NamedDependency[WebhookService],
    ) -> EndpointOut:
        """Turn an endpoint off: its messages fail without being sent until it is enabled."""
        return endpoint_out(await webhooks.disable(partner.organisation_id, endpoint_id))

    @get(ENDPOINT + "/deliveries")
    async def deliveries(
        self,
        endpoint_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        webhooks: NamedDependency[WebhookService],
        before: FromQuery[UUID | None] = None,
        limit: PageSize = 20,
    ) -> DeliveryPage:
        """The delivery log, newest first: each message's body and state, and every attempt's
        request headers, status, answer (2,000 characters at most), error and duration."""
        found = await webhooks.deliveries(partner.organisation_id, endpoint_id, before, limit)
        items = [delivery_out(delivery, attempts) for delivery, attempts in found]
        return DeliveryPage(items, items[-1].id if len(items) == limit else None)

    @post(ENDPOINT + "/deliveries/{delivery_id:uuid}/redeliver", status_code=HTTP_200_OK)
    async def redeliver(
        self,
        endpoint_id: FromPath[UUID],
        delivery_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        webhooks: NamedDependency[WebhookService],
    ) -> DeliveryOut:
        """Send a delivered or failed message again now, with the same `webhook-id`."""
        await webhooks.redeliver(partner.organisation_id, endpoint_id, delivery_id)
        found = await webhooks.deliveries(partner.organisation_id, endpoint_id, None, 100)
        return next(delivery_out(d, a) for d, a in found if d.id == delivery_id)
