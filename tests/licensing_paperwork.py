"""Helpers for the licence deals' paperwork tests: a deal taken to its drawn contract, both
sides' acceptance, the invoice issued."""

from __future__ import annotations

import hashlib
from typing import Any

from litestar.testing import AsyncTestClient

from tests.helpers import deliver_events

DEALS = "/api/licensing/deals"


async def drawn_contract(
    client: AsyncTestClient, broker: Any, worker: Any, deal: str, headers: dict[str, str]
) -> dict[str, Any]:
    """The contract once the worker drew it, and its PDF checked against its SHA-256."""
    await deliver_events(broker, worker)
    contract = await client.get(f"{DEALS}/{deal}/contract", headers=headers)
    assert contract.status_code == 200, contract.text
    pdf = await client.get(contract.json()["url"], headers=headers)
    assert pdf.status_code == 200
    assert hashlib.sha256(pdf.content).hexdigest() == contract.json()["sha256"]
    return dict(contract.json())


async def accept_contract(
    client: AsyncTestClient, deal: str, headers: dict[str, str], sha256: str, **body: Any
) -> dict[str, Any]:
    answer = await client.post(
        f"{DEALS}/{deal}/contract/accept",
        json={"name": "Marie-Josée Ursulet", "sha256": sha256, **body},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def invoiced(
    client: AsyncTestClient,
    broker: Any,
    worker: Any,
    deal: str,
    owner: dict[str, str],
    partner: dict[str, str],
    billing: dict[str, Any],
    invoicer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Both sides accept the drawn contract; the worker issues the invoice: its JSON."""
    contract = await drawn_contract(client, broker, worker, deal, partner)
    await accept_contract(client, deal, partner, contract["sha256"], billing=billing)
    extra = {"invoicer": invoicer} if invoicer else {}
    both = await accept_contract(client, deal, owner, contract["sha256"], **extra)
    assert both["accepted_by_both"]
    await deliver_events(broker, worker)
    invoice = await client.get(f"{DEALS}/{deal}/invoice", headers=partner)
    assert invoice.status_code == 200, invoice.text
    return dict(invoice.json())
