"""Receipts: a paid order gets a numbered PDF receipt that names Lakou, the buyer, each line's
creator and the amounts; only its buyer (and staff) can download it."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from dramatiq.brokers.redis import RedisBroker
from dramatiq.worker import Worker
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.documents import repository
from tests.helpers import (
    deliver_events,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def paid_order(
    client: AsyncTestClient, tag: str, country: str = "MQ"
) -> tuple[dict[str, str], str]:
    """A creator's work (8.00 EUR) bought with the test payment: the buyer and the order id."""
    seller = await sign_up_and_log_in(client, email=f"seller-{tag}@example.test")
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    buyer = await sign_up_and_log_in(client, role="audience", email=f"buyer-{tag}@example.test")
    added = await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    assert added.status_code == 201, added.text
    checkout = await client.post("/api/checkout", json={"country": country}, headers=buyer)
    order = checkout.json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text
    return buyer, str(order["id"])


async def test_a_paid_order_gets_a_numbered_pdf_receipt(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker
) -> None:
    buyer, order_id = await paid_order(client, "pdf")
    url = f"/api/orders/{order_id}/receipt.pdf"
    # Issued by the worker: nothing to download before the event is handled.
    assert (await client.get(url, headers=buyer)).status_code == 404
    await deliver_events(broker, worker)

    response = await client.get(url, headers=buyer)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    year = datetime.now(UTC).year
    number = f"LK-{year}-000001"
    assert f'filename="{number}.pdf"' in response.headers["content-disposition"]
    text = pdf_text(response.content)
    assert number in text
    assert "Lakou" in text  # the seller of record's legal name (embedded default)
    assert "Léna Tanbouyé" in text  # the line's creator profile
    assert "Bèlè de la Lune" in text
    assert "buyer-pdf@example.test" in text  # the buyer's display name
    assert "Martinique" in text
    assert "8,00" in text  # gross
    assert "7,37" in text  # net
    assert "0,63" in text  # VAT at 8.5 %
    assert "8,5" in text
    assert "Paiement de test" in text


async def test_only_the_buyer_and_staff_download_a_receipt(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    buyer, order_id = await paid_order(client, "who")
    await deliver_events(broker, worker)
    url = f"/api/orders/{order_id}/receipt.pdf"
    someone = await sign_up_and_log_in(client, role="audience", email="nosy@example.test")

    assert (await client.get(url, headers=buyer)).status_code == 200
    other = await client.get(url, headers=someone)
    assert other.status_code == 404
    assert other.json()["error"]["code"] == "not_found"
    assert (await client.get(url)).status_code == 401
    staff = await client.get(url, headers=await staff_headers(client, container))
    assert staff.status_code == 200
    assert staff.content.startswith(b"%PDF-")


async def test_a_redelivered_payment_issues_no_second_receipt(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    await paid_order(client, "once-a")
    await deliver_events(broker, worker)
    await paid_order(client, "once-b")
    await deliver_events(broker, worker)
    # Send every order.paid again: handled events are skipped, the series is unchanged.
    await OutboxMessage.update({OutboxMessage.sent_at: None}).where(
        OutboxMessage.event_type == "order.paid"
    )
    await deliver_events(broker, worker)
    year = datetime.now(UTC).year
    assert await repository.numbers("LK") == [f"LK-{year}-000001", f"LK-{year}-000002"]
