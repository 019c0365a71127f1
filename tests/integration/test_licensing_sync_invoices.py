"""Ready-made sync licences bought by a verified partner organisation are invoiced as deals
are: the VAT by the licence invoices' rule table (an EU business whose number VIES confirms is
reverse-charged, a Martinican one pays 8.5 %), charged as such by the checkout, a Factur-X
invoice in Lakou's gap-free series once paid, no consumer receipt beside it, and a credit note
for each refund. Holders' statements show each share's side."""

from __future__ import annotations

import csv
import io
from typing import Any

import facturx
from litestar.testing import AsyncTestClient
from lxml import etree

from accounts.notifications.tables import Notification, QueuedMail
from lakou.bootstrap import Container
from marketplace.documents.tables import DocumentRow
from marketplace.licensing.invoicing.facturx_xml import RAM
from tests.fakes.vies_fake import FakeVies
from tests.helpers import (
    deliver_events,
    page_log_in,
    pay_with_test_payment,
    priced,
    sign_up_and_log_in,
    staff_headers,
)
from tests.integration.test_licensing_invoice_vat import settings, vies
from tests.integration.test_licensing_order_vat import _order_lines
from tests.integration.test_licensing_sync import SYNC, _song
from tests.organisation_helpers import verified_organisation

__all__ = ["settings", "vies"]  # the VIES FAKE's fixtures, as the invoice VAT tests use them

BERLIN = {
    "name": "Kino Berlin GmbH",
    "legal_identity": {"scheme": "eu_vat", "number": "DE136695976"},
    "address": {"country": "DE", "street": "Torstraße 1", "postcode": "10119", "city": "Berlin"},
}


