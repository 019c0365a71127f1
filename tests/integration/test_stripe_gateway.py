"""The Stripe adapter against the real localstripe server, through the official SDK.

Buyers pay with Stripe's test cards (tests/stripe_buyer.py plays Stripe.js); webhooks are
delivered by localstripe to a receiver in the test, signed with the configured secret;
transient failures come from a flaky proxy FAKE between the SDK and localstripe.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from infra.errors import NotFound
from marketplace.payments.port import (
    GatewayEventKind,
    GatewayUnavailable,
    InvalidSignature,
    PaymentRequest,
    PaymentStatus,
    stripe_country,
)
from marketplace.payments.stripe import StripeGateway, Timeouts
from marketplace.payments.stripe import gateway as stripe_gateway_module
from marketplace.payments.stripe.mapping import payment_info
from tests.fakes.flaky_stripe_proxy import Fault, flaky_stripe_proxy
from tests.stripe_buyer import DECLINED_CARD, SUCCEEDING_CARD, THREE_D_SECURE_CARD, StripeBuyer

if TYPE_CHECKING:
    from tests.fixtures_stripe import LocalStripe

# Until tests/conftest.py lists it: imported here, it would be loaded too late to register.

# localstripe waits one second before each webhook delivery.
DELIVERY_TIMEOUT_S = 10.0


def payment_request(amount_cents: int = 1500, **changes: Any) -> PaymentRequest:
    order_id = str(uuid.uuid4())
    request = PaymentRequest(
        order_id=order_id,
        amount_cents=amount_cents,
        currency="eur",
        buyer_country="MQ",
        buyer_email="moun@example.org",
        idempotency_key=f"order-{order_id}-payment",
        description="Kont lannuit (album)",
    )
    return replace(request, **changes)


@pytest.fixture
def buyer(localstripe: LocalStripe) -> StripeBuyer:
    return StripeBuyer(
        localstripe.url,
        secret_key=localstripe.secret_key,
        publishable_key=localstripe.publishable_key,
    )


async def paid(gateway: StripeGateway, buyer: StripeBuyer, amount_cents: int = 1500) -> str:
    payment = await gateway.create_payment(payment_request(amount_cents))
    assert payment.client_secret is not None
    result = await buyer.pay(payment.id, payment.client_secret, SUCCEEDING_CARD)
    assert result.status == "succeeded"
    return payment.id


def localstripe_intents_of_order(localstripe: LocalStripe, order_id: str) -> list[dict[str, Any]]:
    """Every PaymentIntent localstripe holds for the order (read around the gateway)."""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 100}
    with httpx.Client(base_url=localstripe.url, auth=(localstripe.secret_key, "")) as client:
        while True:
            page = client.get("/v1/payment_intents", params=params).json()
            found += [pi for pi in page["data"] if pi["metadata"].get("order_id") == order_id]
            if not page["has_more"]:
                return found
            params["starting_after"] = page["data"][-1]["id"]


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """Stripe's scheme: HMAC-SHA256 of "<t>.<body>" with the endpoint's secret."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


# --- country -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("MQ", "FR"),
        ("gp", "FR"),
        ("GF", "FR"),
        ("RE", "FR"),
        ("YT", "FR"),
        ("FR", "FR"),
        ("US", "US"),
    ],
)
def test_overseas_departments_are_france_at_stripe(given: str, sent: str) -> None:
    assert stripe_country(given) == sent


async def test_payment_carries_the_order_and_the_mapped_country(
    stripe_gateway: StripeGateway, localstripe: LocalStripe
) -> None:
    request = payment_request(2500, metadata={"work_id": "w-1"})

    payment = await stripe_gateway.create_payment(request)

    assert payment.status is PaymentStatus.REQUIRES_PAYMENT
    assert (payment.amount_cents, payment.currency) == (2500, "eur")
    assert payment.order_id == request.order_id
    assert payment.client_secret is not None
    assert payment.client_secret.startswith(payment.id)
    assert payment.livemode is False
    [stored] = localstripe_intents_of_order(localstripe, request.order_id)
    assert stored["metadata"] == {
        "order_id": request.order_id,
        "work_id": "w-1",
        "buyer_country": "MQ",
        "billing_country": "FR",
        "description": "Kont lannuit (album)",
    }


# --- buyers' cards -----------------------------------------------------------------------


async def test_a_good_card_pays(stripe_gateway: StripeGateway, buyer: StripeBuyer) -> None:
    payment = await stripe_gateway.create_payment(payment_request())
    assert payment.client_secret is not None

    await buyer.pay(payment.id, payment.client_secret, SUCCEEDING_CARD)

    read = await stripe_gateway.get_payment(payment.id)
    assert read.status is PaymentStatus.SUCCEEDED
    assert read.failure_code is None
    assert read.amount_refunded_cents == 0
    # The card's country, for the indicators (localstripe issues every card in France).
    assert read.card_country == "FR"
    assert payment.card_country is None  # nothing paid it yet


