"""Rotating an endpoint's signing secret, against the real loopback receiver: the new secret
is shown once; during the overlap every message carries both signatures and a receiver holding
either secret verifies it with the reference library; after the overlap the old one fails."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from litestar.testing import AsyncTestClient
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from infra.db.unit_of_work import PiccoloUnitOfWork
from lakou.bootstrap import Container
from marketplace.webhooks.service import WebhookService
from marketplace.webhooks.wiring import WebhookSettings, build_webhooks
from tests.helpers import sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier, verified_organisation
from tests.webhook_receiver import Receiver, market_opened, receiver


class Clock:
    """Lakou's clock in these tests, moved back for a rotation, else the real time of the
    test's start (read per test: the receivers compare the timestamp with the real time, and
    the suite may reach this test long after it was collected)."""

    def __init__(self) -> None:
        self.real = datetime.now(UTC)
        self.now = self.real

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hook(container: Container, clock: Clock) -> WebhookService:
    ensure_notifier(container)
    service = build_webhooks(
        container.services,
        partial(PiccoloUnitOfWork, container.engine),
        WebhookSettings(allow_loopback=True, deadline_s=2, secret_overlap_h=24),
        clock=clock,
    )
    container.services.replace(service)
    return service


@pytest.fixture
def site() -> Iterator[Receiver]:
    with receiver() as found:
        yield found


async def _key(client: AsyncTestClient, container: Container) -> dict[str, str]:
    owner = await sign_up_and_log_in(client, "audience")
    acting = await verified_organisation(client, container, owner)
    made = await client.post(
        f"/api/organisations/{acting['X-Lakou-Organisation']}/api-keys",
        json={"name": "Hooks", "scopes": ["webhooks:manage"]},
        headers=owner,
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['secret']}"}


def _verifies(secret: str, request: object) -> bool:
    try:
        Webhook(secret).verify(request.body, request.headers)  # type: ignore[attr-defined]
    except WebhookVerificationError:
        return False
    return True


async def test_both_secrets_verify_during_the_overlap_and_only_the_new_one_after(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver,
    clock: Clock,
) -> None:  # fmt: skip
    key = await _key(client, container)
    made = await client.post(
        "/api/partner/v1/webhooks",
        json={"url": f"{site.base}/ok", "event_types": ["market.opened"]},
        headers=key,
    )
    assert made.status_code == 201, made.text
    old = made.json()["secret"]
    endpoint = made.json()["endpoint"]["id"]

    # The receivers check the timestamp against the real time, so the messages are sent
    # "now" and the rotations are moved into the past.
    async def rotate(hours_ago: int) -> str:
        clock.now = clock.real - timedelta(hours=hours_ago)
        rotated = await client.post(
            f"/api/partner/v1/webhooks/{endpoint}/rotate-secret", headers=key
        )
        assert rotated.status_code == 200, rotated.text
        assert rotated.headers["cache-control"] == "no-store"
        clock.now = clock.real
        return str(rotated.json()["secret"])

    # Rotated 25 hours ago: the overlap (24 h) is over, the old secret signs no more.
    new = await rotate(25)
    assert new.startswith("whsec_")
    assert new != old
    await hook.fan_out(market_opened())
    [after] = site.at("/ok")
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    assert _verifies(new, after)
    assert not _verifies(old, after)

    # Rotated an hour ago: both sign, a receiver holding either verifies.
    newest = await rotate(1)
    shown = (await client.get(f"/api/partner/v1/webhooks/{endpoint}", headers=key)).json()
    assert "secret" not in shown  # shown once, never read back
    assert shown["previous_secret_until"] is not None
    await hook.fan_out(market_opened())
    during = site.at("/ok")[1]
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert _verifies(newest, during)
    assert _verifies(new, during)
    assert not _verifies(old, during)


async def test_another_organisations_endpoint_cannot_be_rotated(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver
) -> None:
    key = await _key(client, container)
    other = await _key(client, container)
    made = await client.post(
        "/api/partner/v1/webhooks",
        json={"url": f"{site.base}/ok", "event_types": ["market.opened"]},
        headers=key,
    )
    endpoint = made.json()["endpoint"]["id"]
    refused = await client.post(f"/api/partner/v1/webhooks/{endpoint}/rotate-secret", headers=other)
    assert refused.status_code == 404
    await hook.fan_out(market_opened())
    [request] = site.at("/ok")
    assert _verifies(made.json()["secret"], request)  # untouched: one signature, the first
    assert len(request.headers["webhook-signature"].split(" ")) == 1
