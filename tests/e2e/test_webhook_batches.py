"""Webhooks in batches against the real loopback receiver: events fanned out at once are each
sent once and logged; two senders claiming due deliveries together never send one twice; a
batch mixing a receiver that answers and one that fails records each as it went."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from litestar.testing import AsyncTestClient
from standardwebhooks.webhooks import Webhook

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events.tables import HandledEvent
from lakou.bootstrap import Container
from marketplace.webhooks.domain import RETRY_DELAYS
from marketplace.webhooks.fan_out import FanOut, FanOutWriter
from marketplace.webhooks.service import EndpointRequest, WebhookService
from marketplace.webhooks.tables import AttemptRow, DeliveryRow
from marketplace.webhooks.wiring import WebhookSettings, build_webhooks
from tests.helpers import sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier, verified_organisation
from tests.webhook_receiver import Receiver, market_opened, receiver


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hook(container: Container, clock: Clock) -> WebhookService:
    ensure_notifier(container)
    return build_webhooks(
        container.services,
        partial(PiccoloUnitOfWork, container.engine),
        WebhookSettings(allow_loopback=True, deadline_s=2),
        clock=clock,
    )


@pytest.fixture
def site() -> Iterator[Receiver]:
    with receiver() as found:
        yield found


async def _organisation(client: AsyncTestClient, container: Container) -> str:
    owner = await sign_up_and_log_in(client, "audience")
    acting = await verified_organisation(client, container, owner)
    return acting["X-Lakou-Organisation"]


async def test_events_fanned_out_at_once_are_each_sent_once_signed_and_logged(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver
) -> None:
    organisation = await _organisation(client, container)
    endpoint = await hook.create(
        organisation,  # type: ignore[arg-type]
        EndpointRequest(f"{site.base}/ok", ["market.opened"]),
    )
    await asyncio.gather(*(hook.fan_out(market_opened()) for _ in range(20)))

    received = site.at("/ok")
    ids = Counter(request.headers["webhook-id"] for request in received)
    assert len(ids) == 20
    assert set(ids.values()) == {1}
    for request in received:
        Webhook(endpoint.secret).verify(request.body, request.headers)
    states = Counter(row["state"] for row in await DeliveryRow.select(DeliveryRow.state))
    assert states == {"delivered": 20}
    assert await AttemptRow.count() == 20


async def test_an_event_handed_in_twice_at_once_or_again_later_is_sent_once(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver
) -> None:
    """The fan-out writes concurrent events in one transaction (`fan_out.py`): a redelivery
    racing its first delivery in the same batch, or coming after it, makes no second message."""
    organisation = await _organisation(client, container)
    await hook.create(
        organisation,  # type: ignore[arg-type]
        EndpointRequest(f"{site.base}/ok", ["market.opened"]),
    )
    events = [market_opened() for _ in range(6)]
    await asyncio.gather(*(hook.fan_out(event) for event in events + events[:3]))
    await asyncio.gather(*(hook.fan_out(event) for event in events))

    ids = Counter(request.headers["webhook-id"] for request in site.at("/ok"))
    assert len(ids) == 6
    assert set(ids.values()) == {1}
    deliveries = await DeliveryRow.select(DeliveryRow.event_id, DeliveryRow.state)
    assert sorted(str(row["event_id"]) for row in deliveries) == sorted(str(e.id) for e in events)
    assert {row["state"] for row in deliveries} == {"delivered"}
    handled = await HandledEvent.select(HandledEvent.event_id).where(
        HandledEvent.consumer == "webhooks.fan_out"
    )
    assert sorted(str(row["event_id"]) for row in handled) == sorted(str(e.id) for e in events)


async def test_two_senders_claiming_together_never_send_a_delivery_twice(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver,
    clock: Clock,
) -> None:  # fmt: skip
    organisation = await _organisation(client, container)
    await hook.create(
        organisation,  # type: ignore[arg-type]
        EndpointRequest(f"{site.base}/fail", ["market.opened"]),
    )
    for _ in range(12):  # every first attempt answered 500: due again in 5 s
        await hook.fan_out(market_opened())
    first_ids = {r.headers["webhook-id"] for r in site.at("/fail")}
    assert len(first_ids) == 12
    clock.now += RETRY_DELAYS[0] + timedelta(seconds=1)

    other = build_webhooks(
        container.services,
        partial(PiccoloUnitOfWork, container.engine),
        WebhookSettings(allow_loopback=True, deadline_s=2),
        clock=clock,
    )
    first, second = await asyncio.gather(hook.deliver_due(), other.deliver_due())
    assert first + second == 12
    retried = Counter(r.headers["webhook-id"] for r in site.at("/fail")[12:])
    assert set(retried) == first_ids
    assert set(retried.values()) == {1}
    assert await hook.deliver_due() == 0  # the next retries are minutes away
    assert {row["attempts"] for row in await DeliveryRow.select(DeliveryRow.attempts)} == {2}


async def test_a_batch_records_each_attempt_as_it_went(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver,
    clock: Clock,
) -> None:  # fmt: skip
    organisation = await _organisation(client, container)
    answered = await hook.create(
        organisation,  # type: ignore[arg-type]
        EndpointRequest(f"{site.base}/ok", ["market.opened"]),
    )
    failing = await hook.create(
        organisation,  # type: ignore[arg-type]
        EndpointRequest(f"{site.base}/fail", ["market.opened"]),
    )
    await hook.fan_out(market_opened())  # one event, two endpoints: sent together, one transaction
    [good] = await hook.repository.deliveries(answered.id, None, 10)
    [bad] = await hook.repository.deliveries(failing.id, None, 10)
    assert (good.state.value, good.attempts, good.next_attempt_at) == ("delivered", 1, None)
    assert (bad.state.value, bad.attempts) == ("pending", 1)
    assert bad.next_attempt_at is not None
    assert bad.next_attempt_at - clock.now == RETRY_DELAYS[0]
    endpoints = {e.id: e for e in await hook.endpoints(answered.organisation_id)}
    assert endpoints[answered.id].last_success_at is not None
    assert endpoints[failing.id].last_success_at is None
    attempts = await hook.repository.attempts([good.id, bad.id])
    assert [a.status for a in attempts[good.id]] == [200]
    assert [a.status for a in attempts[bad.id]] == [500]


async def test_an_event_that_cannot_be_written_fails_alone_not_its_batch(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver,
    clock: Clock,
) -> None:  # fmt: skip
    organisation = await _organisation(client, container)
    await hook.create(
        organisation,  # type: ignore[arg-type]
        EndpointRequest(f"{site.base}/ok", ["market.opened"]),
    )
    writer = FanOutWriter(
        hook.repository, partial(PiccoloUnitOfWork, container.engine), clock, timedelta(minutes=1)
    )
    good = [FanOut(market_opened()), FanOut(market_opened())]
    bad = FanOut(replace(market_opened(), type="market.unknown"))  # no body can be made of it
    await writer.write([good[0], bad, good[1]])

    assert isinstance(bad.failed, KeyError)
    assert bad.made == []
    assert [len(fan_out.made) for fan_out in good] == [1, 1]
    assert all(fan_out.failed is None for fan_out in good)
    written = await DeliveryRow.select(DeliveryRow.event_id)
    assert sorted(str(row["event_id"]) for row in written) == sorted(
        str(fan_out.event.id) for fan_out in good
    )
    # The bad event's handled mark went back with its own transaction: a retry will run it.
    handled = await HandledEvent.select(HandledEvent.event_id)
    assert str(bad.event.id) not in {str(row["event_id"]) for row in handled}
