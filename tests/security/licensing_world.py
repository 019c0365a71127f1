"""The authorisation matrix's licensing: an exclusive SVOD mandate for North America on the
owner's published work, signed by the first holder of its split sheet, and the partner's deal
on it, quoted by the owner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from infra.db.engine import write_transaction
from infra.events.envelope import EventEnvelope
from infra.events.model import DomainEvent
from lakou.bootstrap import Container
from marketplace.licensing.contracts.repository import ContractRepository
from marketplace.licensing.contracts.service import ContractService
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.events import SYNC_LICENCE_PAID, SyncLicencePaid
from marketplace.licensing.invoicing.service import InvoiceIssuer
from marketplace.licensing.invoicing.vat_numbers import VatNumberCheck, ViesAnswer
from marketplace.licensing.sync.invoicing import SyncInvoicing
from marketplace.licensing.sync.repository import SyncRepository
from marketplace.orders.events import ORDER_REFUNDED, OrderRefunded
from tests.organisation_helpers import staff_principal

# The settlement of a payment by its id (the container's `settlement.settle`).
Settle = Callable[[str], Awaitable[Any]]

MANDATE = {
    "medium": "svod",
    "territory": "north_america",
    "starts_on": "2030-01-01",
    "ends_on": "2031-12-31",
    "exclusive": True,
}


async def _ok(
    client: AsyncTestClient, method: str, url: str, headers: Mapping[str, str], **extra: Any
) -> Any:
    response = await client.request(method, url, headers=dict(headers), **extra)
    assert response.is_success, f"{method} {url}: {response.status_code} {response.text}"
    return response.json()


async def mandate_on(client: AsyncTestClient, owner: Mapping[str, str], work_id: str) -> str:
    """A new mandate on the owner's work (signed by its sheet's first holder): its id."""
    sheet = await _ok(client, "GET", f"/api/works/{work_id}/splits", owner)
    body = {**MANDATE, "signatory_id": sheet["holders"][0]["holder_id"]}
    made = await _ok(client, "POST", f"/api/licensing/works/{work_id}/mandates", owner, json=body)
    return str(made["id"])


async def offered_deal(
    client: AsyncTestClient, owner: Mapping[str, str], partner: Mapping[str, str], work_id: str
) -> str:
    """A new non-exclusive SVOD deal for Canada (they never conflict), asked by the partner
    and quoted by the owner: its id."""
    asked = await _ok(
        client,
        "POST",
        "/api/licensing/deals",
        partner,
        json={
            "work_id": work_id,
            "medium": "svod",
            "territory": "CA",
            "starts_on": "2030-01-01",
            "ends_on": "2030-12-31",
        },
    )
    expires = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    offer = {"price_cents": 50000, "expires_at": expires}
    await _ok(client, "POST", f"/api/licensing/deals/{asked['id']}/offer", owner, json=offer)
    return str(asked["id"])


async def paid_sync_licence(
    client: AsyncTestClient, partner: Mapping[str, str], work_id: str, settle: Settle
) -> str:
    """A ready-made sync licence the partner bought on the owner's song and paid through the
    cart and the test payment, settled as the payments worker would (the matrix runs none):
    its id (its certificate exists)."""
    body = {"work_id": work_id, "tier": "personal_web", "use": "Matrice"}
    licence = await _ok(client, "POST", "/api/licensing/sync/licences", partner, json=body)
    item = {"item_kind": "licensing.sync", "item_id": licence["id"]}
    await _ok(client, "POST", "/api/cart/items", partner, json=item)
    order = await _ok(client, "POST", "/api/checkout", partner, json={"country": "CA"})
    payment = {"client_secret": order["payment"]["client_secret"], "outcome": "succeed"}
    await _ok(client, "POST", f"/api/orders/{order['id']}/test-payment", partner, json=payment)
    await settle(order["payment"]["id"])
    return str(licence["id"])


def _envelope(event: DomainEvent) -> EventEnvelope:
    return EventEnvelope(event.id, event.type, event.aggregate_id, event.payload, event.occurred_at)


async def credited_sync_licence(
    client: AsyncTestClient, container: Container, staff: Mapping[str, str], licence_id: str
) -> str:
    """The paid sync licence's invoice issued and a cent of it refunded with its credit note,
    as the worker would on its events (here by direct calls): the credit note's file name."""
    licence = await SyncRepository().get(UUID(licence_id))
    assert licence is not None
    assert licence.order_id is not None
    billing = container.services.get(SyncInvoicing)
    paid = SyncLicencePaid(licence_id=licence.id, order_id=licence.order_id, line_id=licence.id)
    await billing.on_paid(_envelope(SYNC_LICENCE_PAID.event(licence.id, paid)))
    refunds = f"/api/orders/{licence.order_id}/refunds"
    await _ok(client, "POST", refunds, staff, json={"amount_cents": 1})
    refunded = OrderRefunded(
        order_id=licence.order_id, refund_id="matrice:1", amount_cents=1,
        total_refunded_cents=1, total_cents=licence.terms.price_cents, full=False,
        currency="eur",
    )  # fmt: skip
    await billing.on_order_refunded(_envelope(ORDER_REFUNDED.event(licence.order_id, refunded)))
    [note] = (await billing.invoice(await staff_principal(container), licence.id))["credit_notes"]
    return f"{note['number']}.pdf"


