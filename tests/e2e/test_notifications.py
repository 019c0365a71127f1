"""Notifications: a sale tells the buyer and the seller, in the centre and through a real SMTP
server; choices, one-click unsubscribe, and mail that waits while the SMTP server is down."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

from dramatiq.brokers.redis import RedisBroker
from dramatiq.worker import Worker
from litestar.testing import AsyncTestClient

from accounts.notifications.tables import Notification, QueuedMail
from infra.db.values import as_utc
from lakou.bootstrap import Container
from tests.helpers import (
    deliver_events,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)
from tests.mailroom import Mailroom


async def _sale(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, tag: str
) -> tuple[dict[str, str], dict[str, str], str, str]:
    """A creator's work bought with the test payment: seller, buyer, their addresses."""
    seller_email, buyer_email = f"seller-{tag}@example.test", f"buyer-{tag}@example.test"
    seller = await sign_up_and_log_in(client, email=seller_email)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    buyer = await sign_up_and_log_in(client, role="audience", email=buyer_email)
    added = await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    assert added.status_code == 201, added.text
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)
    return seller, buyer, seller_email, buyer_email


async def _sale_mails(address: str) -> list[dict[str, object]]:
    return [row for row in await Mailroom.queued(address) if row["kind"] != "accounts.verify_email"]


async def test_a_sale_mails_a_receipt_and_tells_the_seller(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, mailroom: Mailroom
) -> None:
    seller, buyer, seller_email, buyer_email = await _sale(client, broker, worker, "a")
    await mailroom.delivery.deliver_due()
    [receipt] = [m for m in mailroom.to(buyer_email) if "reçu" in str(m.message["Subject"])]
    [sold] = [m for m in mailroom.to(seller_email) if "Vente" in str(m.message["Subject"])]

    assert "8,00" in str(receipt.message["Subject"])
    assert "Paiement de test" in mailroom.text(receipt)
    # A receipt is transactional: nothing to unsubscribe from. A sale notice offers one click.
    assert receipt.message["List-Unsubscribe"] is None
    assert sold.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Bèlè de la Lune" in str(sold.message["Subject"])

    # Both appear in their centres, worded in the reader's language when read.
    centre = (await client.get("/api/notifications?lang=en", headers=seller)).json()
    assert centre["unread"] == 1
    assert centre["items"][0]["text"].startswith("Sale:")
    assert (await client.get("/api/notifications/unread", headers=buyer)).json() == {"count": 1}


async def test_a_redelivered_sale_tells_nobody_twice(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, container: Container
) -> None:
    from infra.events.envelope import EventEnvelope
    from infra.events.tables import OutboxMessage
    from marketplace.orders.notifications import OrderNotifications

    _, _, seller_email, buyer_email = await _sale(client, broker, worker, "b")
    row = await OutboxMessage.select().where(OutboxMessage.event_type == "order.paid").first()
    assert row is not None
    payload = row["payload"]
    envelope = EventEnvelope(
        id=row["id"],
        type=row["event_type"],
        aggregate_id=row["aggregate_id"],
        payload=json.loads(payload) if isinstance(payload, str) else dict(payload),
        occurred_at=as_utc(row["occurred_at"]),
    )
    notifications = container.services.get(OrderNotifications)
    assert await notifications.receipt(envelope) is False
    assert await notifications.sold(envelope) is False
    assert len(await _sale_mails(buyer_email)) == 1
    assert len(await _sale_mails(seller_email)) == 1
    assert await Notification.count() == 2


async def test_mail_waits_while_smtp_is_down_and_leaves_once_with_one_message_id(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, mailroom: Mailroom
) -> None:
    mailroom.server.stop()
    _, _, _, buyer_email = await _sale(client, broker, worker, "c")
    assert await mailroom.delivery.deliver_due() == 0
    waiting = await _sale_mails(buyer_email)
    assert [(row["status"], row["attempts"]) for row in waiting] == [("pending", 1)]
    assert waiting[0]["last_error"]

    mailroom.server.start()
    # The retry is scheduled later; make it due now rather than waiting for it.
    await QueuedMail.update({QueuedMail.next_attempt_at: datetime.now(UTC)}).where(
        QueuedMail.status == "pending"
    )
    received = await mailroom.deliver(2)
    receipts = [m for m in mailroom.to(buyer_email) if "reçu" in str(m.message["Subject"])]
    assert len(receipts) == 1
    [row] = await _sale_mails(buyer_email)
    assert row["status"] == "sent"
    assert len({m.message["Message-ID"] for m in received}) == len(received)


