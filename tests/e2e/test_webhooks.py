"""Outgoing webhooks against a real receiver on loopback: signatures checked with the Standard
Webhooks reference library, one delivery per event, retries with the same `webhook-id` (a
sender killed mid-attempt included), the delivery log, redelivery, an endpoint disabled after
three days of failures, slow receivers, and SSRF refusals (a resolver stub answers the names)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient
from standardwebhooks.webhooks import Webhook

from accounts.notifications.tables import Notification
from infra.db.unit_of_work import PiccoloUnitOfWork
from lakou.bootstrap import Container
from marketplace.webhooks.domain import MAX_ATTEMPTS, RETRY_DELAYS
from marketplace.webhooks.service import WebhookService
from marketplace.webhooks.tables import DeliveryRow, EndpointRow
from marketplace.webhooks.wiring import WebhookSettings, build_webhooks
from tests.helpers import deliver_events, published_work, sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier, verified_organisation
from tests.webhook_receiver import Receiver, StubResolver, market_opened, receiver


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delay: timedelta) -> None:
        self.now += delay + timedelta(seconds=1)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _service(
    container: Container, clock: Clock, *, loopback: bool, resolver: StubResolver | None = None
) -> WebhookService:
    ensure_notifier(container)
    service = build_webhooks(
        container.services,
        partial(PiccoloUnitOfWork, container.engine),
        WebhookSettings(allow_loopback=loopback, deadline_s=1),
        clock=clock,
        resolver=resolver,
    )
    container.services.replace(service)
    return service


@pytest.fixture
def hook(container: Container, clock: Clock) -> WebhookService:
    """The webhooks as the tests run them: loopback allowed (the receiver), 1 s per attempt."""
    return _service(container, clock, loopback=True)


@pytest.fixture
def site() -> Iterator[Receiver]:
    with receiver() as found:
        yield found


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


async def _partner_key(
    client: AsyncTestClient, container: Container, scopes: tuple[str, ...] = ("webhooks:manage",)
) -> dict[str, str]:
    owner = await sign_up_and_log_in(client, "audience")
    acting = await verified_organisation(client, container, owner)
    organisation = acting["X-Lakou-Organisation"]
    made = await client.post(
        f"/api/organisations/{organisation}/api-keys",
        json={"name": "Hooks", "scopes": list(scopes)},
        headers=owner,
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['secret']}"}


async def _endpoint(
    client: AsyncTestClient, key: dict[str, str], url: str, types: list[str] | None = None
) -> dict[str, Any]:
    made = await client.post(
        "/api/partner/v1/webhooks",
        json={"url": url, "event_types": types or ["market.opened"]},
        headers=key,
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


async def _log(client: AsyncTestClient, key: dict[str, str], endpoint_id: str) -> list[Any]:
    page = await client.get(f"/api/partner/v1/webhooks/{endpoint_id}/deliveries", headers=key)
    assert page.status_code == 200, page.text
    return list(page.json()["items"])


async def test_a_published_work_reaches_the_receiver_signed_with_public_ids_only(
    client: AsyncTestClient,
    container: Container,
    hook: WebhookService,
    site: Receiver,
    broker: Any,
    worker: Any,
) -> None:
    key = await _partner_key(client, container)
    made = await _endpoint(client, key, f"{site.base}/ok", ["work.published"])
    assert made["secret"].startswith("whsec_")
    creator = await sign_up_and_log_in(client, "creator")
    work_id = await published_work(client, creator)
    await published_work(client, creator, visibility="private")  # nobody's news
    await deliver_events(broker, worker)

    [request] = site.at("/ok")
    verified = Webhook(made["secret"]).verify(request.body, request.headers)
    assert verified["type"] == "work.published"
    assert verified["data"]["work_id"] == work_id
    assert set(verified["data"]) == {"work_id", "creator_id"}  # never the owner's person id
    [delivery] = await _log(client, key, made["endpoint"]["id"])
    assert delivery["state"] == "delivered"
    assert delivery["webhook_id"] == request.headers["webhook-id"]
    assert [attempt["status"] for attempt in delivery["log"]] == [200]
    assert delivery["log"][0]["response"] == '{"ok":true}'


async def test_an_event_delivered_twice_fans_out_once_and_a_killed_sender_keeps_the_id(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver,
    clock: Clock,
) -> None:  # fmt: skip
    key = await _partner_key(client, container)
    made = await _endpoint(client, key, f"{site.base}/flaky")
    event = market_opened()
    await hook.fan_out(event)
    await hook.fan_out(event)  # the relay sent it again
    assert await DeliveryRow.count() == 1
    [first] = site.at("/flaky")  # answered 500: due again in 5 s

    # A sender takes it and is killed before answering: nobody else sends it until its lease
    # has run out, then it goes out with the same id.
    clock.advance(RETRY_DELAYS[0])
    delivery = await hook.repository.delivery((await DeliveryRow.select().first())["id"])
    assert delivery is not None
    assert await hook.repository.claim(delivery, clock(), clock() + timedelta(seconds=61))
    assert await hook.deliver_due() == 0
    clock.advance(timedelta(seconds=61))
    assert await hook.deliver_due() == 1
    assert [r.headers["webhook-id"] for r in site.at("/flaky")] == [first.headers["webhook-id"]] * 2
    second = site.at("/flaky")[1]
    assert second.headers["webhook-timestamp"] != first.headers["webhook-timestamp"]
    for request in (first, second):  # each attempt signed anew, both valid
        Webhook(made["secret"]).verify(request.body, request.headers)
    [logged] = await _log(client, key, made["endpoint"]["id"])
    assert logged["state"] == "delivered"
    assert [attempt["status"] for attempt in logged["log"]] == [500, 200]
    assert len(logged["log"][0]["response"]) == 2001  # 5,000 sent, 2,000 kept and "…"

    # Manual redelivery: once more, the same id.
    again = await client.post(
        f"/api/partner/v1/webhooks/{made['endpoint']['id']}/deliveries/{logged['id']}/redeliver",
        headers=key,
    )
    assert again.status_code == 200, again.text
    assert len(site.at("/flaky")) == 3
    assert site.at("/flaky")[2].headers["webhook-id"] == first.headers["webhook-id"]


async def test_three_days_of_failures_disable_the_endpoint_and_tell_its_organisation(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver,
    clock: Clock,
) -> None:  # fmt: skip
    key = await _partner_key(client, container)
    made = await _endpoint(client, key, f"{site.base}/fail")
    endpoint_path = f"/api/partner/v1/webhooks/{made['endpoint']['id']}"
    await hook.fan_out(market_opened())
    for delay in RETRY_DELAYS:
        clock.advance(delay)
        assert await hook.deliver_due() == 1
    assert len(site.at("/fail")) == MAX_ATTEMPTS
    [logged] = await _log(client, key, made["endpoint"]["id"])
    assert (logged["state"], logged["attempts"]) == ("failed", MAX_ATTEMPTS)
    endpoint = (await client.get(endpoint_path, headers=key)).json()
    assert endpoint["enabled"] is False
    told = await Notification.select().where(Notification.kind == "webhooks.endpoint_disabled")
    assert len(told) == 1

    # Nothing more is sent; redelivery waits for the endpoint to be turned on again.
    clock.advance(timedelta(days=1))
    await hook.fan_out(market_opened())
    assert len(site.at("/fail")) == MAX_ATTEMPTS
    redeliver = f"{endpoint_path}/deliveries/{logged['id']}/redeliver"
    refused = await client.post(redeliver, headers=key)
    assert (refused.status_code, _code(refused)) == (409, "endpoint_disabled")
    assert (await client.post(f"{endpoint_path}/enable", headers=key)).json()["enabled"] is True
    await client.post(redeliver, headers=key)  # one attempt, which fails again
    assert len(site.at("/fail")) == MAX_ATTEMPTS + 1
    assert (await client.get(endpoint_path, headers=key)).json()["enabled"] is True


async def test_slow_receivers_and_redirects_are_attempts_that_failed(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver
) -> None:
    key = await _partner_key(client, container)
    for path, error in (
        ("/slow", "no complete answer within 1 s"),
        ("/trickle", "no complete answer within 1 s"),
        ("/redirect", "redirects are not followed"),
    ):
        made = await _endpoint(client, key, f"{site.base}{path}")
        await EndpointRow.update({EndpointRow.disabled_at: datetime.now(UTC)}).where(
            EndpointRow.id != UUID(made["endpoint"]["id"])
        )  # one endpoint at a time
        await hook.fan_out(market_opened())
        [logged] = await _log(client, key, made["endpoint"]["id"])
        assert logged["state"] == "pending", path
        assert logged["log"][0]["error"] == error
    assert site.at("/ok") == []  # the redirect was not followed


async def test_targets_on_inner_networks_are_refused_where_they_resolve_and_connect(
    client: AsyncTestClient, container: Container, clock: Clock
) -> None:
    public = "93.184.216.34"
    stub = StubResolver(
        {
            "inside.partner.test": [["127.0.0.1"]],
            "metadata.partner.test": [["169.254.169.254"]],
            "mixed.partner.test": [[public, "10.0.0.5"]],
            "rebind.partner.test": [[public], ["127.0.0.1"]],
        }
    )
    hook = _service(container, clock, loopback=False, resolver=stub)
    key = await _partner_key(client, container)
    for url, code in (
        ("https://127.0.0.1/hook", "webhook_target_forbidden"),
        ("https://10.0.0.1/hook", "webhook_target_forbidden"),
        ("https://169.254.169.254/latest/meta-data", "webhook_target_forbidden"),
        ("https://[::1]/hook", "webhook_target_forbidden"),
        ("https://[::ffff:127.0.0.1]/hook", "webhook_target_forbidden"),
        ("https://0.0.0.0/hook", "webhook_target_forbidden"),
        ("https://224.0.0.1/hook", "webhook_target_forbidden"),
        ("https://inside.partner.test/hook", "webhook_target_forbidden"),
        ("https://metadata.partner.test/hook", "webhook_target_forbidden"),
        ("https://mixed.partner.test/hook", "webhook_target_forbidden"),
        ("https://nowhere.partner.test/hook", "webhook_target_forbidden"),
        ("http://93.184.216.34/hook", "invalid_url"),  # plain http
        ("https://user:secret@93.184.216.34/hook", "invalid_url"),
        ("ftp://93.184.216.34/hook", "invalid_url"),
    ):
        answer = await client.post(
            "/api/partner/v1/webhooks",
            json={"url": url, "event_types": ["market.opened"]},
            headers=key,
        )
        assert (answer.status_code, _code(answer)) == (422, code), url
    assert await EndpointRow.count() == 0

    # A name that answered a public address when registered and 127.0.0.1 when sending: the
    # address connected to is the one checked, so the attempt is refused before connecting.
    await _endpoint(client, key, "https://rebind.partner.test/hook")
    await hook.fan_out(market_opened())
    [logged] = await DeliveryRow.select()
    attempts = await hook.repository.attempts([logged["id"]])
    [attempt] = attempts[logged["id"]]
    assert attempt.status is None
    assert attempt.error.startswith("forbidden target: rebind.partner.test leads to")


async def test_endpoints_are_their_organisations_and_need_the_scope(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver
) -> None:
    key = await _partner_key(client, container)
    made = await _endpoint(client, key, f"{site.base}/ok")
    await hook.fan_out(market_opened())
    [logged] = await _log(client, key, made["endpoint"]["id"])
    path = f"/api/partner/v1/webhooks/{made['endpoint']['id']}"

    other = await _partner_key(client, container)
    for method, url in (
        ("GET", path),
        ("GET", f"{path}/deliveries"),
        ("POST", f"{path}/enable"),
        ("POST", f"{path}/deliveries/{logged['id']}/redeliver"),
        ("DELETE", path),
    ):
        answer = await client.request(method, url, headers=other)
        assert answer.status_code == 404, (method, url)
    assert (await client.get("/api/partner/v1/webhooks", headers=other)).json() == []

    reader = await _partner_key(client, container, scopes=("catalogue:read",))
    refused = await client.get("/api/partner/v1/webhooks", headers=reader)
    assert (refused.status_code, _code(refused)) == (403, "api_key_scope_missing")
    for body, code in (
        ({"url": f"{site.base}/ok", "event_types": ["order.paid"]}, "invalid_event_types"),
        ({"url": f"{site.base}/ok", "event_types": []}, "invalid_event_types"),
        ({"url": "not a url", "event_types": ["market.opened"]}, "invalid_url"),
    ):
        answer = await client.post("/api/partner/v1/webhooks", json=body, headers=key)
        assert (answer.status_code, _code(answer)) == (422, code), body
    assert await EndpointRow.count() == 1
    assert (await client.delete(path, headers=key)).status_code == 204
    assert await DeliveryRow.count() == 0


async def test_a_worker_killed_between_the_commit_and_the_post_leaves_it_to_the_job(
    client: AsyncTestClient, container: Container, hook: WebhookService, site: Receiver,
    clock: Clock, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    key = await _partner_key(client, container)
    made = await _endpoint(client, key, f"{site.base}/ok")

    async def killed(*_: Any) -> Any:
        raise SystemExit("the worker was killed")  # stands in for kill -9 mid-attempt

    with monkeypatch.context() as patched:
        patched.setattr(hook.sender, "post", killed)
        with pytest.raises(SystemExit):
            await hook.fan_out(market_opened())
    assert site.at("/ok") == []
    assert await hook.deliver_due() == 0  # still leased to the dead worker
    clock.advance(timedelta(seconds=hook.sender.deadline_s + 60))
    assert await hook.deliver_due() == 1
    [request] = site.at("/ok")
    Webhook(made["secret"]).verify(request.body, request.headers)
    [logged] = await _log(client, key, made["endpoint"]["id"])
    assert (logged["state"], logged["webhook_id"]) == ("delivered", request.headers["webhook-id"])
