"""A licence paid by bank transfer is a sale like any other for the rights holders: the
invoice's net is shared by the work's split sheet (Lakou's commission as for sales), each
holder's statement shows their share, the work joins the partner's library, and the
`licensing.invoice_paid` event told again changes nothing."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Any

from litestar.testing import AsyncTestClient

from infra.db.values import as_uuid
from infra.events.envelope import EventEnvelope
from infra.events.tables import OutboxMessage
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.licensing.invoicing.paid import share_fee
from marketplace.revenue.tables import LedgerEntryRow, SaleRow
from tests.helpers import deliver_events, staff_headers
from tests.integration.test_licensing_deals import _film_with_mandate, _partner
from tests.integration.test_licensing_paperwork import _quoted_and_accepted
from tests.licensing_paperwork import invoiced


def _statement_total(text: str) -> int:
    rows = list(csv.DictReader(io.StringIO(text)))
    return sum(round(float(row["amount_eur"]) * 100) for row in rows)


async def _ledger() -> list[dict[str, Any]]:
    return await LedgerEntryRow.select().order_by(LedgerEntryRow.id)


async def test_a_transfer_shares_the_fee_by_the_split_sheet_and_fills_the_library(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, holders = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = await _quoted_and_accepted(client, owner, partner, work_id)
    # A Martinican buyer: 8.5 % inside the 1 200 € price; the holders share the net.
    invoice = await invoiced(client, broker, worker, deal, owner, partner, {"country": "MQ"})
    net, vat = invoice["net_cents"], invoice["vat_cents"]
    library = await client.get("/api/library", headers=partner)
    assert work_id not in json.dumps(library.json())

    staff = await staff_headers(client, container)
    body = {"amount_cents": invoice["gross_cents"], "reference": "VIR 2026-12-07 MAPLE"}
    paid = await client.post(
        f"/api/staff/licensing/deals/{deal}/bank-transfer", json=body, headers=staff
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)

    entries = await _ledger()
    by_kind: dict[str, int] = {}
    for entry in entries:
        by_kind[entry["kind"]] = by_kind.get(entry["kind"], 0) + int(entry["amount_cents"])
    # Every cent of the invoice is allocated: its VAT, Lakou's commission, the holders.
    assert by_kind["vat"] == vat
    assert sum(by_kind.values()) == invoice["gross_cents"]
    assert by_kind.get("payment_fee", 0) == 0  # a transfer carries no card fee
    commission = container.settings.payment.commission_bp * net // 10_000
    assert by_kind["platform_commission"] == commission
    shares = {
        holder: _statement_total(
            (await client.get(f"/api/revenue/holders/{holder}/statement.csv", headers=owner)).text
        )
        for holder in holders
    }
    assert sum(shares.values()) == net - commission
    assert abs(shares[holders[0]] * 3 - shares[holders[1]] * 7) <= 10  # 70/30, to the cent
    # The creators' summary counts it as a sale of the film.
    sales = await SaleRow.select().where(SaleRow.work_id == as_uuid(work_id))
    assert [sale["gross_cents"] for sale in sales] == [invoice["gross_cents"]]

    library = await client.get("/api/library", headers=partner)
    assert work_id in json.dumps(library.json())

    # The event told again, under its own id or another, adds no cent.
    row = (
        await OutboxMessage.select()
        .where(OutboxMessage.event_type == "licensing.invoice_paid")
        .first()
    )
    assert row is not None
    event = EventEnvelope(
        as_uuid(row["id"]),
        row["event_type"],
        as_uuid(row["aggregate_id"]),
        row["payload"] if isinstance(row["payload"], dict) else json.loads(row["payload"]),
        row["occurred_at"],
    )
    assert event.payload["paid_via"] == "bank_transfer"
    ledger = container.revenue.ledger
    assert await share_fee(ledger, event) is False
    await share_fee(ledger, replace(event, id=new_id()))
    assert await _ledger() == entries