async def _bought_and_paid(
    client: AsyncTestClient, partner: dict[str, str], work_id: str, country: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    buy = {"work_id": work_id, "tier": "advertising", "use": "Spot Kino 2027"}
    bought = await client.post(f"{SYNC}/licences", json=buy, headers=partner)
    assert bought.status_code == 201, bought.text
    licence = bought.json()
    item = {"item_kind": "licensing.sync", "item_id": licence["id"]}
    assert (await client.post("/api/cart/items", json=item, headers=partner)).status_code == 201
    order = (await client.post("/api/checkout", json={"country": country}, headers=partner)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=partner,
    )
    assert paid.status_code == 200, paid.text
    return licence, order


async def test_an_eu_business_is_reverse_charged_invoiced_and_credited(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any, vies: FakeVies
) -> None:
    owner, work_id, sides = await _song(client)
    partner = await verified_organisation(
        client, container, await sign_up_and_log_in(client), **BERLIN
    )
    # The buyer reads Lakou in English; the work's owner in French.
    english = await client.put("/api/auth/me/language", json={"language": "en"}, headers=partner)
    assert english.status_code == 200, english.text
    licence, order = await _bought_and_paid(client, partner, work_id, "DE")
    assert vies.asked == ["DE136695976"]
    url = f"{SYNC}/licences/{licence['id']}"

    # The checkout charged the invoice's rule: no French VAT in Germany, category AE.
    assert order["total_cents"] == 150000
    [line] = await _order_lines(order["id"])
    assert (line["vat_cents"], line["net_cents"], line["vat_category"]) == (0, 150000, "AE")
    # Before the worker issued it there is no invoice yet.
    assert (await client.get(f"{url}/invoice", headers=partner)).status_code == 404
    await deliver_events(broker, worker)

    invoice = (await client.get(f"{url}/invoice", headers=partner)).json()
    assert (invoice["vat_rule"], invoice["vat_category"], invoice["vies"]) == (
        "eu_reverse_charge", "AE", "valid",
    )  # fmt: skip
    assert (invoice["net_cents"], invoice["vat_cents"], invoice["gross_cents"]) == (
        150000, 0, 150000,
    )  # fmt: skip
    assert invoice["buyer_vat_number"] == "DE136695976"
    assert invoice["paid_via"] == "order"
    assert invoice["number"].startswith("LK-")
    # The Factur-X invoice is the document: no consumer receipt for the order.
    assert not await DocumentRow.exists().where(DocumentRow.order_id == order["id"])
    pdf = await client.get(invoice["url"], headers=partner)
    assert pdf.status_code == 200
    _, xml = facturx.get_xml_from_pdf(pdf.content)
    root = etree.fromstring(xml)
    assert {node.text for node in root.iter(f"{{{RAM}}}CategoryCode")} == {"AE"}
    assert "Kino Berlin GmbH" in xml.decode()
    # The work's owner reads it too; another organisation does not even see the licence.
    assert (await client.get(f"{url}/invoice.pdf", headers=owner)).status_code == 200
    other = await verified_organisation(client, container, await sign_up_and_log_in(client))
    assert (await client.get(f"{url}/invoice", headers=other)).status_code == 404
    assert (await client.get(f"{url}/invoice.pdf", headers=other)).status_code == 404

    # Two refunds, two credit notes, numbered right after the invoice in Lakou's series.
    staff = await staff_headers(client, container)
    refunds = f"/api/orders/{order['id']}/refunds"
    partial = await client.post(refunds, json={"amount_cents": 50000}, headers=staff)
    assert partial.status_code == 200, partial.text
    await deliver_events(broker, worker)
    assert (await client.post(refunds, json={}, headers=staff)).status_code == 200
    await deliver_events(broker, worker)
    await deliver_events(broker, worker)  # told twice: still one note per refund
    notes = (await client.get(f"{url}/invoice", headers=owner)).json()["credit_notes"]
    assert [(n["gross_cents"], n["vat_cents"]) for n in notes] == [(50000, 0), (100000, 0)]
    prefix, sequence = invoice["number"].rsplit("-", 1)
    assert [n["number"] for n in notes] == [
        f"{prefix}-{int(sequence) + step:06d}" for step in (1, 2)
    ]
    # Both parties are told of each credit note once, in the centre and by mail, each in
    # their own language.
    told = await Notification.select().where(Notification.kind == "licensing.credit_note_issued")
    assert sorted(str(row["dedup_key"]) for row in told) == sorted(
        [str(n["id"]) for n in notes] * 2
    )
    mails = await QueuedMail.select().where(QueuedMail.kind == "licensing.credit_note_issued")
    assert len(mails) == 4
    by_language = {row["language"]: row for row in mails}
    assert set(by_language) == {"en", "fr"}
    assert "Credit note" in by_language["en"]["subject"]
    assert "Avoir" in by_language["fr"]["subject"]
    assert "Bèlè de la Lune" in by_language["fr"]["subject"]
    note_pdf = await client.get(notes[0]["url"], headers=partner)
    _, note_xml = facturx.get_xml_from_pdf(note_pdf.content)
    assert b"381" in note_xml
    assert invoice["number"].encode() in note_xml
    assert (await client.get(notes[0]["url"], headers=other)).status_code == 404
    me = (await client.get("/api/auth/me", headers=partner)).json()
    await page_log_in(client, me["email"])
    page = (await client.get(f"/licences/synchro/{licence['id']}")).text
    assert f"/licences/synchro/{licence['id']}/avoirs/{notes[1]['number']}.pdf" in page
    assert (await client.get(url, headers=partner)).json()["state"] == "refunded"

    # Each holder's statement shows the side its share came from, and the refund's reversal.
    for holder_id, side in sides.items():
        statement = await client.get(
            f"/api/revenue/holders/{holder_id}/statement.csv", headers=owner
        )
        assert statement.status_code == 200, statement.text
        rows = list(csv.DictReader(io.StringIO(statement.text)))
        assert {row["side"] for row in rows} == {side}
        assert sum(round(float(row["amount_eur"]) * 100) for row in rows) == 0


async def test_a_martinican_organisation_pays_martiniques_vat_on_its_sync_licence(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any, vies: FakeVies
) -> None:
    _, work_id, _ = await _song(client)
    partner = await verified_organisation(client, container, await sign_up_and_log_in(client))
    licence, order = await _bought_and_paid(client, partner, work_id, "CA")
    await deliver_events(broker, worker)
    assert vies.asked == []  # a SIREN is no VAT number: VIES is not asked
    invoice = (await client.get(f"{SYNC}/licences/{licence['id']}/invoice", headers=partner)).json()
    assert (invoice["vat_rule"], invoice["vat_rate_bp"], invoice["vat_category"]) == (
        "dom_standard", 850, "S",
    )  # fmt: skip
    assert invoice["vat_cents"] == 150000 - round(150000 / 1.085)
    # Even at a Canadian checkout the line carries the invoice's 8.5 %.
    [line] = await _order_lines(order["id"])
    assert (line["vat_cents"], line["vat_rate_bp"]) == (invoice["vat_cents"], 850)
    me = (await client.get("/api/auth/me", headers=partner)).json()
    await page_log_in(client, me["email"])
    page = await client.get(f"/licences/synchro/{licence['id']}/facture.pdf")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("application/pdf")


async def test_a_mixed_carts_refunds_are_credited_licence_first_then_on_the_receipt(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any, vies: FakeVies
) -> None:
    """A sync licence (1 500 €, invoiced) and a download (8 €, on the receipt) in one order:
    each refund is credited once, by the licence's credit note up to its invoice, the rest by
    the receipt's credit note, never twice."""
    owner, work_id, _ = await _song(client)
    offer = await priced(client, owner, work_id)
    partner = await verified_organisation(client, container, await sign_up_and_log_in(client))
    buy = {"work_id": work_id, "tier": "advertising", "use": "Spot mixte"}
    licence = (await client.post(f"{SYNC}/licences", json=buy, headers=partner)).json()
    item = {"item_kind": "licensing.sync", "item_id": licence["id"]}
    assert (await client.post("/api/cart/items", json=item, headers=partner)).status_code == 201
    order = await pay_with_test_payment(client, partner, offer["id"])
    assert order["total_cents"] == 150800
    await deliver_events(broker, worker)
    receipts = DocumentRow.select().where(DocumentRow.order_id == order["id"])
    [receipt] = await receipts
    assert receipt["gross_cents"] == 800  # the licence's line is on its invoice, not here

    staff = await staff_headers(client, container)
    refunds = f"/api/orders/{order['id']}/refunds"
    for amount in (1000, 149800):
        answer = await client.post(refunds, json={"amount_cents": amount}, headers=staff)
        assert answer.status_code == 200, answer.text
        await deliver_events(broker, worker)
    invoice = (await client.get(f"{SYNC}/licences/{licence['id']}/invoice", headers=partner)).json()
    assert [n["gross_cents"] for n in invoice["credit_notes"]] == [1000, 149000]
    documents = await receipts.order_by(DocumentRow.issued_at)
    assert [(d["kind"], d["gross_cents"]) for d in documents] == [
        ("receipt", 800),
        ("credit_note", 800),
    ]
