"""Buying through Stripe (localstripe, the official SDK) with webhooks delivered to the app.

A real `lakou serve` process (embedded database, in-process worker and relay) is configured
for Stripe against localstripe; localstripe signs its webhooks and POSTs them to the running
app, which verifies them, keeps each once, and settles the order from the re-read payment.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from dramatiq.brokers.redis import RedisBroker

from tests.fixtures_s3 import free_port
from tests.fixtures_stripe import LocalStripe
from tests.stripe_buyer import (
    DECLINED_CARD,
    SUCCEEDING_CARD,
    THREE_D_SECURE_CARD,
    StripeBuyer,
)

pytestmark = pytest.mark.slow
PASSWORD = "mot de passe sûr"


@dataclass
class Lakou:
    base: str
    env: dict[str, str]
    cwd: Path

    def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.request(method, self.base + path, headers=headers, timeout=15, **kwargs)

    def user(self, email: str, role: str = "audience") -> str:
        self.call(
            "POST",
            "/api/auth/signup",
            json={"email": email, "password": PASSWORD, "role": role, "display_name": email},
        )
        login = self.call("POST", "/api/auth/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        return str(login.json()["token"])

    def staff(self) -> str:
        subprocess.run(
            [sys.executable, "-m", "lakou.cli", "createuser", "--email", "staff@example.test",
             "--role", "staff", "--password-stdin"],
            input=PASSWORD.encode(), env=self.env, cwd=self.cwd, check=True, capture_output=True,
        )  # fmt: skip
        login = self.call(
            "POST", "/api/auth/login", json={"email": "staff@example.test", "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        return str(login.json()["token"])

    def order(self, token: str, order_id: str) -> dict[str, Any]:
        return dict(self.call("GET", f"/api/orders/{order_id}", token).json())

    def wait_for(
        self, token: str, order_id: str, status: str, timeout_s: float = 30
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        order = self.order(token, order_id)
        while order["status"] != status and time.monotonic() < deadline:
            time.sleep(0.2)
            order = self.order(token, order_id)
        assert order["status"] == status, order
        return order

    def paid_event(self, order_id: str) -> dict[str, Any]:
        """The order's `order.paid` payload as its outbox row keeps it (written with the order)."""
        connection = sqlite3.connect(self.cwd / "var" / "lakou.sqlite3", timeout=10)
        try:
            row = connection.execute(
                "SELECT payload FROM lakou_outbox WHERE event_type = 'order.paid' "
                "AND json_extract(payload, '$.order_id') = ?",
                (order_id,),
            ).fetchone()
        finally:
            connection.close()
        assert row is not None, f"no order.paid for {order_id}"
        payload: dict[str, Any] = json.loads(row[0])
        return payload

    def notice_handled(self, event_id: str, timeout_s: float = 30) -> None:
        """Wait until the worker has finished with the notice a webhook event queued.

        Two positive signals, in order: the relay marked the event's `payment.notified` outbox
        row sent (it publishes to the broker before that commit), then the `payments` queue of
        this server's embedded Redis holds no message, waiting, retrying or being worked on
        (dramatiq deletes a message only once its actor has returned).
        """
        deadline = time.monotonic() + timeout_s
        database = self.cwd / "var" / "lakou.sqlite3"
        sent_at = None
        while sent_at is None:
            connection = sqlite3.connect(database, timeout=10)
            try:
                row = connection.execute(
                    "SELECT sent_at FROM lakou_outbox WHERE event_type = 'payment.notified' "
                    "AND json_extract(payload, '$.event_id') = ?",
                    (event_id,),
                ).fetchone()
            finally:
                connection.close()
            sent_at = row[0] if row else None
            if sent_at is None:
                assert time.monotonic() < deadline, f"the notice of {event_id} was never relayed"
                time.sleep(0.1)
        registry = json.loads((self.cwd / "var" / "redis" / "lakou.rdb.settings").read_text())
        broker = RedisBroker(
            url=f"unix://{registry['unixsocket']}",
            namespace="lakou",
            middleware=[],
            maintenance_chance=0,  # look only: never requeue the server's messages
        )
        try:
            broker.join("payments", timeout=max(int((deadline - time.monotonic()) * 1000), 1000))
        finally:
            broker.close()