async def test_a_declined_card_leaves_the_payment_waiting_with_a_reason(
    stripe_gateway: StripeGateway, buyer: StripeBuyer
) -> None:
    payment = await stripe_gateway.create_payment(payment_request())
    assert payment.client_secret is not None

    result = await buyer.pay(payment.id, payment.client_secret, DECLINED_CARD)

    assert result.error_code == "card_declined"
    read = await stripe_gateway.get_payment(payment.id)
    assert read.status is PaymentStatus.REQUIRES_PAYMENT
    assert read.failure_code == "card_declined"


@pytest.mark.parametrize(
    ("passes", "status", "failure_code"),
    [
        (True, PaymentStatus.SUCCEEDED, None),
        (False, PaymentStatus.REQUIRES_PAYMENT, "payment_intent_authentication_failure"),
    ],
)
async def test_three_d_secure_waits_for_the_buyer_then_follows_the_bank(
    stripe_gateway: StripeGateway,
    buyer: StripeBuyer,
    passes: bool,
    status: PaymentStatus,
    failure_code: str | None,
) -> None:
    payment = await stripe_gateway.create_payment(payment_request())
    assert payment.client_secret is not None

    await buyer.pay(payment.id, payment.client_secret, THREE_D_SECURE_CARD)
    assert (await stripe_gateway.get_payment(payment.id)).status is PaymentStatus.REQUIRES_ACTION

    await buyer.authenticate(payment.id, payment.client_secret, success=passes)

    read = await stripe_gateway.get_payment(payment.id)
    assert (read.status, read.failure_code) == (status, failure_code)


async def test_an_unknown_payment_is_not_found(stripe_gateway: StripeGateway) -> None:
    with pytest.raises(NotFound):
        await stripe_gateway.get_payment("pi_doesnotexist00")


async def test_cancel_is_final_and_cancelling_again_is_harmless(
    stripe_gateway: StripeGateway,
) -> None:
    payment = await stripe_gateway.create_payment(payment_request())

    canceled = await stripe_gateway.cancel_payment(payment.id)
    again = await stripe_gateway.cancel_payment(payment.id)

    assert canceled.status is PaymentStatus.CANCELED
    assert again.status is PaymentStatus.CANCELED


# --- refunds -----------------------------------------------------------------------------


async def test_partial_then_full_refund(stripe_gateway: StripeGateway, buyer: StripeBuyer) -> None:
    payment_id = await paid(stripe_gateway, buyer, 1000)

    first = await stripe_gateway.refund(payment_id, 300, f"refund-{uuid.uuid4()}")
    assert (first.payment_id, first.amount_cents, first.status) == (payment_id, 300, "succeeded")
    assert (await stripe_gateway.get_payment(payment_id)).amount_refunded_cents == 300

    rest = await stripe_gateway.refund(payment_id, 700, f"refund-{uuid.uuid4()}")
    assert rest.id != first.id
    read = await stripe_gateway.get_payment(payment_id)
    assert read.amount_refunded_cents == 1000
    assert read.status is PaymentStatus.SUCCEEDED  # a refunded PaymentIntent stays succeeded


# --- webhooks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    body: bytes
    signature: str | None


