"""The JSON shapes of the partner API's webhook routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.webhooks.domain import Endpoint
from marketplace.webhooks.repository import Attempt, Delivery
from marketplace.webhooks.service import EndpointRequest


class EndpointIn(msgspec.Struct, forbid_unknown_fields=True):
    """`event_types` among work.published, work.withdrawn, market.opened, market.closed,
    saved_search.matched (the organisation's own saved searches)."""

    url: Annotated[
        str, msgspec.Meta(max_length=600, examples=["https://partner.example/lakou/webhooks"])
    ]
    event_types: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=60)]],
        msgspec.Meta(max_length=10, examples=[["work.published", "market.opened"]]),
    ]
    description: Annotated[str, msgspec.Meta(max_length=300)] = ""

    def request(self) -> EndpointRequest:
        return EndpointRequest(self.url, list(self.event_types), self.description)


class EndpointOut(msgspec.Struct):
    id: UUID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str
    created_at: datetime
    last_success_at: datetime | None  # written at most once a minute
    # After a rotation, the old secret still signs (a second signature) until then.
    previous_secret_until: datetime | None = None


class NewEndpointOut(msgspec.Struct):
    """The endpoint made and its signing secret (`whsec_…`), shown this once."""

    endpoint: EndpointOut
    secret: Annotated[str, msgspec.Meta(examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])]


class AttemptOut(msgspec.Struct):
    at: datetime
    request_headers: dict[str, str]
    status: int | None
    response: str
    error: str
    duration_ms: int


class DeliveryOut(msgspec.Struct):
    id: UUID
    webhook_id: str
    event_type: str
    body: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    created_at: datetime
    finished_at: datetime | None
    log: list[AttemptOut]


class DeliveryPage(msgspec.Struct):
    items: list[DeliveryOut]
    next_before: UUID | None


def endpoint_out(endpoint: Endpoint) -> EndpointOut:
    return EndpointOut(
        id=endpoint.id,
        url=endpoint.url,
        description=endpoint.description,
        event_types=list(endpoint.event_types),
        enabled=endpoint.enabled,
        disabled_at=endpoint.disabled_at,
        disabled_reason=endpoint.disabled_reason,
        created_at=endpoint.created_at,
        last_success_at=endpoint.last_success_at,
        previous_secret_until=endpoint.previous_secret_until,
    )


def delivery_out(delivery: Delivery, attempts: list[Attempt]) -> DeliveryOut:
    return DeliveryOut(
        id=delivery.id,
        webhook_id=f"msg_{delivery.id.hex}",
        event_type=delivery.event_type,
        body=delivery.body,
        state=delivery.state.value,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
        created_at=delivery.created_at,
        finished_at=delivery.finished_at,
        log=[
            AttemptOut(a.at, a.request_headers, a.status, a.response, a.error, a.duration_ms)
            for a in attempts
        ],
    )
