"""A rights holder over HTTP: their page, "Get paid" through the Connect FAKE's onboarding page
(tests/fakes/stripe_connect_fake.py; localstripe has no Connect), the signed `account.updated`
webhook checked on the raw body, and their statements (nobody else's)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar.testing import AsyncTestClient

from infra.events.envelope import EventEnvelope
from infra.events.tables import OutboxMessage
from infra.settings import PaymentBackend, PaymentSettings
from lakou.bootstrap import Container
from marketplace.payments.stripe.accounts import StripeConnectedAccounts
from marketplace.payments.stripe.connect import StripeConnectPayouts
from marketplace.revenue.schedule import RevenueSettings
from marketplace.revenue.services import RevenueServices
from tests.fakes.stripe_connect_fake import FakeStripeConnect
from tests.helpers import (
    CSRF_INPUT,
    create_creator,
    create_work,
    page_log_in,
    sign_up_and_log_in,
)
from tests.integration.revenue_support import attach_revenue, line, paid_event
from tests.shared_apps import client_of

WEBHOOK_SECRET = "whsec_lakou_connect_test"
WEBHOOK = "/api/revenue/connect/webhook"


@pytest.fixture
def fake() -> Iterator[FakeStripeConnect]:
    server = FakeStripeConnect()
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def app(
    container: Container, fake: FakeStripeConnect
) -> AsyncIterator[tuple[AsyncTestClient, RevenueServices]]:

    stripe = PaymentSettings(
        backend=PaymentBackend.STRIPE,
        stripe_secret_key=fake.secret_key,
        stripe_api_base=fake.base_url,
    )
    revenue = await attach_revenue(
        container,
        StripeConnectPayouts.from_settings(stripe),
        connected_accounts=StripeConnectedAccounts.from_settings(stripe),
    )
    container.services.replace(RevenueSettings(connect_webhook_secret=WEBHOOK_SECRET))
    async with client_of(container) as client:
        yield client, revenue


async def _holder(client: AsyncTestClient, revenue: RevenueServices) -> tuple[str, str, str]:
    """Léna, named by her account on another creator's sheet (60 %) of a sold work: her e-mail,
    her holder id and the work's title."""
    email = f"lena-{id(client)}@example.test"
    lena = await sign_up_and_log_in(client, role="audience", email=email)
    lena_id = (await client.get("/api/auth/me", headers=lena)).json()["id"]
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"], titles={"fr": "Bèlè pou Léna"})
    sheet = await client.put(
        f"/api/works/{work['id']}/splits",
        json={
            "holders": [
                {"name": "Léna", "role": "composer", "share_bp": 6000, "user_id": lena_id},
                {"name": "Studio", "role": "label", "share_bp": 4000},
            ]
        },
        headers=owner,
    )
    assert sheet.status_code == 200, sheet.text
    await revenue.ledger.handle_order_paid(paid_event([line([UUID(work["id"])], 10_000)]))
    return email, sheet.json()["holders"][0]["holder_id"], "Bèlè pou Léna"


async def _csrf(client: AsyncTestClient, path: str = "/revenus") -> str:
    page = await client.get(path)
    token = CSRF_INPUT.search(page.text)
    assert token, page.text
    return token.group(1)


