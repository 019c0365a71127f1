"""A licence deal's paperwork through the API: the contract drawn by the worker once the quote
is accepted, accepted by both sides (name, time, IP, SHA-256), then the Factur-X invoice with
the VAT rule that applies; paid through the cart, the deliverables delivered by expiring,
counted links; or paid by a bank transfer staff record; or, unpaid past its due day, expired."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import facturx
import pypdf
from litestar.testing import AsyncTestClient
from lxml import etree

from accounts.audit.tables import AuditEntryRow
from accounts.domain import Principal, Role
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.licensing.contracts.service import ContractService, Signing
from marketplace.licensing.contracts.tables import ContractRow
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.deliverables.tables import DeliveryLinkRow
from marketplace.licensing.invoicing.facturx_xml import RAM
from marketplace.licensing.invoicing.service import InvoiceIssuer
from marketplace.licensing.invoicing.tables import InvoiceRow
from tests.helpers import CSRF_INPUT, PASSWORD, deliver_events, page_log_in, staff_headers
from tests.integration.test_licensing_deals import _ask, _film_with_mandate, _offer, _partner
from tests.licensing_paperwork import DEALS, accept_contract, drawn_contract, invoiced

CART = "/api/cart/items"
TRANSFERS = "/staff/licences/virements"


def _xml_totals(pdf: bytes) -> dict[str, list[str]]:
    _, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    root = etree.fromstring(xml)
    tags = ("TaxTotalAmount", "GrandTotalAmount", "CategoryCode", "ExemptionReason")
    return {tag: [n.text for n in root.iter(f"{{{RAM}}}{tag}")] for tag in tags}


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


async def _quoted_and_accepted(
    client: AsyncTestClient, owner: dict[str, str], partner: dict[str, str], work_id: str
) -> str:
    asked = await client.post(DEALS, json=_ask(work_id), headers=partner)
    assert asked.status_code == 201, asked.text
    deal = asked.json()["id"]
    items = {"items": [{"kind": "master", "label": "Master ProRes 4K"}, {"kind": "subtitles"}]}
    listed = await client.put(f"{DEALS}/{deal}/deliverables", json=items, headers=owner)
    assert listed.status_code == 200, listed.text
    bad = await client.put(
        f"{DEALS}/{deal}/deliverables", json={"items": [{"kind": "poster"}]}, headers=owner
    )
    assert bad.json()["error"]["code"] == "invalid_deliverable"
    assert (await client.post(f"{DEALS}/{deal}/offer", json=_offer(), headers=owner)).is_success
    assert (await client.post(f"{DEALS}/{deal}/accept", headers=partner)).is_success
    return str(deal)


async def test_both_sides_accept_the_contract_then_the_invoice_is_paid_and_delivered(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner, other = [await _partner(client, container) for _ in range(2)]
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    item = {"item_kind": "licensing.deal", "item_id": deal}
    # Before the contract is drawn and accepted, nothing to accept and nothing to pay.
    early = await client.get(f"{DEALS}/{deal}/contract", headers=partner)
    assert early.json()["error"]["code"] == "contract_not_ready"
    assert (await client.post(CART, json=item, headers=partner)).status_code >= 400

    contract = await drawn_contract(client, broker, worker, deal, partner)
    assert contract["kind"] == "distribution"
    assert contract["languages"] == ["fr"]
    # The rights side reads the same document; another partner does not see it.
    assert (await client.get(contract["url"], headers=owner)).status_code == 200
    assert (await client.get(contract["url"], headers=other)).status_code == 404
    assert (await client.get(f"{DEALS}/{deal}/contract", headers=other)).status_code == 404
    words = _text((await client.get(contract["url"], headers=partner)).content)
    for expected in ("Contrat de licence de distribution", "Canada", "200,00", "Master ProRes"):
        assert expected in words, expected

    sha = contract["sha256"]
    # Refused, changing nothing: an old document, a bad VAT number, a missing country.
    refused = {
        "contract_changed": {"sha256": "0" * 64, "billing": {"country": "CA"}},
        "invalid_vat_number": {"billing": {"country": "DE", "vat_number": "DE000000000"}},
        "invalid_country": {"billing": {"country": "ZZ"}},
    }
    for code, body in refused.items():
        answer = await client.post(
            f"{DEALS}/{deal}/contract/accept",
            json={"name": "Marie-Josée Ursulet", "sha256": sha, **body},
            headers=partner,
        )
        assert answer.status_code in (409, 422), answer.text
        assert answer.json()["error"]["code"] == code
    assert (await client.get(f"{DEALS}/{deal}/contract", headers=partner)).json()["partner"] is None
    stranger = await client.post(
        f"{DEALS}/{deal}/contract/accept",
        json={"name": "Someone Else", "sha256": sha, "billing": {"country": "CA"}},
        headers=other,
    )
    assert stranger.status_code == 404

    partner_side = await accept_contract(
        client, deal, partner, sha, billing={"country": "CA", "address": ["Montréal"]}
    )
    assert partner_side["partner"]["name"] == "Marie-Josée Ursulet"
    assert not partner_side["accepted_by_both"]
    again = await client.post(
        f"{DEALS}/{deal}/contract/accept",
        json={"name": "Marie-Josée Ursulet", "sha256": sha, "billing": {"country": "CA"}},
        headers=partner,
    )
    assert again.json()["error"]["code"] == "contract_already_accepted"
    # One side is not enough to pay.
    await deliver_events(broker, worker)
    assert (await client.post(CART, json=item, headers=partner)).status_code >= 400

    both = await accept_contract(client, deal, owner, sha)
    assert both["accepted_by_both"]
    row = await ContractRow.select().where(ContractRow.deal_id == deal).first()
    assert row["rights_sha256"] == row["partner_sha256"] == sha
    assert row["partner_ip"]  # the test client's address, recorded
    assert row["rights_at"] is not None

    await deliver_events(broker, worker)
    invoice = (await client.get(f"{DEALS}/{deal}/invoice", headers=partner)).json()
    # A Canadian distributor: outside the EU, no French VAT; Lakou invoices for the holder.
    assert invoice["vat_rule"] == "outside_eu"
    assert (invoice["net_cents"], invoice["vat_cents"], invoice["gross_cents"]) == (
        120000,
        0,
        120000,
    )
    assert invoice["issued_by"] == "lakou"
    assert invoice["number"].startswith("LK-")
    pdf = (await client.get(invoice["url"], headers=owner)).content
    totals = _xml_totals(pdf)
    assert totals["GrandTotalAmount"] == ["1200.00"]
    assert totals["TaxTotalAmount"] == ["0.00"]
    assert set(totals["CategoryCode"]) == {"G"}
    assert "art. 259-1" in _text(pdf)
    assert (await client.get(invoice["url"], headers=other)).status_code == 404

    # Paid through the cart; the invoice records it.
    assert (await client.post(CART, json=item, headers=partner)).status_code == 201
    order = (await client.post("/api/checkout", json={"country": "CA"}, headers=partner)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=partner,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "licensed"
    assert (await client.get(f"{DEALS}/{deal}/invoice", headers=partner)).json()[
        "paid_via"
    ] == "order"

    # Deliverables: each item of its own, through links that count and expire.
    items = (await client.get(f"{DEALS}/{deal}/deliverables", headers=partner)).json()
    master = next(i for i in items if i["kind"] == "master")
    subtitles = next(i for i in items if i["kind"] == "subtitles")
    links = f"{DEALS}/{deal}/deliverables/{master['id']}/links"
    waiting = await client.post(links, headers=partner)
    assert waiting.json()["error"]["code"] == "deliverable_not_uploaded"
    upload = await client.put(
        f"{DEALS}/{deal}/deliverables/{master['id']}/file",
        content=b"master-bytes",
        headers={**owner, "content-type": "video/quicktime"},
    )
    assert upload.status_code == 200, upload.text
    assert (await client.post(links, headers=other)).status_code == 404
    assert (await client.post(links, headers=owner)).status_code == 403
    link = (await client.post(links, headers=partner)).json()
    assert (await client.get(link["url"], headers=other)).status_code == 404
    for _ in range(link["max_downloads"]):
        got = await client.get(link["url"], headers=partner)
        assert got.status_code == 200
        assert got.content == b"master-bytes"
    used_up = await client.get(link["url"], headers=partner)
    assert (used_up.status_code, used_up.json()["error"]["code"]) == (410, "link_used_up")
    fresh = (await client.post(links, headers=partner)).json()
    await DeliveryLinkRow.update(
        {DeliveryLinkRow.expires_at: datetime.now(UTC) - timedelta(seconds=1)}
    ).where(DeliveryLinkRow.id == fresh["id"])
    expired = await client.get(fresh["url"], headers=partner)
    assert (expired.status_code, expired.json()["error"]["code"]) == (410, "link_expired")
    subtitle_link = f"{DEALS}/{deal}/deliverables/{subtitles['id']}/links"
    assert (await client.post(subtitle_link, headers=partner)).status_code == 409


async def test_staff_record_a_bank_transfer_instead_of_the_card(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    # A Martinican buyer: Martinique's 8.5 % VAT, inside the price.
    invoice = await invoiced(client, broker, worker, deal, owner, partner, {"country": "MQ"})
    assert (invoice["vat_rule"], invoice["vat_rate_bp"]) == ("dom_standard", 850)
    assert invoice["net_cents"] + invoice["vat_cents"] == invoice["gross_cents"] == 120000
    assert invoice["vat_cents"] == 9401

    url = f"/api/staff/licensing/deals/{deal}/bank-transfer"
    body = {"amount_cents": 120000, "reference": "VIR 2026-12-07 MAPLE"}
    assert (await client.post(url, json=body, headers=partner)).status_code == 403
    staff = await staff_headers(client, container)
    short = await client.post(url, json={**body, "amount_cents": 100000}, headers=staff)
    assert (short.status_code, short.json()["error"]["code"]) == (422, "amount_mismatch")
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "accepted"
    recorded = await client.post(url, json=body, headers=staff)
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["paid_via"] == "bank_transfer"
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "licensed"
    twice = await client.post(url, json=body, headers=staff)
    assert twice.json()["error"]["code"] == "already_paid"
    audited = await AuditEntryRow.select().where(
        AuditEntryRow.action == "licensing.bank_transfer_recorded"
    )
    assert len(audited) == 1


async def test_an_unpaid_deal_expires_past_its_due_day_and_frees_the_window(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner, other = [await _partner(client, container) for _ in range(2)]
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    await invoiced(client, broker, worker, deal, owner, partner, {"country": "CA"})
    issuer = container.services.get(InvoiceIssuer)
    assert await issuer.expire_overdue() == 0  # not due yet
    # The window is held: another partner cannot take it exclusively.
    held = await client.post(DEALS, json=_ask(work_id), headers=other)
    assert held.json()["error"]["code"] == "exclusive_conflict"
    await InvoiceRow.update({InvoiceRow.due_on: date.today() - timedelta(days=2)}).where(
        InvoiceRow.deal_id == deal
    )
    assert await issuer.expire_overdue() == 1
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "cancelled"
    item = {"item_kind": "licensing.deal", "item_id": deal}
    assert (await client.post(CART, json=item, headers=partner)).status_code >= 400
    free = await client.post(DEALS, json=_ask(work_id), headers=other)
    assert free.status_code == 201, free.text


async def test_a_contract_left_unaccepted_expires_like_an_unpaid_invoice(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    contract = await drawn_contract(client, broker, worker, deal, partner)
    await accept_contract(client, deal, partner, contract["sha256"], billing={"country": "CA"})
    issuer = container.services.get(InvoiceIssuer)
    assert await issuer.expire_overdue() == 0
    # The rights side never accepts: once the payment time has run from the drawing, the deal
    # ends and its window is free.
    await ContractRow.update({ContractRow.drawn_at: datetime.now(UTC) - timedelta(days=31)}).where(
        ContractRow.deal_id == deal
    )
    assert await issuer.expire_overdue() == 1
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "cancelled"
    late = await client.post(
        f"{DEALS}/{deal}/contract/accept",
        json={"name": "Man Ya", "sha256": contract["sha256"]},
        headers=owner,
    )
    assert late.json()["error"]["code"] == "deal_state"


async def test_both_sides_accepting_at_the_same_instant_open_payment_once(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal_id = await _quoted_and_accepted(client, owner, partner, work_id)
    contract = await drawn_contract(client, broker, worker, deal_id, partner)
    deal = await DealRepository().get(UUID(deal_id))
    assert deal is not None
    service = container.services.get(ContractService)

    def signing(details: dict[str, Any]) -> Signing:
        return Signing("Léa Bellay", contract["sha256"], "192.0.2.7", details)

    # Each acceptance is its own transaction (its own connection on PostgreSQL); the work's
    # rights lock orders them, so the second sees the first and only it opens payment.
    await asyncio.gather(
        service.accept(_principal(deal.partner_user_id), deal.id, signing({"country": "CA"})),
        service.accept(_principal(deal.rights_user_id), deal.id, signing({"by": "lakou"})),
    )
    opened = await OutboxMessage.select().where(
        (OutboxMessage.event_type == "licensing.contract_accepted")
        & (OutboxMessage.aggregate_id == deal.id)
    )
    assert len(opened) == 1
    both = (await client.get(f"{DEALS}/{deal_id}/contract", headers=owner)).json()
    assert both["accepted_by_both"]
    assert both["partner"]["name"] == both["rights"]["name"] == "Léa Bellay"


def _principal(user_id: UUID) -> Principal:
    return Principal(user_id, "someone@example.test", "Someone", Role.CREATOR)


async def test_staff_record_a_transfer_on_their_page(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    invoice = await invoiced(client, broker, worker, deal, owner, partner, {"country": "CA"})
    # Without a staff session, the page sends to the login (the matrix checks every role).
    refused = await client.get(TRANSFERS, headers=partner, follow_redirects=False)
    assert refused.status_code in (302, 303)
    assert refused.headers["location"].startswith("/connexion")

    email = f"staff-transfers-{deal[:8]}@example.test"
    await container.identity.create_user(email, PASSWORD, "Staff", Role.STAFF)
    await page_log_in(client, email)
    listed = await client.get(TRANSFERS)
    assert listed.status_code == 200
    assert invoice["number"] in listed.text
    csrf = CSRF_INPUT.search(listed.text)
    assert csrf
    form = {"amount": "1000", "reference": "VIR 42", "_csrf_token": csrf.group(1)}
    short = await client.post(f"{TRANSFERS}/{deal}", data=form)
    assert short.status_code == 422
    assert 'id="transfer-error"' in short.text
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "accepted"
    recorded = await client.post(
        f"{TRANSFERS}/{deal}", data={**form, "amount": "1 200,00"}, follow_redirects=False
    )
    assert recorded.status_code == 303, recorded.text
    after = await client.get(recorded.headers["location"])
    assert 'id="transfer-recorded"' in after.text
    assert invoice["number"] in after.text
    assert 'id="transfers-none"' in after.text
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "licensed"