@pytest.fixture
def webhook_deliveries(localstripe: LocalStripe) -> Iterator[queue.Queue[Delivery]]:
    """A tiny HTTP endpoint registered with localstripe; what it receives lands in a queue."""
    received: queue.Queue[Delivery] = queue.Queue()

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            received.put(Delivery(body, self.headers.get("Stripe-Signature")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    localstripe.register_webhook(f"http://127.0.0.1:{server.server_address[1]}/stripe")
    try:
        yield received
    finally:
        server.shutdown()
        server.server_close()


async def delivered(deliveries: queue.Queue[Delivery], event_type: str, object_id: str) -> Delivery:
    deadline = time.monotonic() + DELIVERY_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            delivery = await asyncio.to_thread(deliveries.get, timeout=0.2)
        except queue.Empty:
            continue
        event = json.loads(delivery.body)
        if event["type"] == event_type and event["data"]["object"]["id"] == object_id:
            return delivery
    raise AssertionError(f"no {event_type} for {object_id} within {DELIVERY_TIMEOUT_S} s")


@pytest.fixture
async def succeeded_delivery(
    stripe_gateway: StripeGateway, buyer: StripeBuyer, webhook_deliveries: queue.Queue[Delivery]
) -> tuple[str, Delivery]:
    payment_id = await paid(stripe_gateway, buyer)
    return payment_id, await delivered(webhook_deliveries, "payment_intent.succeeded", payment_id)


async def test_a_signed_webhook_from_localstripe_is_accepted_and_mapped(
    stripe_gateway: StripeGateway, succeeded_delivery: tuple[str, Delivery]
) -> None:
    payment_id, delivery = succeeded_delivery

    event = stripe_gateway.verify_event(delivery.body, delivery.signature)

    assert event.kind is GatewayEventKind.PAYMENT_SUCCEEDED
    assert event.provider_type == "payment_intent.succeeded"
    assert event.payment_id == payment_id
    assert event.id.startswith("evt_")
    assert event.livemode is False


async def test_webhooks_without_a_valid_fresh_signature_are_refused(
    stripe_gateway: StripeGateway,
    localstripe: LocalStripe,
    succeeded_delivery: tuple[str, Delivery],
) -> None:
    _, delivery = succeeded_delivery
    body, header = delivery.body, delivery.signature
    other_secret = replace(localstripe.settings(), stripe_webhook_secret="whsec_not_ours")
    wrong_secret_gateway = StripeGateway.from_settings(other_secret)
    one_byte_changed = bytearray(body)
    one_byte_changed[body.index(b'"type"') + 2] ^= 0x01  # "type" -> "txpe"
    now = int(time.time())

    with pytest.raises(InvalidSignature, match="missing"):
        stripe_gateway.verify_event(body, None)
    with pytest.raises(InvalidSignature, match="missing"):
        stripe_gateway.verify_event(body, "")
    with pytest.raises(InvalidSignature, match="t=<unix time>"):
        stripe_gateway.verify_event(body, "garbage")
    with pytest.raises(InvalidSignature, match="ne correspond pas"):
        wrong_secret_gateway.verify_event(body, header)
    with pytest.raises(InvalidSignature, match="ne correspond pas"):
        stripe_gateway.verify_event(bytes(one_byte_changed), header)
    with pytest.raises(InvalidSignature, match="plus de 300 s") as stale:
        stripe_gateway.verify_event(body, sign(body, localstripe.webhook_secret, now - 301))
    assert stale.value.code == "signature_expired"
    assert stale.value.status_code == 400
    # The same signing, fresh, passes: the refusals above are about what they changed.
    fresh = stripe_gateway.verify_event(body, sign(body, localstripe.webhook_secret, now - 5))
    assert fresh.kind is GatewayEventKind.PAYMENT_SUCCEEDED


@pytest.mark.parametrize(
    ("event_type", "subject", "refund_id"),
    [
        ("charge.refunded", {"object": "charge", "id": "ch_1", "payment_intent": "pi_1"}, None),
        (
            "charge.refunded",
            {
                "object": "charge",
                "id": "ch_1",
                "payment_intent": "pi_1",
                "refunds": {"data": [{"id": "re_2"}, {"id": "re_1"}]},
            },
            "re_2",
        ),
        ("refund.created", {"object": "refund", "id": "re_1", "payment_intent": "pi_1"}, "re_1"),
        ("refund.updated", {"object": "refund", "id": "re_1", "payment_intent": "pi_1"}, "re_1"),
        (
            "charge.refund.updated",
            {"object": "refund", "id": "re_1", "payment_intent": "pi_1"},
            "re_1",
        ),
    ],
)
def test_refund_events_name_the_payment(
    stripe_gateway: StripeGateway,
    localstripe: LocalStripe,
    event_type: str,
    subject: dict[str, Any],
    refund_id: str | None,
) -> None:
    # localstripe never sends refund events, so these bodies are Stripe's shape, signed here.
    body = json.dumps(
        {
            "id": "evt_refund",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": subject},
        }
    ).encode()

    event = stripe_gateway.verify_event(
        body, sign(body, localstripe.webhook_secret, int(time.time()))
    )

    assert (event.kind, event.payment_id, event.refund_id) == (
        GatewayEventKind.REFUNDED,
        "pi_1",
        refund_id,
    )


def test_the_card_country_is_read_from_the_charge_as_stripe_sends_it() -> None:
    intent = {
        "id": "pi_1",
        "status": "succeeded",
        "amount": 900,
        "currency": "eur",
        "payment_method": "pm_1",  # not expanded: the charge's details say it
        "latest_charge": {"payment_method_details": {"type": "card", "card": {"country": "ca"}}},
    }
    assert payment_info(intent).card_country == "CA"
    sepa = {**intent, "latest_charge": {"payment_method_details": {"type": "sepa_debit"}}}
    assert payment_info(sepa).card_country is None


def test_other_events_are_acknowledged_as_other(
    stripe_gateway: StripeGateway, localstripe: LocalStripe
) -> None:
    body = json.dumps(
        {
            "id": "evt_x",
            "type": "customer.created",
            "created": 1,
            "data": {"object": {"object": "customer", "id": "cus_1"}},
        }
    ).encode()

    event = stripe_gateway.verify_event(
        body, sign(body, localstripe.webhook_secret, int(time.time()))
    )

    assert (event.kind, event.payment_id) == (GatewayEventKind.OTHER, None)


# --- reconciliation ----------------------------------------------------------------------


async def test_events_since_lists_what_happened_after_the_checkpoint_oldest_first(
    stripe_gateway: StripeGateway, buyer: StripeBuyer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stripe_gateway_module, "_PAGE_SIZE", 1)  # every event on its own page
    before = await paid(stripe_gateway, buyer)
    checkpoint = int(time.time())
    await asyncio.sleep(checkpoint + 1.05 - time.time())  # the next second: after the checkpoint
    first = await paid(stripe_gateway, buyer)
    await asyncio.sleep(1.05)  # Stripe's clock has one-second steps
    declined = await stripe_gateway.create_payment(payment_request())
    assert declined.client_secret is not None
    await buyer.pay(declined.id, declined.client_secret, DECLINED_CARD)

    events = await stripe_gateway.events_since(checkpoint)

    about_payments = [(e.kind, e.payment_id) for e in events if e.payment_id]
    assert about_payments == [
        (GatewayEventKind.PAYMENT_SUCCEEDED, first),
        (GatewayEventKind.PAYMENT_FAILED, declined.id),
    ]
    assert before not in {e.payment_id for e in events}
    assert all(e.created > checkpoint for e in events)
    assert [e.created for e in events] == sorted(e.created for e in events)


# --- transient failures ------------------------------------------------------------------


@pytest.mark.parametrize("fault", [Fault.HTTP_500, Fault.RATE_LIMITED])
async def test_transient_failures_are_retried_with_the_same_idempotency_key(
    localstripe: LocalStripe, fault: Fault
) -> None:
    request = payment_request()
    with flaky_stripe_proxy(localstripe.url) as proxy:
        proxy.fail_next(2, fault=fault)
        gateway = localstripe.gateway(api_base=proxy.url)

        payment = await gateway.create_payment(request)

        attempts = proxy.requests_to("POST", "/v1/payment_intents")
    assert [a.faulted for a in attempts] == [True, True, False]
    assert {a.idempotency_key for a in attempts} == {request.idempotency_key}
    [stored] = localstripe_intents_of_order(localstripe, request.order_id)
    assert stored["id"] == payment.id


async def test_a_gateway_that_keeps_failing_is_unavailable(localstripe: LocalStripe) -> None:
    request = payment_request()
    with flaky_stripe_proxy(localstripe.url) as proxy:
        proxy.fail_next(100)
        gateway = localstripe.gateway(api_base=proxy.url)

        with pytest.raises(GatewayUnavailable, match="3 tentatives") as raised:
            await gateway.create_payment(request)

        attempts = proxy.requests_to("POST", "/v1/payment_intents")
    assert raised.value.status_code == 503
    assert len(attempts) == 3
    assert {a.idempotency_key for a in attempts} == {request.idempotency_key}
    assert localstripe_intents_of_order(localstripe, request.order_id) == []


@pytest.mark.parametrize(("timeouts", "succeeds"), [(1, True), (100, False)])
async def test_timeouts_are_retried_then_unavailable(
    localstripe: LocalStripe, timeouts: int, succeeds: bool
) -> None:
    request = payment_request()
    with flaky_stripe_proxy(localstripe.url) as proxy:
        proxy.fail_next(timeouts, fault=Fault.TIMEOUT, delay_s=1.0)
        gateway = localstripe.gateway(
            api_base=proxy.url, timeouts=Timeouts(connect_s=2.0, read_s=0.3)
        )

        if succeeds:
            payment = await gateway.create_payment(request)
            assert payment.order_id == request.order_id
        else:
            with pytest.raises(GatewayUnavailable, match="Timeout"):
                await gateway.create_payment(request)

        attempts = proxy.requests_to("POST", "/v1/payment_intents")
    assert len(attempts) == (2 if succeeds else 3)
    assert {a.idempotency_key for a in attempts} == {request.idempotency_key}
    assert len(localstripe_intents_of_order(localstripe, request.order_id)) == int(succeeds)


async def test_reads_are_retried_too(
    stripe_gateway: StripeGateway, localstripe: LocalStripe
) -> None:
    payment = await stripe_gateway.create_payment(payment_request())
    with flaky_stripe_proxy(localstripe.url) as proxy:
        proxy.fail_next(2, method="GET", path=f"/v1/payment_intents/{payment.id}")
        gateway = localstripe.gateway(api_base=proxy.url)

        read = await gateway.get_payment(payment.id)

    assert read.id == payment.id
    assert len(proxy.requests_to("GET", f"/v1/payment_intents/{payment.id}")) == 3