async def test_a_person_turns_a_kind_off_and_transactional_mail_stays_on(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker
) -> None:
    seller = await sign_up_and_log_in(client, email="quiet-seller@example.test")
    off = await client.put(
        "/api/notifications/preferences/orders.sold",
        json={"email": False, "in_app": True},
        headers=seller,
    )
    assert off.status_code == 204, off.text
    refused = await client.put(
        "/api/notifications/preferences/orders.receipt",
        json={"email": False, "in_app": True},
        headers=seller,
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "notification_transactional"
    unknown = await client.put(
        "/api/notifications/preferences/nope.nothing",
        json={"email": False, "in_app": False},
        headers=seller,
    )
    assert unknown.status_code == 404
    choices = {
        c["kind"]: c
        for c in (await client.get("/api/notifications/preferences", headers=seller)).json()
    }
    assert choices["orders.sold"]["email"] is False
    assert choices["orders.receipt"]["email"] is True


async def test_one_click_unsubscribe_needs_no_session_and_a_get_changes_nothing(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, mailroom: Mailroom
) -> None:
    seller, _, seller_email, _ = await _sale(client, broker, worker, "d")
    await mailroom.delivery.deliver_due()
    [sold] = [m for m in mailroom.to(seller_email) if "Vente" in str(m.message["Subject"])]
    url = str(sold.message["List-Unsubscribe"]).strip("<>")
    target = urlsplit(url)
    path = f"{target.path}?{target.query}"

    client.cookies.clear()
    looked = await client.get(path)
    assert looked.status_code == 200
    choices = (await client.get("/api/notifications/preferences", headers=seller)).json()
    assert next(c for c in choices if c["kind"] == "orders.sold")["email"] is True

    client.cookies.clear()
    done = await client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200, done.text
    choices = (await client.get("/api/notifications/preferences", headers=seller)).json()
    assert next(c for c in choices if c["kind"] == "orders.sold")["email"] is False

    forged = await client.post(path.replace("orders.sold", "orders.receipt"))
    assert forged.status_code == 404


async def test_the_centre_marks_read_and_hides_other_peoples_notifications(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker
) -> None:
    seller, buyer, _, _ = await _sale(client, broker, worker, "e")
    [item] = (await client.get("/api/notifications", headers=seller)).json()["items"]
    theirs = await client.post(f"/api/notifications/{item['id']}/read", headers=buyer)
    assert theirs.status_code == 404
    assert (await client.get("/api/notifications/unread", headers=seller)).json() == {"count": 1}
    mine = await client.post(f"/api/notifications/{item['id']}/read", headers=seller)
    assert mine.status_code == 204
    assert (await client.get("/api/notifications/unread", headers=seller)).json() == {"count": 0}
    assert (await client.get("/api/notifications", headers=None)).status_code == 401


async def test_the_development_mailbox_shows_what_would_have_left(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker
) -> None:
    await _sale(client, broker, worker, "f")
    page = await client.get("/dev/courrier")
    assert page.status_code == 200
    assert "buyer-f@example.test" in page.text


async def test_a_payout_run_mails_the_creator_what_was_sent(
    client: AsyncTestClient,
    broker: RedisBroker,
    worker: Worker,
    container: Container,
    mailroom: Mailroom,
) -> None:
    seller_email = "paid-creator@example.test"
    seller = await sign_up_and_log_in(client, email=seller_email)
    work_id = await published_work(client, seller)
    sheet = {
        "holders": [
            {
                "name": "Léna",
                "role": "composer",
                "share_bp": 10000,
                "payout_account": "acct_1LakouTestLena0",
            }
        ]
    }
    saved = await client.put(f"/api/works/{work_id}/splits", json=sheet, headers=seller)
    assert saved.status_code == 200, saved.text
    offer = await priced(client, seller, work_id)
    buyer = await sign_up_and_log_in(client, role="audience")
    await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    await deliver_events(broker, worker)
    staff = await staff_headers(client, container)
    run = await client.post("/api/revenue/payout-runs", headers=staff)
    assert run.status_code == 202, run.text
    await deliver_events(broker, worker)
    await mailroom.delivery.deliver_due()
    [payout] = [m for m in mailroom.to(seller_email) if "Virement" in str(m.message["Subject"])]
    assert "Léna" in mailroom.text(payout)
    assert payout.message["List-Unsubscribe"] is None


async def test_a_title_that_tries_to_add_a_header_stays_in_the_subject(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, mailroom: Mailroom
) -> None:
    """A creator's text reaches subjects: a CR/LF in it never starts a header of its own."""
    seller_email = "crlf-seller@example.test"
    seller = await sign_up_and_log_in(client, email=seller_email)
    hostile = "Bèlè\r\nBcc: victim@example.test\r\nX-Evil: 1"
    work_id = await published_work(client, seller, titles={"fr": hostile})
    offer = await priced(client, seller, work_id)
    buyer = await sign_up_and_log_in(client, role="audience")
    await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    await deliver_events(broker, worker)
    await mailroom.delivery.deliver_due()
    [sold] = [m for m in mailroom.to(seller_email) if "Vente" in str(m.message["Subject"])]
    assert sold.recipients == (seller_email,)
    assert sold.message["Bcc"] is None
    assert sold.message["X-Evil"] is None
    assert "Bcc: victim@example.test" in str(sold.message["Subject"])
    assert not [r for m in mailroom.server.received for r in m.recipients if "victim" in r]
