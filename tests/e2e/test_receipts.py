"""Receipts: a paid order gets a numbered PDF receipt that names Lakou, the buyer, each line's
creator and the amounts; only its buyer (and staff) can download it."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from uuid import UUID

import pytest
from dramatiq.brokers.redis import RedisBroker
from dramatiq.worker import Worker
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from infra.db.engine import write_transaction
from infra.events.tables import OutboxMessage
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.documents import repository
from marketplace.documents.domain import DocumentKind, IssuedDocument
from marketplace.documents.parties import AccountsAndCatalogue, Buyer
from marketplace.documents.pdf import html_to_pdf
from marketplace.documents.rendering import ReceiptRenderer
from marketplace.documents.service import ReceiptIssuer
from marketplace.documents.settings import DocumentSettings
from marketplace.orders.domain import Order, OrderLine, OrderStatus
from marketplace.orders.repository import OrderRepository
from marketplace.orders.tables import OrderRow
from media.storage.port import StorageUnavailable, StoredObject
from tests.helpers import (
    PASSWORD,
    deliver_events,
    page_log_in,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)
from tests.mailroom import Mailroom


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


async def test_the_receipt_mail_links_to_the_pdf(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, mailroom: Mailroom
) -> None:
    _, order_id = await paid_order(client, "mail")
    await deliver_events(broker, worker)
    await mailroom.delivery.deliver_due()
    [mail] = [
        m for m in mailroom.to("buyer-mail@example.test") if "reçu" in str(m.message["Subject"])
    ]
    # The mail links to the page address: a browser signed in with its session opens it.
    path = f"/commande/{order_id}/recu.pdf"
    assert f"http://127.0.0.1:8000{path}" in mailroom.text(mail)
    assert (await client.get(path, follow_redirects=False)).status_code == 303  # log in first
    await page_log_in(client, "buyer-mail@example.test")
    opened = await client.get(path)
    assert opened.status_code == 200
    assert opened.content.startswith(b"%PDF-")
    page = await client.get(f"/commande/{order_id}")
    assert f'href="{path}"' in page.text


class BrokenStorage:
    """Object storage that is down when the PDF is stored."""

    def put(self, key: str, chunks: Iterable[bytes], content_type: str) -> StoredObject:
        raise StorageUnavailable("the object store is down")


def _order(now: datetime) -> Order:
    line = OrderLine(
        id=new_id(),
        item_id=new_id(),
        kind="work",
        seller_id=new_id(),
        title="Lespri lanmè",
        work_ids=(),
        work_weights=(),
        pricing="fixed",
        list_cents=1200,
        discount_cents=0,
        gross_cents=1200,
        vat_rate_bp=850,
        vat_cents=94,
        net_cents=1106,
    )
    return Order(
        id=new_id(),
        buyer_id=new_id(),
        buyer_country="GP",
        status=OrderStatus.PAID,
        lines=(line,),
        checkout_key="k",
        created_at=now,
        updated_at=now,
        gateway="stripe",
        paid_at=now,
    )


async def test_a_receipt_that_fails_to_issue_takes_its_number_back(
    container: Container,
) -> None:
    working = container.services.get(ReceiptIssuer)
    broken = ReceiptIssuer(
        container.services.get(DocumentSettings),
        OrderRepository(),
        AccountsAndCatalogue(PiccoloCatalogueRepository()),
        BrokenStorage(),  # type: ignore[arg-type]
        ReceiptRenderer(),
        html_to_pdf,
    )
    order = _order(datetime.now(UTC))
    reader = Buyer(name="Ti Jo", language="en")
    names = {order.lines[0].id: "Kolektif Lanmè"}

    async def issue(issuer: ReceiptIssuer) -> IssuedDocument:
        async with write_transaction(container.engine):
            return await issuer.issue(order, reader, names)

    with pytest.raises(StorageUnavailable):
        await issue(broken)
    assert await repository.numbers("LK") == []

    document = await issue(working)
    assert document.number == f"LK-{datetime.now(UTC).year}-000001"
    assert document.language == "en"
    stored = b"".join(container.storage.read_range(document.storage_key))
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    text = pdf_text(stored)
    assert "Receipt" in text  # in the buyer's language
    assert "Kolektif Lanmè" in text
    assert "Ti Jo" in text
    assert "Guadeloupe" in text
    assert "€12.00" in text
    assert "Test payment" not in text  # paid through Stripe


async def test_a_deleted_buyers_receipt_is_kept_detached_with_the_order(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker
) -> None:
    buyer, order_id = await paid_order(client, "leaving")
    await deliver_events(broker, worker)
    receipt = await repository.of_order(UUID(order_id), DocumentKind.RECEIPT)
    assert receipt is not None

    deleted = await client.request(
        "DELETE", "/api/privacy/account", json={"password": PASSWORD}, headers=buyer
    )
    assert deleted.status_code == 204, deleted.text

    # Kept as issued (an accounting voucher), its buyer now the order's tombstone: no one.
    kept = await repository.of_order(UUID(order_id), DocumentKind.RECEIPT)
    assert kept is not None
    assert kept.number == receipt.number
    assert kept.sha256 == receipt.sha256
    order = await OrderRow.select(OrderRow.buyer_id).where(OrderRow.id == order_id).first()
    assert order is not None
    assert kept.buyer_id == order["buyer_id"] != receipt.buyer_id


async def test_each_refund_gets_a_credit_note_that_corrects_the_receipt(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    buyer, order_id = await paid_order(client, "refund")
    await deliver_events(broker, worker)
    staff = await staff_headers(client, container)
    partial = await client.post(
        f"/api/orders/{order_id}/refunds", json={"amount_cents": 300}, headers=staff
    )
    assert partial.status_code == 200, partial.text
    await deliver_events(broker, worker)
    rest = await client.post(f"/api/orders/{order_id}/refunds", json={}, headers=staff)
    assert rest.status_code == 200, rest.text
    await deliver_events(broker, worker)

    listed = await client.get(f"/api/orders/{order_id}/documents", headers=buyer)
    assert listed.status_code == 200, listed.text
    year = datetime.now(UTC).year
    receipt, first, second = listed.json()
    assert [receipt["kind"], first["kind"], second["kind"]] == [
        "receipt",
        "credit_note",
        "credit_note",
    ]
    assert [d["number"] for d in (receipt, first, second)] == [
        f"LK-{year}-00000{n}" for n in (1, 2, 3)
    ]
    # Every refunded cent is on a credit note, VAT worked out at the line's rate.
    assert [first["gross_cents"], first["vat_cents"], first["net_cents"]] == [300, 24, 276]
    assert first["gross_cents"] + second["gross_cents"] == receipt["gross_cents"]

    pdf = await client.get(first["url"], headers=buyer)
    assert pdf.status_code == 200, pdf.text
    text = pdf_text(pdf.content)
    assert f"Avoir\nN° {first['number']}" in text or "Avoir" in text
    assert receipt["number"] in text  # the receipt it corrects
    assert "3,00" in text
    assert "Total remboursé" in text
    # Someone else sees none of it.
    someone = await sign_up_and_log_in(client, role="audience", email="nosy-refund@example.test")
    assert (
        await client.get(f"/api/orders/{order_id}/documents", headers=someone)
    ).status_code == 404
    assert (await client.get(first["url"], headers=someone)).status_code == 404
    assert (await client.get(first["url"], headers=staff)).status_code == 200