async def advanced_deal(
    client: AsyncTestClient,
    container: Container,
    owner: Mapping[str, str],
    partner: Mapping[str, str],
    deal_id: str,
    *,
    invoiced: bool,
) -> dict[str, str]:
    """The offered deal accepted by the partner, its contract drawn (as the worker would, here
    by a direct call) and, if `invoiced`, accepted by both sides with its invoice issued."""
    await _ok(client, "POST", f"/api/licensing/deals/{deal_id}/accept", partner)
    deal = await DealRepository().get(UUID(deal_id))
    assert deal is not None
    contract = await container.services.get(ContractService).draw(deal)
    await ContractRepository().add(contract)
    if invoiced:
        accept = f"/api/licensing/deals/{deal_id}/contract/accept"
        body = {"name": "Matrice", "sha256": contract.sha256}
        await _ok(client, "POST", accept, partner, json={**body, "billing": {"country": "CA"}})
        await _ok(client, "POST", accept, owner, json=body)
        billing, invoicer = await ContractRepository().details(deal.id)
        unchecked = VatNumberCheck("", False, ViesAnswer.NOT_ASKED, "", datetime.now(UTC))
        async with write_transaction(container.engine):
            await container.services.get(InvoiceIssuer).issue(
                deal, billing, invoicer, unchecked, "fr", "Matrice"
            )
    return {"contract_sha256": contract.sha256}


async def matrix_licensing(
    client: AsyncTestClient,
    container: Container,
    owner: Mapping[str, str],
    partner: Mapping[str, str],
    staff: Mapping[str, str],
    work_id: str,
    settle: Settle,
) -> dict[str, str]:
    """The mandate, and the partner's deal taken through its paperwork: a master among its
    deliverables, its contract accepted by both, its invoice paid by a bank transfer, the
    master uploaded and a delivery link of the partner's, and a cent refunded with its credit
    note."""
    licence_id = await paid_sync_licence(client, partner, work_id, settle)
    mandate_id = await mandate_on(client, owner, work_id)
    deal_id = await offered_deal(client, owner, partner, work_id)
    items = {"items": [{"kind": "master", "label": "Master"}]}
    deals = "/api/licensing/deals"
    listed = await _ok(client, "PUT", f"{deals}/{deal_id}/deliverables", owner, json=items)
    await advanced_deal(client, container, owner, partner, deal_id, invoiced=True)
    transfer = {"amount_cents": 50000, "reference": "VIR MATRICE"}
    await _ok(
        client, "POST", f"/api/staff/licensing/deals/{deal_id}/bank-transfer", staff, json=transfer
    )
    master = f"{deals}/{deal_id}/deliverables/{listed[0]['id']}"
    await _ok(client, "PUT", f"{master}/file", owner, content=b"master")
    # A large master's upload in parts, staged (its rows send the one part and complete it).
    staged = await _ok(client, "POST", f"{master}/uploads", owner, json={"size": 6})
    link = await _ok(client, "POST", f"{master}/links", partner)
    # A cent sent back: the deal's credit note, for its download row.
    refund = {"amount_cents": 1, "reference": "RBT MATRICE"}
    note = await _ok(
        client, "POST", f"/api/staff/licensing/deals/{deal_id}/refund", staff, json=refund
    )
    return {
        "credit_note_number": f"{note['number']}.pdf",
        "mandate_id": mandate_id,
        "licensing_work_id": work_id,
        "deal_id": deal_id,
        "deliverable_id": str(listed[0]["id"]),
        "link_id": str(link["id"]),
        "delivery_upload_id": str(staged["id"]),
        # The deal page's form step the matrix posts: the partner's acceptance.
        "deal_action": "acceptation",
        "licence_id": licence_id,
        "sync_credit_note_number": await credited_sync_licence(
            client, container, staff, licence_id
        ),
    }
