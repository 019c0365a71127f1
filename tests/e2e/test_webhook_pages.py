"""The organisation's webhooks pages: an owner adds an endpoint (refused at once on a private
address, the reason on the page), copies its secret shown once, reads the delivery log with the
request and the answer, sends a message again, turns the endpoint off and on. Members who do
not manage only read; another organisation's endpoint is not found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar.testing import AsyncTestClient

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.events.envelope import EventEnvelope
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.webhooks.service import WebhookService
from marketplace.webhooks.tables import EndpointRow
from marketplace.webhooks.wiring import WebhookSettings, build_webhooks
from tests.helpers import CSRF_INPUT, page_log_in, sign_up_and_log_in
from tests.organisation_helpers import add_member, ensure_notifier, verified_organisation
from tests.webhook_receiver import Receiver, receiver


@pytest.fixture
def site() -> Iterator[Receiver]:
    with receiver() as found:
        yield found


def _loopback_allowed(container: Container) -> WebhookService:
    ensure_notifier(container)
    service = build_webhooks(
        container.services,
        partial(PiccoloUnitOfWork, container.engine),
        WebhookSettings(allow_loopback=True, deadline_s=1),
    )
    container.services.replace(service)
    return service


async def _post(client: AsyncTestClient, page: str, action: str, data: Any) -> Any:
    shown = await client.get(page)
    token = CSRF_INPUT.search(shown.text)
    assert token, shown.text[:300]
    return await client.post(
        action, data={**data, "_csrf_token": token.group(1)}, follow_redirects=False
    )


async def _owner(client: AsyncTestClient, container: Container) -> tuple[str, str]:
    email = f"hooks-{uuid4().hex[:8]}@example.test"
    headers = await sign_up_and_log_in(client, role="audience", email=email)
    acting = await verified_organisation(client, container, headers)
    return email, acting["X-Lakou-Organisation"]


async def test_an_owner_adds_an_endpoint_reads_its_log_and_redelivers(
    client: AsyncTestClient, container: Container, site: Receiver
) -> None:
    email, organisation = await _owner(client, container)
    page = f"/organisations/{organisation}/webhooks"
    await page_log_in(client, email)
    shown = await client.get(page)
    assert shown.status_code == 200
    assert "Aucun webhook pour l'instant." in shown.text

    # A private address is refused at once, with the reason, nothing saved.
    refused = await _post(
        client, page, page, {"url": "https://10.0.0.1/hook", "event_types": ["market.opened"]}
    )
    assert refused.status_code == 422
    assert "Lakou n&#39;envoie pas à cette adresse" in refused.text
    assert await EndpointRow.count() == 0

    hooks = _loopback_allowed(container)
    made = await _post(
        client,
        page,
        page,
        {
            "url": f"{site.base}/ok",
            "description": "<script>alert(1)</script>",
            "event_types": ["market.opened", "saved_search.matched"],
        },
    )
    assert made.status_code == 200, made.text
    assert made.headers["cache-control"] == "no-store"
    secret = re.search(r'id="new-secret"[^>]*value="(whsec_[^"]+)"', made.text)
    assert secret
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in made.text
    assert "<script>alert(1)" not in made.text
    again = await client.get(page)
    assert secret.group(1) not in again.text  # shown once
    endpoint_id = str((await EndpointRow.select(EndpointRow.id).first())["id"])

    await hooks.fan_out(
        EventEnvelope(
            id=uuid4(), type="market.opened", aggregate_id=uuid4(),
            payload={"market_id": str(uuid4()), "organisation_id": str(uuid4())},
            occurred_at=datetime.now(UTC),
        )
    )  # fmt: skip
    log_page = f"{page}/{endpoint_id}"
    log = await client.get(log_page)
    assert log.status_code == 200
    assert log.text.count('class="attempt"') == 1
    assert "webhook-signature: v1," in log.text
    assert "{&#34;ok&#34;:true}" in log.text or '{"ok":true}' in log.text
    delivery = re.search(r'data-delivery="([0-9a-f-]+)"', log.text)
    assert delivery
    resent = await _post(client, log_page, f"{log_page}/envois/{delivery.group(1)}/renvoi", {})
    assert resent.status_code == 303
    assert (await client.get(log_page)).text.count('class="attempt"') == 2
    assert len(site.at("/ok")) == 2

    off = await _post(client, page, f"{page}/{endpoint_id}/desactivation", {})
    assert off.status_code == 303
    assert 'data-state="disabled"' in (await client.get(page)).text
    on = await _post(client, page, f"{page}/{endpoint_id}/activation", {})
    assert on.status_code == 303
    assert 'data-state="enabled"' in (await client.get(page)).text

    # A new secret, shown once on the answering page, with the overlap's end.
    rotated = await _post(client, page, f"{page}/{endpoint_id}/secret", {})
    assert rotated.status_code == 200, rotated.text
    assert rotated.headers["cache-control"] == "no-store"
    new = re.search(r'id="new-secret"[^>]*value="(whsec_[^"]+)"', rotated.text)
    assert new
    assert new.group(1) != secret.group(1)
    assert "Nouveau secret de signature" in rotated.text
    assert "chaque message porte aussi la signature" in rotated.text
    assert new.group(1) not in (await client.get(page)).text


async def test_strangers_are_kept_out_and_members_who_do_not_manage_only_read(
    client: AsyncTestClient, container: Container
) -> None:
    _, organisation = await _owner(client, container)
    _, other = await _owner(client, container)
    foreign = new_id()
    await EndpointRow.insert(
        EndpointRow(id=foreign, organisation=UUID(other), url="https://x.example/h",
                    description="", event_types="market.opened", signing_secret="whsec_x",
                    created_at=datetime.now(UTC), disabled_reason="")
    )  # fmt: skip
    member_email = await add_member(client, organisation, "member")
    await page_log_in(client, member_email)
    # A member reads (tests/e2e/test_read_only_members.py: no form, every change refused).
    assert (await client.get(f"/organisations/{organisation}/webhooks")).status_code == 200
    assert (await client.get(f"/organisations/{other}/webhooks")).status_code == 404
    assert (await client.get(f"/organisations/{other}/webhooks/{foreign}")).status_code == 404
