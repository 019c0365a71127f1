"""A rights holder's Stripe Express dashboard, and an account they disconnect from Lakou at
Stripe (`account.application.deauthorized`, verified on the raw body): unusable at once, its
payouts held (the balance carried, never lost), the holder told, and onboarding again makes a
new account that the next run pays. Against the named Connect FAKE (localstripe has none)."""

from __future__ import annotations

import httpx
from litestar.testing import AsyncTestClient

from accounts.notifications.tables import Notification
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.revenue.notifications import RevenueNotifications
from marketplace.revenue.services import RevenueServices
from tests.e2e.test_connect_pages import (
    WEBHOOK,
    WEBHOOK_SECRET,
    _csrf,
    _envelopes,
    _holder,
    app,
    fake,
)
from tests.fakes.stripe_connect_fake import FakeStripeConnect
from tests.helpers import page_log_in, sign_up_and_log_in

__all__ = ["app", "fake"]  # the fixtures, shared with the holder pages' tests

DASHBOARD = "/revenus/connect/tableau-de-bord"


async def _onboarded(client: AsyncTestClient, fake: FakeStripeConnect) -> str:
    sent = await client.post(
        "/revenus/etre-paye",
        data={"country": "FR", "_csrf_token": await _csrf(client)},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    async with httpx.AsyncClient() as browser:
        back = await browser.get(sent.headers["location"] + "?complete=1")
    await client.get(httpx.URL(back.headers["location"]).path, follow_redirects=False)
    return list(fake.accounts)[-1]  # the newest account the fake made


async def test_the_dashboard_link_then_a_disconnection_holds_payouts_until_reconnected(
    app: tuple[AsyncTestClient, RevenueServices], fake: FakeStripeConnect, container: Container
) -> None:
    client, revenue = app
    email, _, _ = await _holder(client, revenue)
    await page_log_in(client, email)
    page = await client.get("/revenus")
    assert 'id="connect-dashboard"' not in page.text  # nothing at Stripe to look at yet
    first = await _onboarded(client, fake)
    page = await client.get("/revenus")
    assert 'id="connect-dashboard"' in page.text

    # The Express dashboard: a fresh single-use link from Stripe, followed at once.
    opened = await client.post(
        DASHBOARD, data={"_csrf_token": await _csrf(client)}, follow_redirects=False
    )
    assert opened.status_code == 303
    assert opened.headers["location"].startswith(f"{fake.base_url}/fake/express/")
    assert [link["account"] for link in fake.login_links] == [first]

    # She disconnects Lakou at Stripe; Stripe tells Lakou in a signed event.
    fake.deauthorize(first)
    body, signature = fake.signed_deauthorized(first, WEBHOOK_SECRET)
    headers = {"stripe-signature": signature, "content-type": "application/json"}
    tampered = body.replace(first.encode(), b"acct_fakesomeoneelse")
    refused = await client.post(WEBHOOK, content=tampered, headers=headers)
    assert refused.status_code == 400
    disconnected = OutboxMessage.event_type == "connect.account_disconnected"
    assert await OutboxMessage.count().where(disconnected) == 0
    accepted = await client.post(WEBHOOK, content=body, headers=headers)
    assert accepted.json() == {"received": True, "queued": True}
    again = await client.post(WEBHOOK, content=body, headers=headers)  # Stripe retries
    assert again.json() == {"received": True, "queued": False}
    [row] = await OutboxMessage.select().where(disconnected)
    notifications = container.services.get(RevenueNotifications)
    for envelope in _envelopes([row, row]):
        await notifications.disconnected(envelope)
    told = await Notification.select().where(Notification.kind == "revenue.connect_disconnected")
    assert len(told) == 1

    page = await client.get("/revenus")
    assert "Compte déconnecté de Lakou" in page.text
    assert 'id="connect-dashboard"' not in page.text
    assert "54,00" in page.text  # still owed
    gone = await client.post(
        DASHBOARD, data={"_csrf_token": await _csrf(client)}, follow_redirects=False
    )
    assert gone.status_code == 404
    # Held: the run pays nothing there (and nothing into an account typed on a sheet).
    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert report.sent == 0
    assert fake.transfers == []

    # Onboarding again: a new account, paid by the next run; the old one never again.
    second = await _onboarded(client, fake)
    assert second != first
    page = await client.get("/revenus")
    assert "Versements activés" in page.text
    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert (report.sent, report.sent_cents) == (1, 5400)
    assert fake.total_cents(second) == 5400
    assert fake.total_cents(first) == 0


async def test_no_dashboard_without_an_account(
    app: tuple[AsyncTestClient, RevenueServices],
) -> None:
    client, _ = app
    email = f"nobody-{id(client)}@example.test"
    await sign_up_and_log_in(client, role="audience", email=email)
    await page_log_in(client, email)
    refused = await client.post(
        DASHBOARD, data={"_csrf_token": await _csrf(client)}, follow_redirects=False
    )
    assert refused.status_code == 404
