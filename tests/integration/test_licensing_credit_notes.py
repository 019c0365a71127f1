"""Refunding a licence issues a Factur-X credit note (type 381, referencing the invoice) in the
invoice issuer's series, under the invoice's VAT rule; both sides download it, nobody else.
Transfer-paid licences are refunded by staff (part, then the rest: the licence and the library
entry go back, the ledger takes the holders' shares back); an order's refund gets its note
from `order.refunded`."""

from __future__ import annotations

import json
from typing import Any

import facturx
from litestar.testing import AsyncTestClient
from lxml import etree

from lakou.bootstrap import Container
from marketplace.licensing.invoicing.facturx_xml import RAM
from marketplace.licensing.invoicing.tables import InvoiceRow
from marketplace.revenue.tables import LedgerEntryRow
from tests.helpers import deliver_events, page_log_in, staff_headers
from tests.integration.test_licensing_deals import _film_with_mandate, _partner
from tests.integration.test_licensing_order_vat import _paid_by_card
from tests.integration.test_licensing_paperwork import _quoted_and_accepted
from tests.licensing_paperwork import DEALS, invoiced


def _xml(pdf: bytes) -> dict[str, list[str | None]]:
    _, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    root = etree.fromstring(xml)
    tags = ("TypeCode", "IssuerAssignedID", "GrandTotalAmount", "TaxTotalAmount", "CategoryCode")
    return {tag: [n.text for n in root.iter(f"{{{RAM}}}{tag}")] for tag in tags}


def _next_number(number: str) -> str:
    head, _, sequence = number.rpartition("-")
    return f"{head}-{int(sequence) + 1:0{len(sequence)}d}"


async def _ledger_total(deal_id: str) -> int:
    """Every ledger entry of the deal's invoice (a transfer's sale, its refunds' reversals)."""
    invoice = await InvoiceRow.select(InvoiceRow.id).where(InvoiceRow.deal_id == deal_id).first()
    rows = await LedgerEntryRow.select(LedgerEntryRow.amount_cents).where(
        LedgerEntryRow.order_id == f"invoice:{invoice['id']}"
    )
    return sum(int(row["amount_cents"]) for row in rows)


async def test_staff_refund_a_transfer_paid_licence_in_two_credit_notes(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner, other = [await _partner(client, container) for _ in range(2)]
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    invoice = await invoiced(client, broker, worker, deal, owner, partner, {"country": "MQ"})
    staff = await staff_headers(client, container)
    transfer = {"amount_cents": invoice["gross_cents"], "reference": "VIR MAPLE"}
    url = f"/api/staff/licensing/deals/{deal}"
    assert (await client.post(f"{url}/bank-transfer", json=transfer, headers=staff)).is_success
    await deliver_events(broker, worker)
    assert await _ledger_total(deal) == invoice["gross_cents"]

    # Refused, changing nothing: not staff, more than the invoice, no reference.
    part = {"amount_cents": 20000, "reference": "RBT 1"}
    assert (await client.post(f"{url}/refund", json=part, headers=partner)).status_code == 403
    too_much = {"amount_cents": invoice["gross_cents"] + 1, "reference": "RBT 0"}
    refused = await client.post(f"{url}/refund", json=too_much, headers=staff)
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "refund_too_large")
    blank = await client.post(f"{url}/refund", json={**part, "reference": " "}, headers=staff)
    assert blank.json()["error"]["code"] == "invalid_reference"
    assert (await client.get(f"{DEALS}/{deal}/credit-notes", headers=partner)).json() == []

    first = await client.post(f"{url}/refund", json=part, headers=staff)
    assert first.status_code == 201, first.text
    note = first.json()
    assert note["number"] == _next_number(invoice["number"])  # the issuer's series, no gap
    assert note["gross_cents"] == 20000
    assert note["net_cents"] + note["vat_cents"] == 20000
    assert note["vat_cents"] == round(20000 * invoice["vat_cents"] / invoice["gross_cents"])
    again = await client.post(f"{url}/refund", json=part, headers=staff)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_refunded")

    # Both sides read it; another partner does not even learn it exists.
    for side in (partner, owner):
        listed = await client.get(f"{DEALS}/{deal}/credit-notes", headers=side)
        assert [found["number"] for found in listed.json()] == [note["number"]]
        assert (await client.get(note["url"], headers=side)).status_code == 200
    assert (await client.get(f"{DEALS}/{deal}/credit-notes", headers=other)).status_code == 404
    assert (await client.get(note["url"], headers=other)).status_code == 404
    downloaded = await client.get(note["url"], headers=partner)
    assert downloaded.headers["content-type"] == "application/pdf", downloaded.text[:300]
    xml = _xml(downloaded.content)
    assert xml["TypeCode"][0] == "381"  # the document's; the others are the taxes'
    assert xml["IssuerAssignedID"] == [invoice["number"]]
    assert xml["GrandTotalAmount"] == ["200.00"]
    assert set(xml["CategoryCode"]) == {"S"}  # the invoice's rule: Martinique's 8.5 %
    # The deal page links it, for the partner in a browser.
    me = (await client.get("/api/auth/me", headers=partner)).json()
    await page_log_in(client, me["email"])
    page_link = f"/licences/{deal}/avoirs/{note['number']}.pdf"
    assert page_link in (await client.get(f"/licences/{deal}")).text
    from_page = await client.get(page_link)
    assert from_page.headers["content-type"] == "application/pdf"

    await deliver_events(broker, worker)
    assert await _ledger_total(deal) == invoice["gross_cents"] - 20000
    library = (await client.get("/api/library", headers=partner)).json()
    assert work_id in json.dumps(library)  # a part refund leaves the licence

    rest = {"amount_cents": invoice["gross_cents"] - 20000, "reference": "RBT 2"}
    second = await client.post(f"{url}/refund", json=rest, headers=staff)
    assert second.status_code == 201, second.text
    assert second.json()["number"] == _next_number(note["number"])
    await deliver_events(broker, worker)
    assert await _ledger_total(deal) == 0
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] != "licensed"
    library = (await client.get("/api/library", headers=partner)).json()
    assert work_id not in json.dumps(library)
    done = await client.post(f"{url}/refund", json={**part, "reference": "RBT 3"}, headers=staff)
    assert done.json()["error"]["code"] == "refund_too_large"


async def test_an_order_refund_of_a_licence_gets_its_credit_note(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    invoice = await invoiced(client, broker, worker, deal, owner, partner, {"country": "CA"})
    order = await _paid_by_card(client, partner, deal, "CA")
    await deliver_events(broker, worker)
    staff = await staff_headers(client, container)
    # Paid by its order: refunded through the order, not as a transfer.
    transfer_refund = await client.post(
        f"/api/staff/licensing/deals/{deal}/refund",
        json={"amount_cents": 100, "reference": "RBT"},
        headers=staff,
    )
    assert transfer_refund.json()["error"]["code"] == "not_refundable"
    refund = await client.post(
        f"/api/orders/{order['id']}/refunds", json={"amount_cents": 30000}, headers=staff
    )
    assert refund.status_code == 200, refund.text
    await deliver_events(broker, worker)
    await deliver_events(broker, worker)  # told twice: one note
    [note] = (await client.get(f"{DEALS}/{deal}/credit-notes", headers=owner)).json()
    assert (note["gross_cents"], note["vat_cents"]) == (30000, 0)  # outside the EU: no VAT
    xml = _xml((await client.get(note["url"], headers=owner)).content)
    assert xml["IssuerAssignedID"] == [invoice["number"]]
    assert set(xml["CategoryCode"]) == {"G"}