@pytest.fixture(scope="module")
def lakou(localstripe: LocalStripe, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lakou]:
    port = free_port()
    cwd = tmp_path_factory.mktemp("stripe-serve")
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")} | {
        "LAKOU_VAR_DIR": str(cwd / "var"),
        "LAKOU_PORT": str(port),
        "LAKOU_PAYMENT_BACKEND": "stripe",
        "LAKOU_STRIPE_SECRET_KEY": localstripe.secret_key,
        "LAKOU_STRIPE_PUBLISHABLE_KEY": localstripe.publishable_key,
        "LAKOU_STRIPE_WEBHOOK_SECRET": localstripe.webhook_secret,
        "LAKOU_STRIPE_API_BASE": localstripe.url,
        "LAKOU_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "lakou.cli", "serve", "--no-seed"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Lakou(f"http://127.0.0.1:{port}", env, cwd)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(server.base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        localstripe.register_webhook(server.base + "/api/payments/webhooks/stripe")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def seller(lakou: Lakou) -> tuple[str, list[str]]:
    """A creator with three published works at 15 EUR each: (token, offer ids)."""
    token = lakou.user("vendeuse@example.test", role="creator")
    creator = lakou.call("POST", "/api/creators", token, json={"kind": "person", "name": "Man Ya"})
    offers = []
    for title in ("Lalin", "Solèy", "Lanmè"):
        work = lakou.call(
            "POST",
            "/api/works",
            token,
            json={
                "creator_id": creator.json()["id"],
                "titles": {"fr": title},
                "discipline": "music",
            },
        ).json()
        assert lakou.call("POST", f"/api/works/{work['id']}/publish", token).status_code == 200
        offer = lakou.call(
            "PUT",
            f"/api/works/{work['id']}/offer",
            token,
            json={"pricing": "fixed", "price_cents": 1500},
        )
        assert offer.status_code == 200, offer.text
        offers.append(offer.json()["id"])
    return token, offers


def _buy(lakou: Lakou, token: str, offer_id: str, country: str = "MQ") -> dict[str, Any]:
    assert (
        lakou.call("POST", "/api/cart/items", token, json={"offer_id": offer_id}).status_code == 201
    )
    response = lakou.call("POST", "/api/checkout", token, json={"country": country})
    assert response.status_code == 201, response.text
    return dict(response.json())


def _buyer(localstripe: LocalStripe) -> StripeBuyer:
    return StripeBuyer(
        localstripe.url,
        secret_key=localstripe.secret_key,
        publishable_key=localstripe.publishable_key,
    )