async def test_a_holder_gets_paid_through_the_onboarding_page(
    app: tuple[AsyncTestClient, RevenueServices], fake: FakeStripeConnect
) -> None:
    client, revenue = app
    email, holder_id, title = await _holder(client, revenue)
    await page_log_in(client, email)
    page = await client.get("/revenus")
    assert page.status_code == 200
    assert title in page.text
    assert "60" in page.text  # her share
    assert "Pas encore de compte de versement" in page.text
    assert "54,00" in page.text  # 60 % of the 90,00 € the holders share

    # A country nobody knows: said on the page, and nothing is made at Stripe.
    refused = await client.post(
        "/revenus/etre-paye",
        data={"country": "ZZ", "_csrf_token": await _csrf(client)},
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert "Pays inconnu : ZZ" in refused.text
    assert fake.accounts == {}

    sent = await client.post(
        "/revenus/etre-paye",
        data={"country": "MQ", "_csrf_token": await _csrf(client)},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    link = sent.headers["location"]
    assert link.startswith(f"{fake.base_url}/fake/onboarding/")
    async with httpx.AsyncClient() as browser:
        back = await browser.get(link + "?complete=1")
    assert back.status_code == 302
    returned = await client.get(httpx.URL(back.headers["location"]).path, follow_redirects=False)
    assert (returned.status_code, returned.headers["location"]) == (303, "/revenus")
    page = await client.get("/revenus")
    assert "Versements activés" in page.text

    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert (report.sent, report.sent_cents) == (1, 5400)
    page = await client.get("/revenus")
    assert 'id="holder-payouts"' in page.text
    assert fake.transfers[0]["id"] in page.text
    statement = await client.get(f"/revenus/releves/{holder_id}/releve.csv")
    assert statement.status_code == 200
    assert fake.transfers[0]["id"] in statement.text  # the entries paid by that transfer


async def test_nobody_reads_another_holders_statement_or_page(
    app: tuple[AsyncTestClient, RevenueServices],
) -> None:
    client, revenue = app
    _, holder_id, title = await _holder(client, revenue)
    other = f"other-{id(client)}@example.test"
    await sign_up_and_log_in(client, role="audience", email=other)
    await page_log_in(client, other)
    assert (await client.get(f"/revenus/releves/{holder_id}/releve.csv")).status_code == 404
    page = await client.get("/revenus")
    assert page.status_code == 200
    assert title not in page.text
    # Named on no sheet: "Get paid" makes nothing.
    nothing = await client.post(
        "/revenus/etre-paye",
        data={"country": "FR", "_csrf_token": await _csrf(client)},
        follow_redirects=False,
    )
    assert nothing.status_code == 404


def _envelopes(rows: list[dict[str, Any]]) -> list[EventEnvelope]:
    return [
        EventEnvelope(
            id=UUID(str(row["id"])),
            type=row["event_type"],
            aggregate_id=UUID(str(row["aggregate_id"])),
            payload=json.loads(row["payload"])
            if isinstance(row["payload"], str)
            else row["payload"],
            occurred_at=row["occurred_at"],
        )
        for row in rows
    ]


async def test_account_updated_is_verified_on_the_raw_body_then_read_again(
    app: tuple[AsyncTestClient, RevenueServices], fake: FakeStripeConnect
) -> None:
    client, revenue = app
    email, _, _ = await _holder(client, revenue)
    await page_log_in(client, email)
    await client.post(
        "/revenus/etre-paye",
        data={"country": "FR", "_csrf_token": await _csrf(client)},
        follow_redirects=False,
    )
    account_id = next(iter(fake.accounts))
    fake.mark_onboarded(account_id)  # finished at Stripe; she never came back to Lakou
    body, signature = fake.signed_account_updated(account_id, WEBHOOK_SECRET)
    headers = {"stripe-signature": signature, "content-type": "application/json"}

    # A byte changed after signing, another secret, no signature: 400, nothing queued.
    tampered = body.replace(b'"payouts_enabled": true', b'"payouts_enabled": false')
    assert tampered != body
    _, wrong = fake.signed_account_updated(account_id, "whsec_someone_else")
    for content, extra in ((tampered, headers), (body, {**headers, "stripe-signature": wrong})):
        refused = await client.post(WEBHOOK, content=content, headers=extra)
        assert refused.status_code == 400, refused.text
        assert refused.json()["error"]["code"] == "invalid_signature"
    missing = await client.post(WEBHOOK, content=body, headers={"content-type": "application/json"})
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "signature_missing"
    notified = OutboxMessage.event_type == "connect.account_notified"
    assert await OutboxMessage.count().where(notified) == 0

    accepted = await client.post(WEBHOOK, content=body, headers=headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json() == {"received": True, "queued": True}
    again = await client.post(WEBHOOK, content=body, headers=headers)  # Stripe retries
    assert again.status_code == 200
    rows = list(await OutboxMessage.select().where(notified))
    assert len(rows) == 2
    for envelope in _envelopes(rows):  # the worker's side; twice is harmless
        await revenue.connect.handle_notified(envelope)
    page = await client.get("/revenus")
    assert "Versements activés" in page.text

    # Another platform's account, or another kind of event: acknowledged, nothing queued.
    fake.accounts["acct_fakeelsewhere"] = {**fake.accounts[account_id], "id": "acct_fakeelsewhere"}
    body, signature = fake.signed_account_updated("acct_fakeelsewhere", WEBHOOK_SECRET)
    ignored = await client.post(
        WEBHOOK, content=body, headers={**headers, "stripe-signature": signature}
    )
    assert ignored.json() == {"received": True, "queued": False}
