"""The order that pays a licence deal charges what its invoice says: the invoice's total,
its VAT to the cent under its category (an EU business reverse-charged pays none, whatever the
consumer table says of the checkout country), no second receipt beside the invoice, and the
ledger shares the invoice's net."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.documents.tables import DocumentRow
from marketplace.orders.tables import OrderRow
from marketplace.revenue.tables import LedgerEntryRow
from tests.helpers import deliver_events
from tests.integration.test_licensing_deals import _accepted, _ask, _film_with_mandate, _partner
from tests.integration.test_licensing_invoice_vat import settings, vies
from tests.licensing_paperwork import invoiced

CART = "/api/cart/items"
__all__ = ["settings", "vies"]  # the VIES FAKE's fixtures, as the invoice VAT tests use them


async def _paid_by_card(
    client: AsyncTestClient, partner: dict[str, str], deal: str, country: str
) -> dict[str, Any]:
    item = {"item_kind": "licensing.deal", "item_id": deal}
    assert (await client.post(CART, json=item, headers=partner)).status_code == 201
    order = (await client.post("/api/checkout", json={"country": country}, headers=partner)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=partner,
    )
    assert paid.status_code == 200, paid.text
    return dict(order)


async def _order_lines(order_id: str) -> list[dict[str, Any]]:
    row = await OrderRow.select(OrderRow.lines).where(OrderRow.id == order_id).first()
    lines = row["lines"]
    return list(json.loads(lines) if isinstance(lines, str) else lines)


@pytest.mark.parametrize(
    ("billing", "checkout_country", "category"),
    [
        # Reverse-charged on the invoice; the cart's table would charge French VAT in Germany.
        ({"country": "DE", "vat_number": "DE 136 695 976", "address": ["Berlin"]}, "DE", "AE"),
        # Martinique's 8.5 % on the invoice; the table charges none at a Canadian checkout.
        ({"country": "MQ", "address": ["Fort-de-France"]}, "CA", "S"),
    ],
)
async def test_the_order_charges_the_invoice_vat_and_issues_no_second_receipt(
    client: AsyncTestClient,
    container: Container,
    broker: Any,
    worker: Any,
    billing: dict[str, Any],
    checkout_country: str,
    category: str,
) -> None:
    owner, work_id, holders = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _accepted(client, owner, partner, _ask(work_id, territory="US"))
    invoice = await invoiced(client, broker, worker, deal, owner, partner, billing)

    order = await _paid_by_card(client, partner, deal, checkout_country)
    await deliver_events(broker, worker)
    assert order["total_cents"] == invoice["gross_cents"]
    [line] = await _order_lines(order["id"])
    assert (line["vat_cents"], line["net_cents"], line["vat_rate_bp"]) == (
        invoice["vat_cents"],
        invoice["net_cents"],
        invoice["vat_rate_bp"],
    )
    assert (line["vat_category"], line["invoice_number"]) == (category, invoice["number"])
    # The Factur-X invoice is the document: no consumer receipt for this order.
    assert not await DocumentRow.exists().where(DocumentRow.order_id == order["id"])

    entries = await LedgerEntryRow.select().where(LedgerEntryRow.order_id == order["id"])
    vat = sum(int(e["amount_cents"]) for e in entries if e["kind"] == "vat")
    assert vat == invoice["vat_cents"]
    shared = sum(int(e["amount_cents"]) for e in entries if e["kind"] == "holder_share")
    taken = sum(
        int(e["amount_cents"])
        for e in entries
        if e["kind"] in ("platform_commission", "payment_fee")
    )
    assert shared + taken == invoice["net_cents"]
    assert {str(e["holder_id"]) for e in entries if e["kind"] == "holder_share"} == set(holders)