def _signed(
    localstripe: LocalStripe, event: dict[str, Any], at: int | None = None
) -> dict[str, Any]:
    body = json.dumps(event).encode()
    timestamp = at if at is not None else int(time.time())
    signature = hmac.new(
        localstripe.webhook_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return {"content": body, "headers": {"Stripe-Signature": f"t={timestamp},v1={signature}"}}


def _stripe(localstripe: LocalStripe, method: str, path: str, **data: Any) -> Any:
    response = httpx.request(
        method, localstripe.url + path, data=data or None, auth=(localstripe.secret_key, "")
    )
    response.raise_for_status()
    return response.json()


async def test_card_payment_webhook_fulfils_and_a_refund_takes_it_back(
    lakou: Lakou, localstripe: LocalStripe, seller: tuple[str, list[str]]
) -> None:
    buyer = lakou.user("acheteur@example.test")
    order = _buy(lakou, buyer, seller[1][0])
    payment = order["payment"]
    assert payment["gateway"] == "stripe"
    assert payment["test_payment"] is False
    assert payment["publishable_key"] == localstripe.publishable_key
    intent = _stripe(localstripe, "GET", f"/v1/payment_intents/{payment['id']}")
    assert intent["amount"] == 1500
    assert intent["currency"] == "eur"
    assert intent["metadata"]["order_id"] == order["id"]
    assert intent["metadata"]["billing_country"] == "FR"  # Martinique is France for Stripe

    result = await _buyer(localstripe).pay(payment["id"], payment["client_secret"], SUCCEEDING_CARD)
    assert result.status == "succeeded"
    paid = lakou.wait_for(buyer, order["id"], "fulfilled")
    assert paid["vat_cents"] == 118  # 8.5 % inside 15.00
    # The indicators learn the card's country beside the declared one (localstripe's cards
    # are French).
    event = lakou.paid_event(order["id"])
    assert (event["buyer_country"], event["card_country"]) == ("MQ", "FR")
    work_id = paid["lines"][0]["work_ids"][0]
    assert lakou.call("GET", f"/api/works/{work_id}/playback", buyer).json()["entitled"] is True

    # The event localstripe delivered, sent again: kept once, nothing changes.
    events = _stripe(localstripe, "GET", "/v1/events", type="payment_intent.succeeded")["data"]
    delivered = next(e for e in events if e["data"]["object"]["id"] == payment["id"])
    replay = lakou.call("POST", "/api/payments/webhooks/stripe", **_signed(localstripe, delivered))
    assert replay.status_code == 200
    assert replay.json()["duplicate"] is True

    # An old failure notice arriving late never takes the order back.
    late_failure = {**delivered, "id": "evt_late_failure", "type": "payment_intent.payment_failed"}
    late = lakou.call("POST", "/api/payments/webhooks/stripe", **_signed(localstripe, late_failure))
    assert late.status_code == 200
    assert late.json()["duplicate"] is False  # kept, and its notice queued for the worker
    lakou.notice_handled("evt_late_failure")
    # The worker re-read the payment, which Stripe says succeeded: the order stays fulfilled.
    assert lakou.order(buyer, order["id"])["status"] == "fulfilled"
    assert lakou.call("GET", f"/api/works/{work_id}/playback", buyer).json()["entitled"] is True

    staff = lakou.staff()
    refund = lakou.call("POST", f"/api/orders/{order['id']}/refunds", staff, json={})
    assert refund.status_code == 200, refund.text
    assert refund.json()["order"]["status"] == "refunded"
    refunds = _stripe(localstripe, "GET", "/v1/refunds", payment_intent=payment["id"])["data"]
    assert [r["amount"] for r in refunds] == [1500]
    assert lakou.call("GET", f"/api/works/{work_id}/playback", buyer).json()["entitled"] is False


async def test_declined_and_three_d_secure_cards(
    lakou: Lakou, localstripe: LocalStripe, seller: tuple[str, list[str]]
) -> None:
    card_holder = _buyer(localstripe)
    declined_buyer = lakou.user("refusee@example.test")
    declined = _buy(lakou, declined_buyer, seller[1][1])
    pay = declined["payment"]
    result = await card_holder.pay(pay["id"], pay["client_secret"], DECLINED_CARD)
    assert result.status == "requires_payment_method"
    failed = lakou.wait_for(declined_buyer, declined["id"], "failed")
    assert failed["failure_reason"]
    work_id = failed["lines"][0]["work_ids"][0]
    assert (
        lakou.call("GET", f"/api/works/{work_id}/playback", declined_buyer).json()["entitled"]
        is False
    )

    secure_buyer = lakou.user("3ds@example.test")
    secure = _buy(lakou, secure_buyer, seller[1][1], country="FR")
    pay = secure["payment"]
    challenged = await card_holder.pay(pay["id"], pay["client_secret"], THREE_D_SECURE_CARD)
    assert challenged.status == "requires_action"
    # A failure notice for this payment arriving while the buyer is still in the challenge (an
    # earlier attempt's, delivered late): the worker re-reads the payment, which still waits
    # for the buyer, so the order stays pending and open to the challenge's outcome.
    intent = _stripe(localstripe, "GET", f"/v1/payment_intents/{pay['id']}")
    assert intent["status"] == "requires_action"
    notice = {
        "id": f"evt_during_challenge_{pay['id']}",
        "object": "event",
        "type": "payment_intent.payment_failed",
        "created": int(time.time()),
        "livemode": False,
        "api_version": "2024-06-20",
        "data": {"object": intent},
    }
    sent = lakou.call("POST", "/api/payments/webhooks/stripe", **_signed(localstripe, notice))
    assert sent.status_code == 200, sent.text
    assert sent.json()["duplicate"] is False
    lakou.notice_handled(notice["id"])
    waiting = lakou.order(secure_buyer, secure["id"])
    assert waiting["status"] == "pending", waiting
    assert not waiting.get("failure_reason"), waiting
    passed = await card_holder.authenticate(pay["id"], pay["client_secret"], success=True)
    assert passed.status == "succeeded"
    settled = lakou.wait_for(secure_buyer, secure["id"], "fulfilled")
    assert settled["vat_cents"] == 250  # mainland France: 20 % inside 15.00


async def test_a_refund_made_at_stripe_reaches_the_order_by_its_event(
    lakou: Lakou, localstripe: LocalStripe, seller: tuple[str, list[str]]
) -> None:
    buyer = lakou.user("dashboard@example.test")
    order = _buy(lakou, buyer, seller[1][2])
    pay = order["payment"]
    await _buyer(localstripe).pay(pay["id"], pay["client_secret"], SUCCEEDING_CARD)
    lakou.wait_for(buyer, order["id"], "fulfilled")

    # A partial refund from Stripe's dashboard; localstripe sends no refund events, so the
    # test signs the charge.refunded notification Stripe would send.
    refund = _stripe(localstripe, "POST", "/v1/refunds", payment_intent=pay["id"], amount=500)
    intent = _stripe(localstripe, "GET", f"/v1/payment_intents/{pay['id']}")
    charge = intent["latest_charge"]
    charge = charge if isinstance(charge, dict) else {"id": charge}
    event = {
        "id": f"evt_refund_{refund['id']}",
        "object": "event",
        "type": "charge.refunded",
        "created": int(time.time()),
        "livemode": False,
        "api_version": "2024-06-20",
        "data": {"object": {**charge, "object": "charge", "payment_intent": pay["id"]}},
    }
    delivered = lakou.call("POST", "/api/payments/webhooks/stripe", **_signed(localstripe, event))
    assert delivered.status_code == 200, delivered.text
    partly = lakou.wait_for(buyer, order["id"], "partially_refunded")
    assert partly["refunded_cents"] == 500
    work_id = partly["lines"][0]["work_ids"][0]
    # A partial refund leaves the work with the buyer.
    assert lakou.call("GET", f"/api/works/{work_id}/playback", buyer).json()["entitled"] is True


def test_forged_stale_and_unsigned_webhooks_are_refused(
    lakou: Lakou, localstripe: LocalStripe
) -> None:
    event = {"id": "evt_forged", "object": "event", "type": "payment_intent.succeeded",
             "created": int(time.time()), "livemode": False,
             "data": {"object": {"id": "pi_forged", "object": "payment_intent"}}}  # fmt: skip
    signed = _signed(localstripe, event)
    tampered = signed["content"].replace(b"pi_forged", b"pi_forgeD")
    cases = [
        {"content": signed["content"]},
        {"content": tampered, "headers": signed["headers"]},
        _signed(localstripe, event, at=int(time.time()) - 301),
        {"content": signed["content"], "headers": {"Stripe-Signature": "t=1,v1=abc"}},
    ]
    for case in cases:
        response = lakou.call("POST", "/api/payments/webhooks/stripe", **case)
        assert response.status_code == 400, response.text
        assert "signature" in response.json()["error"]["code"]
